"""cli.py season and rank --applications, as a user runs them."""

import json

import pandas as pd

from tests.test_cli import EXAMPLE, run

APPS = (
    "program_id,program,status,applied_on,interview_on,interview_format,deadline,thank_you_on,thriving,vision,supported\n"
    "EX1300,,interviewed,2026-09-24,2026-11-10,virtual,,,5,4,5\n"
    "EX1301,,considering,,,,2026-11-01,,,,\n"
    "EX1302,,interview-scheduled,2026-09-24,2026-11-25,in-person,,,,,\n"
    "EX1303,,withdrawn,2026-09-24,,,,,,,\n"
)


def test_season_prints_overdue_and_due(tmp_path):
    apps = tmp_path / "apps.csv"
    apps.write_text(APPS)
    result = run("season", str(apps), "--programs", str(EXAMPLE / "programs.csv"), "--as-of", "2026-11-22")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("4 applications (considering: 1, interview scheduled: 1, interviewed: 1, withdrawn: 1), as of 2026-11-22.")
    assert "Overdue (2):" in out and "2026-11-01  The application deadline passed without an application — Brightwater" in out
    assert "2026-11-12  Send a thank-you note — Aldermoor" in out
    assert "Due in the next 7 days (1):\n  2026-11-25  Interview — Cedar Hollow" in out
    assert "NRMP rank order list deadline: 2027-02-24 (estimate)" in out


def test_season_dates_can_be_overridden(tmp_path):
    apps, dates = tmp_path / "apps.csv", tmp_path / "dates.json"
    apps.write_text(APPS)
    dates.write_text(json.dumps({"rank_list_deadline": "2026-11-24"}))
    result = run("season", str(apps), "--as-of", "2026-11-22", "--season-dates", str(dates))
    assert result.returncode == 0, result.stderr
    assert "2026-11-24  NRMP rank order list deadline" in result.stdout
    assert "Send a thank-you note — EX1300" in result.stdout  # without --programs the id stands in for the name


def test_season_with_bad_rows_and_an_unreadable_file(tmp_path):
    apps = tmp_path / "apps.csv"
    apps.write_text(APPS + "EX1304,,sent,,,,,,,,\n")
    result = run("season", str(apps), "--as-of", "2026-11-22")
    assert result.returncode == 0 and "1 rows were rejected" in result.stdout
    missing = run("season", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr and missing.stderr.strip()
    check = run("check", str(apps), "--table", "applications")
    assert check.returncode == 0 and "sent" in check.stdout


def test_rank_with_applications_adds_status_and_reflection(tmp_path):
    apps, out = tmp_path / "apps.csv", tmp_path / "ranked.csv"
    apps.write_text(APPS)
    result = run(
        "rank",
        str(EXAMPLE / "programs.csv"),
        "--profile",
        str(EXAMPLE / "profile.json"),
        "--applications",
        str(apps),
        "--as-of",
        "2026-11-22",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    ranked = pd.read_csv(out).set_index("program_id")
    assert ranked.loc["EX1300", "application_status"] == "interviewed"
    assert ranked.loc["EX1300", "reflection"] == "92%"  # (4 + 3 + 4) / 12 of the way from all 1s to all 5s
    assert ranked.loc["EX1302", "reflection"] == "unknown"
    assert pd.isna(ranked.loc["EX1304", "application_status"])


def test_a_weighted_reflection_moves_the_fit_in_rank(tmp_path):
    apps, weights = tmp_path / "apps.csv", tmp_path / "weights.json"
    apps.write_text(APPS)
    weights.write_text(json.dumps({"reflection": 10}))
    outs = {}
    for name, extra in (("without", []), ("with", ["--weights", str(weights)])):
        out = tmp_path / f"{name}.csv"
        result = run("rank", str(EXAMPLE / "programs.csv"), "--applications", str(apps), "--as-of", "2026-11-22", "--out", str(out), *extra)
        assert result.returncode == 0, result.stderr
        outs[name] = pd.read_csv(out).set_index("program_id")
    assert outs["with"].loc["EX1300", "factor_reflection"] == 0.917
    assert outs["with"].loc["EX1302", "factor_reflection"] == 0.5  # not interviewed yet: unknown 0–1, counted at the middle (the default)
    share = outs["with"].loc["EX1300", "fit_score"] - outs["without"].loc["EX1300", "fit_score"] * 30 / 40
    assert share > 20  # weight 10 of 40 on a 92% reflection
