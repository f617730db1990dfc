"""Validation's guard rails: a column normalising typed wrongly is our bug, reported as
such; checking a CSV does not pay for Excel support."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data.normalise import normalise
from data.readers import ROW_COLUMN
from data.validation import _schema_errors

ROOT = Path(__file__).resolve().parent.parent


def test_a_column_of_the_wrong_type_is_our_bug_not_the_user_s():
    norm = normalise(pd.DataFrame({ROW_COLUMN: [2], "program": ["A"], "state": ["TX"], "positions": ["3"]}), "programs")
    norm.frame["positions"] = norm.frame["positions"].astype("float64")
    with pytest.raises(RuntimeError, match="positions"):
        _schema_errors(norm, "programs")


def test_checking_a_csv_does_not_import_openpyxl(tmp_path):
    # Excel support costs more than reading a large CSV; the CSV path does not need it.
    path = tmp_path / "p.csv"
    path.write_text("program,state,positions\nA,TX,3\nB,XX,2000\n", encoding="utf-8")
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]); from data.validation import load_path; "
        "loaded = load_path(sys.argv[1]); print(len(loaded.errors), 'openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), str(ROOT)], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2", "False"]
