"""The season in a real browser: one program goes applied → invited → interview
scheduled → interviewed → reflection, and lands on the final rank list in the
user's order, with the 10-year vision on the way. Reuses tests/test_browser.py's
server and browser (never skipped)."""

from __future__ import annotations

import re
import sys

import pandas as pd

from tests.test_browser import ROOT, browser, choose, download, server, wait_idle  # noqa: F401 - pytest fixtures, used by name

ALDERMOOR = "Aldermoor University (MA) — Medical Genetics and Genomics"  # as every page names it: the example's names are shared, as the directory's are
BRIGHTWATER = "Brightwater Medical Center (NY) — Pediatrics-Medical Genetics"
VISION = "In ten years I lead a metabolic genetics clinic and teach residents."


def shown(text: str) -> re.Pattern[str]:
    # Messages go through text.md, which puts an invisible word joiner between a word and
    # a colon (so no "name:" reads as a link scheme): match around it.
    return re.compile(re.escape(text).replace(":", "\u2060?:"))


def record(page, status: str, expect: str) -> None:
    choose(page, "New status", status)
    page.get_by_role("button", name="Record").click()
    page.get_by_text(shown(expect)).wait_for(timeout=60_000)
    wait_idle(page)


def test_applied_invited_interviewed_reflected_and_ranked(server, browser, tmp_path):  # noqa: F811 - fixtures
    base, workspace = server
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)

    page.goto(base + "/profile")
    wait_idle(page)
    vision = page.get_by_label("Three to five sentences", exact=False)
    vision.fill(VISION)
    vision.press("Tab")  # a text area saves when it loses focus
    wait_idle(page)

    page.goto(base + "/applications")
    page.get_by_role("heading", name="How many programs to apply to").wait_for(timeout=60_000)
    wait_idle(page)
    for name in (ALDERMOOR, BRIGHTWATER):
        choose(page, "Add programs from your list", name)
        page.keyboard.press("Escape")
        wait_idle(page)
    choose(page, "As", "Applied")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Added 2 programs.").wait_for(timeout=60_000)
    wait_idle(page)

    choose(page, "Application", ALDERMOOR)
    record(page, "Invited", f"{ALDERMOOR}: invited.")
    record(page, "Interview scheduled", f"{ALDERMOOR}: interview scheduled.")
    record(page, "Interviewed", f"{ALDERMOOR}: interviewed.")

    page.get_by_text(VISION).first.wait_for(timeout=30_000)  # the vision beside the reflection
    choose(page, "Program", ALDERMOOR)  # the example's own interviews are listed too
    groups = page.get_by_test_id("stButtonGroup")
    for i, rating in enumerate(["5", "4", "5"]):
        groups.nth(i).get_by_text(rating, exact=True).click()
        wait_idle(page)
    page.get_by_role("button", name="Save the reflection").click()
    page.get_by_text(shown(f"Reflection saved for {ALDERMOOR}: 92%.")).wait_for(timeout=60_000)
    wait_idle(page)

    page.get_by_role("link", name="Final rank list", exact=True).click()
    page.get_by_role("button", name="Final rank list (CSV)").wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_text(VISION).first.wait_for(timeout=10_000)
    page.get_by_text(re.compile("ha(s|ve) not interviewed you yet")).first.wait_for(timeout=10_000)  # Brightwater: applied only (and the example's own)
    choose(page, "Move a program", ALDERMOOR)
    position = page.get_by_label("to position")
    position.fill("2")
    position.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Move", exact=True).click()
    wait_idle(page)
    got = download(page, "Final rank list (CSV)")  # a deferred file is made on the click
    final = pd.read_csv(got.path(), encoding="utf-8-sig", keep_default_na=False)
    page.screenshot(path=str(tmp_path / "final.png"))
    page.close()

    # The example's own season is on the list too; the file names each program with its institution.
    ours = final[final["institution"].isin(["Aldermoor University", "Brightwater Medical Center"])]
    assert final.loc[final["institution"] == "Aldermoor University", "rank"].item() == 2  # moved to position 2
    assert dict(zip(ours["institution"], ours["reflection"], strict=True)) == {"Aldermoor University": "92%", "Brightwater Medical Center": "unknown"}
    assert final["rank"].tolist() == list(range(1, len(final) + 1))

    sys.path.insert(0, str(ROOT))
    from data.store import Workspace

    ws = Workspace(workspace)
    apps = ws.load_table("applications").set_index("program_id")  # saved under the program's own name, found by id
    assert apps.loc["EX1300", "status"] == "interviewed"
    assert (apps.loc["EX1300", "thriving"], apps.loc["EX1300", "vision"], apps.loc["EX1300", "supported"]) == (5, 4, 5)
    assert apps.loc["EX1301", "status"] == "applied"
    assert ws.load_setting("profile")["vision"] == VISION
