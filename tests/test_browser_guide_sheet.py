"""Issue 22's walk, in a real browser at 1280 px: a new applicant uploads the sheet the guide
teaches (its headers, Y/N marks, a lone state, a state with a ZIP, "220+", "none", "case by
case", and a Step 2 cutoff written "Step 2: ask", which cannot be read), every program loads
on the first try, the one flagged cell is fixed in place in the Programs grid, and the ranked
list downloaded keeps every one of the sheet's columns (under the contract's names where the
app reads them, under the user's own header where it does not). Screenshots of the Programs
page before and after the fix are left in the test's folder. Reuses tests/test_browser.py's browser."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd
from playwright.sync_api import expect

from tests.test_browser import ROOT, browser, download, go, running_app, upload_file, wait_idle  # noqa: F401 - pytest fixture, used by name

# The sheet as someone who read only the guide keeps it: step 2.1's columns, step 3.1's
# "J-1? Y/N" marks, step 3.3's "Pediatric focus" / "Adult focus" / "Cancer/genomics", step
# 5.1's comparison columns, a cutoff column of their own, and a column the app does not read.
# Each header with the column the ranked list holds it under.
COLUMNS = {
    "Program name": "program",
    "Institution": "institution",
    "City, state": "state",
    "Program type": "track",
    "Program website URL": "website",
    "J-1? Y/N": "j1",
    "H-1B? Y/N": "h1b",
    "IMG FAQ available? Y/N": "img_faq",
    "Step 2 cutoff": "min_step2_score",
    "IMGs present in last 5 years (Y/N)": "imgs_present_last_5y",
    "International schools represented": "international_schools",
    "Pediatric focus": "peds_emphasis",
    "Adult focus": "adult_emphasis",
    "Cancer/genomics": "Cancer/genomics",
    "Research time": "research_time",
    "Overall program interest for you (0–10)": "interest",
    "Notes": "notes",
    "My ranking thoughts": "My ranking thoughts",
}
# The rows as the sheet holds them, one program a line, cells between "|".
ROWS = [
    line.split("|")
    for line in (
        "Pediatrics-Medical Genetics|Ohio Children's Hospital|Columbus, OH|Pediatrics-Medical Genetics|https://ohio.example|Y|N|Y|220+"
        "|Y|Egypt, India|Y|N|N|moderate|8|Emailed the coordinator|top choice",
        "Pediatrics-Medical Genetics|Indiana University|Indiana|Pediatrics-Medical Genetics||Y|Y|N|Step 2: ask|N||Y|N|Y|limited|6||maybe",
        "Medical Genetics and Genomics|Baylor College of Medicine|Houston, TX 77030|Genetics-only|https://bcm.example|Y|case by case||none"
        "|Y|Brazil|N|Y|Y|extensive|9|strong cancer center|",
        "Internal Medicine-Medical Genetics|Cedar Hollow Health|Philadelphia, PA|Internal Medicine-Medical Genetics||N|N|||||N|Y|N||5||long shot",
    )
]
FLAGGED = "Step 2 cutoff"  # the cell "Step 2: ask"
FIXED = "230"


def write_sheet(path: Path) -> None:
    assert all(len(row) == len(COLUMNS) for row in ROWS)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(ROWS)


def grid_headers(page) -> list[str]:
    """The Programs grid's column headers, in the order shown (the grid's accessible table)."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.locator("[role='columnheader']").first.wait_for(state="attached", timeout=30_000)  # drawn after the run ends
    return [h.strip() for h in grid.locator("[role='columnheader']").all_inner_texts()]


