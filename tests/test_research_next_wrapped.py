"""What to research next, on the Rank list: a grid cut each long sentence at its column's edge at
1280 px (read whole only on hover). The items listed wrap in a table instead, every one read whole,
user text made inert."""

from data.validation import load_bytes
from scripts import user_sheet
from tests.test_pages import open_app, seed


def test_what_to_research_next_wraps_every_sentence_whole(workspace_path):
    programs = load_bytes(user_sheet.to_csv(user_sheet.programs(30, seed=7)), "sheet.csv").valid
    programs.loc[0, "institution"] = "*Starred* <b>Hall</b>"  # user text, never Markdown or HTML
    seed(workspace_path, programs)
    at = open_app("app_pages/rank_list.py", example=False)
    assert not at.exception
    table = next(t.value for t in at.get("table") if "What to find out" in t.value.columns)
    assert 0 < len(table) <= 40
    assert list(table.columns) == ["Program", "What to find out", "Tier now", "Tiers it could reach", "Fit swing"]
    said = table["What to find out"].astype(str).str.replace("\\", "", regex=False)
    assert said.str.len().max() > 80  # long sentences are there, in full (no grid to cut them)
    assert not [d for d in at.dataframe if "todo" in d.value.columns]
    assert not table.isin(["None", "nan", "<NA>"]).any().any()
    starred = table["Program"].astype(str)[table["Program"].astype(str).str.contains("Starred")]
    assert len(starred) and starred.str.contains(r"\*Starred\* \<b\>", regex=False).all()  # escaped: shown as typed
