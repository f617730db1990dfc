"""Nothing cut off at 1280 px on the pages a new user meets first, in a real Chromium:
Start's link labels (a page link never wraps, it is clipped) and the Final rank list's
grid (a grid wider than the page hides its last columns)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pandas as pd
import pytest

from tests.test_browser import ROOT, browser, running_app, wait_idle  # noqa: F401 - browser is a fixture

CLIPPED_LINKS = """
() => [...document.querySelectorAll("[data-testid='stPageLink'] *")]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && e.innerText)
  .map(e => e.innerText)
"""
OVERFLOWING_GRIDS = """
() => [...document.querySelectorAll("[data-testid='stDataFrame'] .dvn-scroller")]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => [e.scrollWidth, e.clientWidth])
"""


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example's tables as the user's own (so Start shows every card) and four interviews."""
    sys.path.insert(0, str(ROOT))
    from data import bundled
    from data.normalise import empty_table
    from data.store import Workspace

    workspace = tmp_path_factory.mktemp("layout") / "workspace.sqlite"
    tables = bundled.example_tables()
    programs = tables["programs"]
    frame = empty_table("applications")
    rows = pd.DataFrame(
        {
            "program_id": programs["program_id"][:4],
            "program": programs["program"][:4],
            "status": ["interviewed", "interview-scheduled", "thank-you-sent", "applied"],
            "interview_on": pd.to_datetime(["2026-11-10", "2026-12-01", "2026-11-05", None]),
        }
    )
    applications = pd.concat([frame, rows], ignore_index=True).astype(frame.dtypes.to_dict())
    Workspace(workspace).save(tables={**tables, "applications": applications}, settings=bundled.example_settings())
    with running_app(workspace) as base:
        yield base


@pytest.mark.parametrize(("path", "marker"), [("/", "What to do next"), ("/final-rank-list", "Your order")])
def test_nothing_is_cut_off_at_1280(own_server, browser, path, marker):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(own_server + path)
    page.get_by_text(marker).first.wait_for(timeout=60_000)
    wait_idle(page)
    if path != "/":
        page.locator("[data-testid='stDataFrame'] .dvn-scroller").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2000)  # a grid sizes its columns after it is drawn
    assert page.evaluate(CLIPPED_LINKS) == []
    overflowing = page.evaluate(OVERFLOWING_GRIDS)
    if path == "/final-rank-list":
        # Its grid scrolls sideways: rank, institution and program are pinned, so what tells the
        # programs apart stays in view (tests/test_pages_season.py checks their widths).
        assert len(overflowing) <= 1 and all(width <= 1200 for width, _ in overflowing), overflowing
    else:
        assert overflowing == []
    page.close()
