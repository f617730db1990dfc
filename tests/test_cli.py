"""cli.py check and rank, as a user runs them."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import CONTRACT_EXPORT_START

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_check_a_good_file():
    result = run("check", str(EXAMPLE / "programs.csv"))
    assert result.returncode == 0
    assert "44 valid programs, 0 rows rejected" in result.stdout


def test_check_lists_rejected_cells_and_still_exits_zero(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("program,state,website\nA,TX,https://a.example\nB,ZZ,javascript:alert(1)\n")
    result = run("check", str(bad))
    assert result.returncode == 0
    assert "1 valid programs, 1 rows rejected" in result.stdout
    assert "ZZ" in result.stdout and "javascript:alert(1)" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_check_lists_cells_that_could_not_be_read_apart_from_rejected_rows(tmp_path):
    sheet = tmp_path / "guide.tsv"
    sheet.write_text("Program name\tState\tStep 2 cutoff\tJ-1\nA\tIndiana\t220ish\tY\nB\tZZ\t230\tY\n")
    result = run("check", str(sheet))
    assert result.returncode == 0
    assert "1 valid programs (1 with cells that need a look, kept as written), 1 rows rejected" in result.stdout
    assert "Cells that need a look" in result.stdout and "220ish" in result.stdout and "ZZ" in result.stdout


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\x03binary", b"state\nTX\n"])
def test_check_an_unusable_file_exits_one_without_traceback(tmp_path, content):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = run("check", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_check_a_missing_file(tmp_path):
    result = run("check", str(tmp_path / "nope.csv"))
    assert result.returncode == 1 and "no file" in result.stderr


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet"])
def test_rank_with_the_guides_headers_writes_the_contract_columns(tmp_path, suffix):
    out = tmp_path / f"ranked.{suffix}"
    result = run(
        "rank",
        str(EXAMPLE / "guide_headers.csv"),
        "--profile",
        str(EXAMPLE / "profile.json"),
        "--weights",
        str(EXAMPLE / "weights.json"),
        "--as-of",
        "2026-11-22",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    ranked = {"csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"), "xlsx": pd.read_excel, "parquet": pd.read_parquet}[suffix](out)
    assert list(ranked.columns[:14]) == CONTRACT_EXPORT_START
    assert list(ranked["rank"]) == list(range(1, 13))
    assert "My ranking thoughts" in ranked.columns
    assert ranked["tier_reason"].notna().all() and ranked["explanation"].notna().all()
    assert "research_next" in ranked.columns and ranked["research_next"].fillna("").str.len().gt(0).any()


def test_rank_with_contacts_changes_responsiveness(tmp_path):
    programs = tmp_path / "p.csv"
    programs.write_text("program,program_id,state\nA,A1,TX\n")
    contacts = tmp_path / "c.csv"
    contacts.write_text("program_id,channel,sent_on,replied_on,reply_quality\nA1,email,2026-11-01,2026-11-03,helpful\n")
    out_without, out_with = tmp_path / "a.csv", tmp_path / "b.csv"
    assert run("rank", str(programs), "--as-of", "2026-11-22", "--out", str(out_without)).returncode == 0
    assert run("rank", str(programs), "--contacts", str(contacts), "--as-of", "2026-11-22", "--out", str(out_with)).returncode == 0
    a = pd.read_csv(out_without, encoding="utf-8-sig").iloc[0]
    b = pd.read_csv(out_with, encoding="utf-8-sig").iloc[0]
    assert (a["rubric_responsiveness"], a["rubric_responsiveness_max"]) == (0, 2)
    assert (b["rubric_responsiveness"], b["rubric_responsiveness_max"]) == (2, 2)


def test_rank_neutralises_formulas(tmp_path):
    programs = tmp_path / "p.csv"
    programs.write_text('program,state,notes\n"=HYPERLINK(""http://evil.example"")",TX,@SUM(1)\n')
    out = tmp_path / "r.csv"
    assert run("rank", str(programs), "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text


def test_rank_refuses_a_bad_profile(tmp_path):
    profile = tmp_path / "profile.json"
    profile.write_text('{"visa_need": "green card"}')
    result = run("rank", str(EXAMPLE / "programs.csv"), "--profile", str(profile), "--out", str(tmp_path / "r.csv"))
    assert result.returncode == 2 and "visa_need" in result.stderr


def test_a_sheet_named_for_a_csv_is_said_to_be_ignored(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("program,state\nA,TX\n")
    result = run("check", str(path), "--sheet", "Mine")
    assert result.returncode == 0 and "--sheet is for Excel workbooks" in result.stderr and "1 valid programs" in result.stdout