def fix_cell(page, row: int, column: int, text: str, shot: Path) -> None:
    """Type text into the grid's cell at (row, column), counted from 0 as shown: the first
    (pinned) cell of the row is clicked, then the keyboard moves right to the column (the
    page is photographed there, to shot, before the cell is typed in)."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 40, box["y"] + 35 * (row + 1) + 17)
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shot), full_page=False)
    page.keyboard.press("Enter")  # open the cell's editor, then replace what it holds
    page.locator("textarea").last.wait_for(timeout=10_000)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text, delay=20)
    page.keyboard.press("Enter")
    wait_idle(page)


def test_a_new_applicant_loads_the_guides_sheet_fixes_the_flagged_cell_and_keeps_every_column(browser, tmp_path):  # noqa: F811 - fixture
    workspace = tmp_path / "workspace.sqlite"
    sheet = tmp_path / "my-programs.csv"
    write_sheet(sheet)
    sys.path.insert(0, str(ROOT))
    from data.store import Workspace
    from scoring.vocabulary.wording import column_words

    with running_app(workspace) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
        page.goto(base + "/")
        wait_idle(page)
        page.get_by_role("button", name="Start with my own programs").click()
        page.get_by_role("heading", name="Your profile").wait_for(timeout=60_000)
        wait_idle(page)

        # The upload: every program loads on the first try, one of them with a cell to look at.
        go(page, "Programs")
        upload_file(page, sheet)
        page.get_by_text("Programs that load whole").wait_for(timeout=60_000)
        wait_idle(page)
        metrics = dict(
            zip(
                page.locator("[data-testid='stMetricLabel']").all_inner_texts(),
                page.locator("[data-testid='stMetricValue']").all_inner_texts(),
                strict=True,
            )
        )
        assert metrics["Programs that load whole"] == "3" and metrics["Load with cells to look at"] == "1", metrics
        assert metrics["Rejected rows"] == "0", metrics
        page.get_by_text("Step 2: ask").first.wait_for(timeout=10_000)  # the cell, as written, in the preview
        page.get_by_role("button", name="Confirm and save").click()
        page.get_by_text("Saved: 4 new").wait_for(timeout=60_000)
        wait_idle(page)
        saved = Workspace(workspace).load_table("programs")
        assert len(saved) == 4

        # The flagged cell, listed above the grid and shown in it as written.
        page.get_by_text("1 cell needs a look").wait_for(timeout=30_000)
        page.get_by_role("switch", name="Show only these programs in the table").click(force=True)  # the grid keeps the one program
        wait_idle(page)
        page.get_by_text("1 cell needs a look").scroll_into_view_if_needed()
        # The grid shows the name, the institution and five scores, then the table's columns in
        # order (the id hidden); it draws only the columns in view, so the place is worked out.
        shown = ["program", "institution", "fit_score", "img_friendliness", "eligible", "tier", "known_share"]
        shown += [c for c in saved.columns if c not in shown and c not in ("program_id", "flagged_cells", "disagreements")]
        assert grid_headers(page)[: len(shown[:7])] == ["Program", "Institution", "Fit", "IMG-friendly", "Eligible", "Tier", "Known"]
        fix_cell(page, 0, shown.index("min_step2_score"), FIXED, tmp_path / "programs-flagged-before.png")
        assert column_words("min_step2_score") in grid_headers(page)  # the grid scrolled to the cell typed in
        page.get_by_text("You have unsaved changes in this table").wait_for(timeout=30_000)
        page.get_by_role("button", name="Save changes").click()
        page.get_by_text("Saved your edit to 1 program").wait_for(timeout=60_000)
        wait_idle(page)
        # Retried until the rerun after the save has redrawn the page (a loaded machine draws it late).
        expect(page.get_by_text("needs a look")).to_have_count(0, timeout=30_000)
        page.screenshot(path=str(tmp_path / "programs-flagged-after.png"), full_page=False)
        saved = Workspace(workspace).load_table("programs")
        indiana = saved[saved["state"] == "IN"].iloc[0]
        assert indiana["min_step2_score"] == int(FIXED)
        assert pd.isna(indiana.get("flagged_cells")) or str(indiana["flagged_cells"]).strip() in ("", "{}")

        # The ranked list keeps every column of the sheet, and every cell the user filled.
        go(page, "Rank list")
        download(page, "Ranked list (CSV)").save_as(tmp_path / "ranked-list.csv")
        ranked = pd.read_csv(tmp_path / "ranked-list.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        page.close()

    missing = [header for header, name in COLUMNS.items() if name not in ranked.columns]
    assert not missing, f"columns of the sheet the ranked list lost: {missing}"
    assert len(ranked) == 4 and "problems" not in ranked.columns  # nothing left to fix
    sheet_rows = pd.DataFrame(ROWS, columns=list(COLUMNS))
    at = ranked.set_index(ranked["institution"])
    for _, row in sheet_rows.iterrows():
        mine = at.loc[row["Institution"]]
        lost = [h for h, name in COLUMNS.items() if row[h].strip() and not str(mine[name]).strip() and h != FLAGGED]
        assert not lost, f"{row['Institution']}: cells filled in the sheet, blank in the ranked list: {lost}"
        assert mine["My ranking thoughts"] == row["My ranking thoughts"]
    assert at.loc["Indiana University", "min_step2_score"] == FIXED
    assert at.loc["Baylor College of Medicine", "min_step2_score"] == "none"
    assert at.loc["Ohio Children's Hospital", "peds_emphasis"] == "5" and at.loc["Ohio Children's Hospital", "adult_emphasis"] == "1"
