"""The Explore page's figures, built from plain dicts: what the user reads off them."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import pytest

from app_pages import charts
from scoring.decision.tiers import TIERS


def counts(rows: dict[str, dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows).T.reindex(columns=list(TIERS)).fillna(0).astype(int)


REGIONS = counts({"Northeast": {"dream": 2, "solid": 1}, "South": {"safety": 12}})
FOCUS = counts({"pediatric": {"dream": 1, "not-eligible": 3}})


@pytest.mark.parametrize(
    ("panels", "legend", "dticks"),
    [
        ([(REGIONS, "Region")], ["Dream", "Solid", "Safety"], [None]),
        ([(FOCUS, "Focus")], ["Dream", "Not eligible"], [1]),
        # A tier in both panels has one legend entry, which hides it in both.
        ([(REGIONS, "Region"), (FOCUS, "Focus")], ["Dream", "Solid", "Safety", "Not eligible"], [None, 1]),
    ],
)
def test_tier_bars_panels_legend_and_whole_ticks(panels, legend, dticks):
    figure = charts.tier_bars(panels)
    assert [t.name for t in figure.data if t.showlegend] == legend
    assert {t.legendgroup for t in figure.data} == {t for c, _ in panels for t in TIERS if c[t].sum()}
    for col, ((table, label), dtick) in enumerate(zip(panels, dticks, strict=True), start=1):
        suffix = "" if col == 1 else str(col)
        xaxis, yaxis = figure.layout[f"xaxis{suffix}"], figure.layout[f"yaxis{suffix}"]
        assert xaxis.title.text == label and yaxis.dtick == dtick and yaxis.tickformat == ",d"
        mine = [t for t in figure.data if t.xaxis == f"x{suffix}"]
        assert {t.yaxis for t in mine} == {f"y{suffix}"}
        assert sum(sum(t.y) for t in mine) == table.to_numpy().sum()  # every program counted, once per panel
    domains = [figure.layout[f"xaxis{'' if c == 1 else c}"].domain for c in range(1, len(panels) + 1)]
    assert domains[0][0] == 0 and domains[-1][1] == pytest.approx(1)
    assert all(a[1] < b[0] for a, b in pairwise(domains))  # side by side, not overlapping
