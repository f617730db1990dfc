"""Downloads: formula neutralisation, template, and export/re-import round trips."""

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from data import export
from data.columns import PROGRAM_COLUMNS
from data.validation import load_bytes
from tests.helpers import program_tables

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_cells_are_neutralised_in_csv_and_excel(text):
    frame = pd.DataFrame({"program": [text], "n": [-5]})
    csv_text = export.to_csv(frame).decode("utf-8-sig")
    assert csv_text.splitlines()[1].split(",")[0].strip('"').startswith("'")
    sheet = load_workbook(io.BytesIO(export.to_xlsx(frame))).active
    assert str(sheet["A2"].value).startswith("'")
    assert sheet["B2"].value == -5  # numbers stay numbers


def test_csv_has_a_byte_order_mark():
    assert export.to_csv(pd.DataFrame({"a": ["é"]})).startswith("\ufeff".encode("utf-8"))


def test_template_has_every_column_and_dropdowns():
    book = load_workbook(io.BytesIO(export.template_xlsx()))
    sheet = book.active
    assert [c.value for c in sheet[1]] == [c.name for c in PROGRAM_COLUMNS]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"yes,no"' in formulas and '"none,limited,clear"' in formulas


def test_bundled_template_files_match_the_builder():
    from data.bundled import EXAMPLE_DIR

    assert (EXAMPLE_DIR / "template.csv").read_bytes() == export.template_csv()
    header = [c.value for c in load_workbook(EXAMPLE_DIR / "template.xlsx").active[1]]
    assert header == [c.name for c in PROGRAM_COLUMNS]


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return export.as_spreadsheet_text(frame).fillna("").astype(str).reset_index(drop=True)


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s.strip() and s.lower() not in ("na", "n/a", "nan", "none given", "unknown", "?", "-", "--", "tbd", "<na>")
)


@given(program_tables(max_size=8), st.lists(names, min_size=8, max_size=8), st.sampled_from(["csv", "xlsx", "parquet"]))
def test_export_then_import_gives_the_same_programs(frame, program_names, fmt):
    frame = frame.assign(program=pd.Series(program_names[: len(frame)], dtype="string"))
    reloaded = load_bytes(export.by_extension(frame, fmt), f"x.{fmt}")
    assert reloaded.errors.empty, reloaded.errors
    pd.testing.assert_frame_equal(_comparable(reloaded.valid[frame.columns]), _comparable(frame))


@settings(max_examples=20)
@given(program_tables(max_size=8), st.sampled_from(["csv", "xlsx", "parquet"]))
def test_the_ranked_list_can_replace_the_users_own_sheet(frame, fmt):
    """Every input column and every extra column survives a ranked export and a re-import."""
    from data.settings import Profile, Weights
    from scoring.decision.ranking import ranked_list, score_programs
    from tests.helpers import AS_OF

    frame = frame.assign(**{"My thoughts": pd.Series([f"thought {i}" for i in range(len(frame))], dtype="string")})
    ranked = ranked_list(score_programs(frame, Profile(), Weights(), AS_OF), Profile(), Weights(), AS_OF)
    reloaded = load_bytes(export.by_extension(ranked, fmt), f"ranked.{fmt}")
    assert reloaded.errors.empty, reloaded.errors
    back = reloaded.valid.set_index("program_id").loc[frame["program_id"]].reset_index()
    pd.testing.assert_frame_equal(_comparable(back[frame.columns]), _comparable(frame))
