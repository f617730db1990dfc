"""Two specialties in a real browser: Medical Genetics and Pediatrics programs in one
workspace (names as the NRMP directory writes them, several called "Pediatrics"), plus
one of a specialty with no pack. Filters, tiers, the rank list, the final list and the
fees per ERAS specialty; the program with no pack is set aside, not scored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.test_browser import browser, choose, download, running_app, wait_idle  # noqa: F401 - pytest fixtures, used by name

PEDIATRICS = """program,institution,city,state,nrmp_code,track,j1,h1b,imgs_last_5y,research_time,strengths,childrens_hospital,community_support,img_info
Pediatrics,Riverside Children's Hospital,Toledo,OH,1234320C0,pediatrics,Y,no,6,limited,primary-care;community-health,Y,Y,clear
Pediatrics,St. Agnes Medical Center,Fresno,CA,2234320C0,,Y,considered,3,moderate,hospital-medicine,N,,limited
Pediatrics,Lakeview University Hospital,Madison,WI,3234320C0,,Y,,1,extensive,subspecialty-fellowships;research-track,Y,,
Pediatrics,Prairie Health System,Wichita,KS,5234320C0,pediatrics,Y,no,8,none,primary-care,N,Y,clear
Dermatology,Summit Skin Institute,Denver,CO,7234080C0,,Y,,,,,,,
"""


@pytest.fixture(scope="module")
def two_specialties(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from data import bundled
    from data.normalise import empty_table
    from data.store import Workspace
    from data.validation import load_path

    folder = tmp_path_factory.mktemp("specialties")
    sheet = folder / "pediatrics.csv"
    sheet.write_text(PEDIATRICS, encoding="utf-8")
    tables = bundled.example_tables()
    programs = pd.concat([tables["programs"], load_path(sheet, "programs").valid], ignore_index=True)
    ids = programs.set_index("institution")["program_id"]
    apps = empty_table("applications")
    interviewed = pd.DataFrame({"program_id": [ids["Riverside Children's Hospital"], programs["program_id"].iloc[0]], "status": "interviewed"})
    apps = pd.concat([apps, interviewed], ignore_index=True).astype(apps.dtypes.to_dict())
    settings = bundled.example_settings()
    settings["profile"] = {**settings["profile"], "specialties": ["medical-genetics", "pediatrics"], "focuses": {"pediatrics": "primary-care"}}
    workspace = folder / "workspace.sqlite"
    Workspace(workspace).save(tables={**tables, "programs": programs, "applications": apps}, settings=settings)
    with running_app(workspace) as base:
        yield base, workspace


def test_two_specialties_filters_tiers_rank_list_final_list_and_fees(two_specialties, browser):  # noqa: F811 - fixture
    base, _ = two_specialties
    page = browser.new_page(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page.goto(base + "/rank-list")
    page.get_by_role("heading", name="Rank list").wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_text(re.compile(r"1 program set aside: no specialty pack for them \(NRMP specialty 080: 1\)")).wait_for(timeout=30_000)
    # Fees per ERAS specialty, the count starting again in each.
    fees = page.get_by_text(re.compile(r"ERAS fees per specialty: .*Pediatrics programs: \$\d+ \(estimate, 2026 fees\)"))
    fees.wait_for(timeout=30_000)
    assert "Pediatrics/Medical Genetics program" in fees.inner_text()

    page.get_by_text("Filters").first.click()
    wait_idle(page)
    choose(page, "Specialty", "Pediatrics")
    page.keyboard.press("Escape")
    page.get_by_text(re.compile(r"Showing 4 of \d+ programs \(filters on\)")).wait_for(timeout=30_000)
    # The tiers of the Pediatrics programs are shown on the page's own metric.
    page.get_by_text("Dream / solid / safety").wait_for(timeout=30_000)

    page.goto(base + "/final-rank-list")
    page.get_by_role("heading", name="Final rank list").wait_for(timeout=60_000)
    wait_idle(page)
    assert not page.locator("[data-testid='stException']").count()
    final = pd.read_csv(download(page, "Final rank list (CSV)").path())  # a deferred file is made on the click
    # One final list across specialties, as the NRMP's rank order list is: a genetics and a Pediatrics program.
    assert len(final) == 2 and any("Pediatrics" in str(name) for name in final.iloc[:, 1])

    page.goto(base + "/applications")
    page.get_by_role("heading", name="How many programs to apply to").wait_for(timeout=60_000)
    wait_idle(page)
    # How sure the fee is, said once: by the source after the lines, not again in each line.
    advice = page.get_by_text(re.compile(r"Pediatrics programs: \$\d+.*\(estimate, 2026 figure")).first
    advice.wait_for(timeout=30_000)
    assert advice.inner_text().count("estimate") == 1
    page.get_by_text("What else an IMG pays").wait_for(timeout=30_000)
    page.close()
