"""What a rerun may redo: settings saves never re-read tables, and the Rank
list's cached work is keyed on the tables' revision, not on every save."""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data import bundled
from data.store import StaleWorkspace, Workspace

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_a_settings_save_keeps_the_tables_revision(tmp_path):
    ws = Workspace(tmp_path / "w.sqlite")
    first = ws.save(tables=bundled.example_tables(), settings={"weights": {"focus": 1}})
    tables_revision = ws.tables_revision()
    second = ws.save(settings={"weights": {"focus": 2}}, expected_revision=first)
    assert second == first + 1 == ws.revision()
    assert ws.tables_revision() == tables_revision
    ws.save(tables={"letters": bundled.example_tables()["letters"]}, expected_revision=second)
    assert ws.tables_revision() > tables_revision


def test_a_second_window_is_still_refused_after_a_settings_save(tmp_path):
    ws = Workspace(tmp_path / "w.sqlite")
    opened = ws.save(tables=bundled.example_tables())
    ws.save(settings={"weights": {"focus": 2}}, expected_revision=opened)  # the other tab
    with pytest.raises(StaleWorkspace):
        ws.save(tables={"letters": bundled.example_tables()["letters"]}, expected_revision=opened)
    with pytest.raises(StaleWorkspace):
        ws.save(settings={"weights": {"focus": 3}}, expected_revision=opened)


def test_an_old_workspace_without_a_tables_revision_still_loads(tmp_path):
    ws = Workspace(tmp_path / "w.sqlite")
    ws.save(tables=bundled.example_tables())
    import sqlite3

    with sqlite3.connect(ws.path) as conn:
        conn.execute("DELETE FROM meta WHERE key='tables_revision'")
    assert ws.tables_revision() == 0
    ws.save(settings={"weights": {"focus": 2}})
    assert ws.tables_revision() == 0
    ws.save(tables={"letters": bundled.example_tables()["letters"]})
    assert ws.tables_revision() == ws.revision()


@pytest.fixture
def counted(monkeypatch):
    """Count table reads and the Rank list's slow functions (AppTest runs in this process)."""
    calls = {"load_table": 0, "research_next": 0, "stability": 0}

    def wrap(owner, name, key):
        original = getattr(owner, name)

        def counting(*args, **kwargs):
            calls[key] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)

    import app_pages.rank_data

    wrap(Workspace, "load_table", "load_table")
    # rank_data holds the Rank list's cached functions and imported these by name.
    wrap(app_pages.rank_data, "research_next", "research_next")
    wrap(app_pages.rank_data, "stability", "stability")
    return calls


def test_a_weight_change_reads_no_table_and_keeps_earlier_results(workspace_path, counted):
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=bundled.example_settings())
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/rank_list.py").run()
    assert not at.exception, at.exception
    assert counted["research_next"] == counted["stability"] == 1
    reads = counted["load_table"]
    before = at.slider(key="w_interest").value
    at.slider(key="w_interest").set_value(before + 1).run()
    assert not at.exception, at.exception
    assert Workspace(workspace_path).load_setting("weights")["interest"] == before + 1  # saved
    assert counted["load_table"] == reads  # no table re-read for a settings save
    assert counted["research_next"] == counted["stability"] == 2
    at.slider(key="w_interest").set_value(before).run()  # back: the first results are still cached
    at.switch_page("app_pages/explore.py").run()
    at.switch_page("app_pages/rank_list.py").run()
    assert not at.exception, at.exception
    assert counted["load_table"] == reads
    assert counted["research_next"] == counted["stability"] == 2


def test_the_cached_full_export_gives_the_filtered_export():
    """The Rank list builds ranked_list once for every program and picks the shown
    rows from it: that must equal ranked_list on the shown (filtered) rows."""
    from data.settings import Profile, Weights
    from scoring.decision.ranking import apply_manual_order, ranked_list, score_programs
    from scoring.decision.research_next import research_next
    from scoring.decision.stability import stability
    from tests.helpers import AS_OF

    tables, settings = bundled.example_tables(), bundled.example_settings()
    profile, weights = Profile.from_dict(settings["profile"]), Weights.from_dict(settings["weights"])
    scored = score_programs(tables["programs"], profile, weights, AS_OF, tables["contacts"]).sort_values("rank").reset_index(drop=True)
    todo = research_next(scored, tables["programs"], profile, weights, AS_OF, tables["contacts"])
    stable = stability(scored, weights, profile.thresholds, draws=50).set_index("program_id")
    order = list(scored["program_id"].iloc[::-1][:5])
    ordered = apply_manual_order(scored, order)
    shown = ordered[ordered["state"].isin(["CA", "TX", "NY", "MA", "OH", "PA"]) | ordered["program_id"].isin(order[:2])].join(stable, on="program_id")
    assert 0 < len(shown) < len(ordered)
    every_row = ranked_list(ordered, profile, weights, AS_OF, todo)
    picked = every_row[every_row["program_id"].isin(shown["program_id"])].reset_index(drop=True).join(stable, on="program_id")
    # ranked_list keeps the user's own columns, not ones joined on later (stability): the page joins those itself.
    pd.testing.assert_frame_equal(picked, ranked_list(shown, profile, weights, AS_OF, todo).join(stable, on="program_id"))


def test_explores_kept_figures_follow_weights_and_filters(workspace_path, monkeypatch):
    """The overview's figures are kept per scores and filters: a page switch reuses them, and
    a change to what the chart shows (a weight, a filter; the profile with its tier thresholds is
    part of the key as the weights are) draws it anew."""
    import json

    import app_pages.charts

    built = {"n": 0}
    original = app_pages.charts.friendliness_vs_fit

    def counting(*args, **kwargs):
        built["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(app_pages.charts, "friendliness_vs_fit", counting)
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=bundled.example_settings())
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/explore.py").run()

    def scatter():
        return json.loads(next(c for c in at.get("plotly_chart") if "Scatter chart" in c.proto.alt).proto.spec)

    def tiers_drawn():
        return [t["name"] for t in scatter()["data"] if t.get("mode") == "markers"]

    first = scatter()
    assert built["n"] == 1 and len(tiers_drawn()) > 1
    at.switch_page("app_pages/rank_list.py").run()
    at.switch_page("app_pages/explore.py").run()
    assert built["n"] == 1 and scatter() == first  # kept across a page switch
    at.slider(key="w_interest").set_value(at.slider(key="w_interest").value + 2).run()
    assert built["n"] == 2 and scatter() != first  # a weight moves the goal fit
    at.multiselect(key="f_tiers").set_value(["dream"]).run()
    assert built["n"] == 3 and tiers_drawn() == ["Dream"]  # a filter leaves the dream tier only
    assert not at.exception, at.exception
