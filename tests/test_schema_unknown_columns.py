"""Validation leaves out the columns unknown in every cell (data/validation._schema_errors):
pandera finds the same failures with them as without them, whatever the sheet holds."""

import pandas as pd
import pandera.pandas as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from data.columns import TABLES
from data.normalise import normalise
from data.schemas import SCHEMAS
from data.validation import _repeated_ids, _schema_errors

# Columns a sheet may give, each with values good, bad (for the schema: out of range, not
# allowed) and blank; every other column of the contract is left unknown.
CELLS = {
    "Program name": ["Pediatrics-Medical Genetics", "Medical Genetics and Genomics", ""],
    "State": ["IN", "Texas", ""],
    "Research time": ["moderate", "lots", "", "none"],
    "Interest": ["7", "11", "", "-1"],
    "Step 2 cutoff": ["220", "none", "99999", ""],
    "Clarity": ["1", "5", ""],
    "Track": ["peds", "Peds/MGG", "weird", ""],
    "Notes": ["far", ""],
    "J-1": ["Y", "N", ""],
}


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> set:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return {(c, str(k), str(v), i) for c, k, v, i in zip(cases["column"], cases["check"], cases["failure_case"], cases["index"], strict=True)}
    return set()


sheets = (
    st.lists(st.sampled_from(list(CELLS)), min_size=1, unique=True)
    .flatmap(lambda headers: st.tuples(st.just(["Program name", "State", *[h for h in headers if h not in ("Program name", "State")]]), st.integers(1, 6)))
    .flatmap(lambda hs: st.tuples(st.just(hs[0]), st.lists(st.tuples(*[st.sampled_from(CELLS[h]) for h in hs[0]]), min_size=hs[1], max_size=hs[1])))
)


@settings(max_examples=60, deadline=None)
@given(sheets)
def test_leaving_out_columns_unknown_in_every_cell_finds_the_same_failures(sheet):
    headers, rows = sheet
    raw = pd.DataFrame([list(r) for r in rows], columns=headers, dtype="string")
    raw.insert(0, "_row", range(2, 2 + len(raw)))
    norm = normalise(raw, "programs")
    frame = norm.frame[[c.name for c in TABLES["programs"]] + ["_row"]]
    repeated = _repeated_ids(norm, "programs")
    frame = frame[~(repeated & frame["program_id"].notna().to_numpy())]
    schema = SCHEMAS["programs"].to_schema()
    unknown = [n for n, col in schema.columns.items() if col.nullable and not frame[n].notna().any()]
    assert _failures(schema, frame) == _failures(schema.remove_columns(unknown), frame.drop(columns=unknown))
    _schema_errors(norm, "programs")  # and the check itself runs on the sheet


def test_a_refused_value_is_still_refused_beside_unknown_columns():
    raw = pd.DataFrame({"Program name": ["A", "B"], "State": ["IN", "TX"], "Interest": ["11", "7"], "Research time": ["lots", ""]}, dtype="string")
    raw.insert(0, "_row", [2, 3])
    errors = _schema_errors(normalise(raw, "programs"), "programs")
    assert sorted(zip(errors["row"], errors["column"], errors["value"], strict=True)) == [(2, "Interest", "11"), (2, "Research time", "lots")]


def test_a_program_listed_twice_with_its_nrmp_code_blank_is_read_as_without_the_column():
    # A blank code compared with an id was NA, and `if` on it raised (the largest-workbook test).
    from data.validation import validate

    rows = {"Program name": ["A", "A", "B"], "Institution": ["X", "X", "Y"], "State": ["IN", "IN", "TX"]}

    def sheet(columns):
        frame = pd.DataFrame(columns, dtype="string")
        frame.insert(0, "_row", [2, 3, 4])
        return frame

    plain = validate(sheet(rows), "programs")
    coded = validate(sheet({**rows, "NRMP Code": ["", "", "1234765C0"]}), "programs")
    assert len(coded.valid) == len(plain.valid)
    assert coded.errors[["row", "reason"]].reset_index(drop=True).equals(plain.errors[["row", "reason"]].reset_index(drop=True))
