"""The Rank list page through AppTest: one list in rank order, the by-tier view,
what is known about each program, and reordering by hand."""

import numpy as np
import pandas as pd
import pytest

from data.store import Workspace
from scoring.vocabulary.wording import program_labels
from tests.test_pages import editor_key, open_app


def main_table(at) -> pd.DataFrame:
    tables = [d.value for d in at.dataframe if "tier_reason" in d.value.columns]
    assert len(tables) == 1
    # The table gives the place its own column; joined back, a shared name reads as its full label.
    table = tables[0].copy()
    joined = table["institution"] + " — " + table["program"]
    table["program"] = joined.where(table["program"].duplicated(keep=False), table["program"])
    return table


def open_reorder(at) -> None:
    """Open "Reorder by hand": it draws its widgets only when open."""
    at.session_state["order_open"] = True
    at.run()


def order_key(at) -> str:
    return editor_key(at, "order_")


def test_one_list_in_rank_order_with_the_tier_as_a_column(workspace_path):
    at = open_app("app_pages/rank_list.py")
    table = main_table(at)
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    assert "tier" in table.columns and table["tier"].nunique() > 1


def test_the_by_tier_view_says_ranks_are_overall(workspace_path):
    at = open_app("app_pages/rank_list.py")
    at.segmented_control(key="rank_view").set_value("By tier").run()
    assert not at.exception
    tables = [d.value for d in at.dataframe if "tier_reason" in d.value.columns]
    assert len(tables) > 1
    assert any("overall" in c.value for c in at.caption)


def test_known_share_and_fit_range_are_shown(workspace_path):
    at = open_app("app_pages/rank_list.py")
    table = main_table(at)
    assert "fit_range" in table.columns and table["fit_range"].str.contains("–").any()
    # A range holds the fit score shown beside it, whatever the rounding; a point is that score rounded.
    bounds = table["fit_range"].str.split("–", expand=True).ffill(axis=1).astype(float)
    ranged = table["fit_range"].str.contains("–")
    assert (bounds[0] <= table["fit_score"])[ranged].all() and (table["fit_score"] <= bounds[1])[ranged].all()
    assert ((bounds[0] - table["fit_score"]).abs() <= 0.5)[~ranged].all()
    if "known_share" in table.columns:  # the scoring branch adds known_share; sortable as a number
        assert pd.api.types.is_float_dtype(table["known_share"]) and table["known_share"].between(0, 100).all()  # whole percents


def test_typing_one_puts_the_program_first(workspace_path):
    at = open_app("app_pages/rank_list.py")
    before = list(main_table(at)["program"])
    open_reorder(at)
    at.session_state[order_key(at)] = {"edited_rows": {4: {"position": 1}}, "added_rows": [], "deleted_rows": []}
    at.button(key="order_save").click().run()
    assert not at.exception
    after = list(main_table(at)["program"])
    assert after[0] == before[4] and after[1:5] == before[:4] and after[5:] == before[5:]
    captions = " ".join(c.value for c in at.caption)
    assert "Your own order is applied" in captions and "not placed" not in captions


def test_move_up_and_down(workspace_path):
    at = open_app("app_pages/rank_list.py")
    before = list(main_table(at)["program"])
    pid = {label: pid for pid, label in program_labels(Workspace(workspace_path).load_table("programs")).items()}[before[2]]  # shown by label
    open_reorder(at)
    at.selectbox(key="order_pick").set_value(pid).run()
    at.button(key="order_up").click().run()
    assert not at.exception
    after = list(main_table(at)["program"])
    assert after[:3] == [before[0], before[2], before[1]] and after[3:] == before[3:]
    assert Workspace(workspace_path).load_setting("manual_order")["order"][1] == pid
    assert [m.value.replace("\\", "") for m in at.success] == [f"Moved up and saved: {before[2]}."]  # said where the button is
    at.button(key="order_down").click().run()
    at.button(key="order_down").click().run()
    assert list(main_table(at)["program"])[3] == before[2]


def test_the_caption_counts_programs_not_placed(workspace_path):
    open_app()  # the example is saved on first launch
    ids = Workspace(workspace_path).load_table("programs")["program_id"].tolist()
    Workspace(workspace_path).save(settings={"manual_order": {"order": ids[:-1]}})
    at = open_app("app_pages/rank_list.py")
    captions = " ".join(c.value for c in at.caption)
    assert "1 program you have not placed follows in score order" in captions


def test_reorder_by_hand_draws_nothing_until_opened(workspace_path):
    # A closed expander must not send a second table of every program on each rerun.
    at = open_app("app_pages/rank_list.py")
    assert not [k for k in at.session_state if str(k).startswith("order_pick")]
    assert len(at.selectbox) == 0 or all(s.key != "order_pick" for s in at.selectbox)
    open_reorder(at)
    assert any(s.key == "order_pick" for s in at.selectbox)


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [(19.5, 83.2, "19–84"), (19.4, 82.6, "19–83"), (66.6, 66.6, "67"), (20.0, 20.4, "20–21"), (0.0, 100.0, "0–100")],
)
def test_the_fit_range_is_rounded_outward(low, high, shown):
    from scoring.vocabulary.wording import fit_range_text

    assert fit_range_text(np.array([low]), np.array([high]))[0] == shown
