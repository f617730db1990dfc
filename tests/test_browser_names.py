"""Real-shaped names in a real browser at 1280 px: a workspace where 23 of 30 programs are
called "Pediatrics-Medical Genetics", mid-season. On the key pages no picker offers two
choices that read the same and no line names a shared name without its institution; the
files downloaded by clicking (final rank list, ranked list, season calendar, letter
summary) never list two programs the same way. And the applications grid's empty new row:
an Enter there (which takes the picker's first choice) adds no program the user did not choose. Reuses tests/test_browser.py's browser."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tests.test_browser import browser, running_app, wait_idle  # noqa: F401 - pytest fixture, used by name
from tests.test_names_everywhere import file_problems, loose_mentions, seed_season, shared_names, spellings


def choices(page, label: str) -> list[str]:
    """The options a picker offers, read from its open list."""
    for _ in range(3):  # a rerun that lands just after the click closes the list; open it again
        page.get_by_role("combobox", name=label, exact=True).first.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=10_000)
            break
        except Exception:
            wait_idle(page)
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    wait_idle(page)
    return [o.strip() for o in options]


def visible_lines(page) -> list[str]:
    return [line.strip() for line in page.locator("[data-testid='stMain']").inner_text().splitlines() if line.strip()]


def download(page, button: str, into: Path) -> tuple[str, bytes]:
    target = page.get_by_role("button", name=button, exact=True)
    target.wait_for(timeout=60_000)
    target.scroll_into_view_if_needed()
    for attempt in range(3):
        # A click that lands while a rerun redraws the button asks for the deferred file the rerun
        # replaced, and no file comes: click again once the page has settled (tests/test_browser.py).
        wait_idle(page)
        try:
            with page.expect_download(timeout=90_000) as done:
                target.click()
            break
        except Exception as exc:
            if attempt == 2:
                page.screenshot(path=str(into / "no-download.png"), full_page=True)
                raise AssertionError(f"{button!r} on {page.url} gave no file") from exc
    path = into / done.value.suggested_filename
    done.value.save_as(path)
    return done.value.suggested_filename, path.read_bytes()


def test_programs_never_read_the_same_in_the_browser(browser, tmp_path):  # noqa: F811 - fixture
    workspace = tmp_path / "workspace.sqlite"
    programs = seed_season(workspace)
    labels = spellings(programs)
    shared = shared_names(programs)
    problems: list[str] = []
    files: dict[str, bytes] = {}
    with running_app(workspace) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
        for path, pickers, buttons in (
            ("/final-rank-list", ["Move a program"], ["Final rank list (CSV)"]),
            ("/rank-list", [], ["Ranked list (CSV)"]),
            ("/applications", ["Application"], ["Calendar: interviews, deadlines, season dates (.ics)", "Applications (CSV)"]),
            ("/outreach", ["Program"], []),
            ("/letters", [], ["Download (.md)"]),
            ("/interview-prep", ["Program"], []),
        ):
            page.goto(base + path)
            wait_idle(page)
            for label in pickers:
                offered = choices(page, label)
                if len(offered) != len(set(offered)):
                    problems.append(f"{path}: {label} offers two choices that read the same")
                problems += [f"{path}: {label} offers {o!r}" for o in offered if loose_mentions(o, labels, shared)]
            lines = [line for line in visible_lines(page) if any(name in line for name in shared)]
            problems += [f"{path}: {line!r}" for line in lines if loose_mentions(line, labels, shared)]
            for button in buttons:
                name, content = download(page, button, tmp_path)
                files[name] = content
        page.close()
    for name, content in files.items():
        problems += file_problems(name, content, labels, shared)
    final = pd.read_csv(tmp_path / "final-rank-list.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert final["nrmp_code"].ne("").all() and not final[["program", "institution"]].duplicated().any()
    assert {"final-rank-list.csv", "ranked-list.csv", "season.ics", "applications.csv"} <= set(files), sorted(files)
    assert not problems, "\n".join(problems[:30])


def test_an_enter_in_the_grids_new_row_adds_nothing_unchosen(browser, tmp_path):  # noqa: F811 - fixture
    workspace = tmp_path / "workspace.sqlite"
    seed_season(workspace)
    from data.store import Workspace

    before = Workspace(workspace).load_table("applications")
    with running_app(workspace) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 1100})
        page.goto(base + "/applications")
        wait_idle(page)
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.move(box["x"] + 200, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 2000)  # down to the empty new row at the bottom
        page.wait_for_timeout(500)
        page.mouse.click(box["x"] + 200, box["y"] + box["height"] - 20)
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        page.keyboard.press("Escape")
        wait_idle(page)
        # The new row's picker opened on its first choice, and the Enter took it: it must not be a program.
        page.get_by_text("You have unsaved changes in this table").wait_for(timeout=30_000)
        page.get_by_role("button", name="Save applications").click()
        wait_idle(page)
        text = page.locator("[data-testid='stMain']").inner_text()
        page.close()
    after = Workspace(workspace).load_table("applications")
    assert "choose the program of row 11" in text, re.findall(r"Nothing was saved.*|Saved \d+ applications?", text)
    assert after.equals(before)  # nothing the user did not choose
