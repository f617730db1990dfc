"""The contract's checks run column-wise (data.validation) give pandera's verdict,
cell for cell, on hostile tables; and checking a file does not pay for pandera."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.columns import TABLES
from data.normalise import ERROR_COLUMNS, Normalised, empty_errors, normalise
from data.readers import ROW_COLUMN
from data.schemas import SCHEMAS
from data.validation import _plain_reason, _schema_errors, by_name

ROOT = Path(__file__).resolve().parent.parent

# Cells that pass, fail a bound, fail a list of allowed values, or are blank, for every kind.
CELLS = {
    "text": ["A", "B", " b ", "", "n/a", "Same"],
    "int": ["0", "1", "3", "5", "10", "300", "1001", "-2", "2101", "1899", "", "x"],
    "yesno": ["y", "n", "", "maybe"],
    "enum": [
        "categorical",
        "peds mgg",
        "bogus",
        "continued",
        "yes",
        "considered",
        "clear",
        "none",
        "helpful",
        "dream",
        "email",
        "well",
        "asked",
        "applied",
        "virtual",
        "",
    ],
    "date": ["2025-01-05", "05/01/2025", "2025-02-30", ""],
    "state": ["TX", "Texas", "XX", ""],
    "region": ["South", "Mars", ""],
    "division": ["Pacific", "Nowhere", ""],
    "url": ["https://a.org", "ftp://x", ""],
    "tags": ["cancer;metabolic", "odd", ""],
}


def pandera_errors(norm: Normalised, table: str) -> pd.DataFrame:
    """The reference: the pandera schema's failure cases, explained as validation explains them."""
    frame = norm.frame[[c.name for c in TABLES[table]] + [ROW_COLUMN]]
    if table == "programs":
        frame = frame[~frame["program_id"].duplicated(keep="first") | frame["program_id"].isna()]
    try:
        SCHEMAS[table].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        assert cases["index"].notna().all(), "a whole column failed its dtype"
        specs = by_name(table)
        records = [
            {
                "row": int(frame[ROW_COLUMN].loc[index]),
                "column": norm.headers.get(column, column),
                "value": "" if pd.isna(value) else str(value)[:80],
                "reason": _plain_reason(specs.get(column), str(check)),
            }
            for column, check, value, index in zip(cases["column"], cases["check"], cases["failure_case"], cases["index"], strict=True)
        ]
        found = pd.DataFrame(records, columns=ERROR_COLUMNS)
        parsed = set(zip(norm.errors["row"], norm.errors["column"], strict=True))
        found = found[[(r, c) not in parsed for r, c in zip(found["row"], found["column"], strict=True)]]
        if table == "programs":
            no_name = set(found.loc[found["column"] == norm.headers.get("program", "program"), "row"])
            found = found[~((found["column"] == "program_id") & found["row"].isin(no_name))]
        return found.reset_index(drop=True)
    return empty_errors()


def as_set(errors: pd.DataFrame) -> list[tuple]:
    return sorted(errors[ERROR_COLUMNS].itertuples(index=False, name=None), key=repr)


@st.composite
def tables(draw):
    table = draw(st.sampled_from(sorted(TABLES)))
    n = draw(st.integers(1, 12))
    columns = {}
    for spec in TABLES[table]:
        if not spec.required and draw(st.booleans()):
            continue
        if spec.name == "program_id":
            columns[spec.name] = draw(st.lists(st.sampled_from(["", "ID1", "ID2", "ID3"]), min_size=n, max_size=n))
        else:
            columns[spec.name] = draw(st.lists(st.sampled_from(CELLS[spec.kind]), min_size=n, max_size=n))
    raw = pd.DataFrame(columns, dtype="string")
    raw.insert(0, ROW_COLUMN, range(2, 2 + n))
    return table, raw


@settings(max_examples=60, deadline=None)
@given(tables())
def test_the_column_wise_checks_give_pandera_s_verdict(case):
    table, raw = case
    norm = normalise(raw, table)
    assert as_set(_schema_errors(norm, table)) == as_set(pandera_errors(norm, table))


def test_a_column_of_the_wrong_type_is_our_bug_not_the_user_s():
    norm = normalise(pd.DataFrame({ROW_COLUMN: [2], "program": ["A"], "state": ["TX"], "positions": ["3"]}), "programs")
    norm.frame["positions"] = norm.frame["positions"].astype("float64")
    with pytest.raises(RuntimeError, match="positions"):
        _schema_errors(norm, "programs")


def test_checking_a_csv_imports_neither_pandera_nor_openpyxl(tmp_path):
    # Both cost more than reading a large CSV; the check path needs neither.
    path = tmp_path / "p.csv"
    path.write_text("program,state,positions\nA,TX,3\nB,XX,2000\n", encoding="utf-8")
    code = (
        "import sys; sys.path.insert(0, sys.argv[2]); from data.validation import load_path; "
        "loaded = load_path(sys.argv[1]); print(len(loaded.errors), 'pandera' in sys.modules, 'openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), str(ROOT)], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2", "False", "False"]
