"""The applications table is read, validated, stored and backed up like the others."""

import io
import zipfile

import pandas as pd
import pytest

from data.bundle import export_bundle, import_bundle, read_bundle
from data.export import template_csv
from data.normalise import empty_table
from data.store import TABLE_NAMES, Workspace
from data.validation import load_bytes

CSV = (
    "Program ID,Program,Status,Applied on,Interview on,Interview format,Deadline,Thriving,Vision,Supported,Thriving note\n"
    "EX1300,,Applied,2026-09-24,,,2026-10-15,,,,\n"
    ",Fernbrook Medical Genetics,Interview scheduled,2026-09-24,2026-12-02,in person,,,,,\n"
    "EX1302,,interviewed,2026-09-24,2026-11-10,Video,,4,5,3,Warm team\n"
)


def test_an_applications_file_is_read_with_synonyms():
    loaded = load_bytes(CSV.encode(), "apps.csv", "applications")
    assert loaded.errors.empty, loaded.errors
    frame = loaded.valid
    assert frame["status"].tolist() == ["applied", "interview-scheduled", "interviewed"]
    assert frame["interview_format"].tolist()[1:] == ["in-person", "virtual"]
    assert frame["thriving"].dtype == "Int64" and frame.loc[2, "thriving"] == 4
    assert str(frame["interview_on"].dtype).startswith("datetime64")


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [
        ("EX1,,applied,,,,,7,,,", "Thriving", "7"),
        ("EX1,,sent,,,,,,,,", "Status", "sent"),
        (",,applied,,,,,,,,", "program_id", ""),
        ("EX1,,applied,2026-13-40,,,,,,,", "Applied on", "2026-13-40"),
    ],
)
def test_a_bad_cell_names_row_column_and_value(row, column, value):
    content = CSV.splitlines()[0] + "\n" + row + "\n"
    loaded = load_bytes(content.encode(), "apps.csv", "applications")
    assert loaded.valid.empty
    error = loaded.errors.iloc[0]
    assert (error["row"], error["column"], str(error["value"])) == (2, column, value)


def test_an_empty_workspace_has_an_empty_typed_applications_table(tmp_path):
    assert "applications" in TABLE_NAMES
    frame = Workspace(tmp_path / "w.sqlite").load_table("applications")
    assert frame.empty and frame["thriving"].dtype == "Int64"
    assert b"status" in template_csv("applications")


def test_backup_carries_applications_and_season_settings(tmp_path):
    source = Workspace(tmp_path / "a.sqlite")
    apps = load_bytes(CSV.encode(), "apps.csv", "applications").valid
    source.save(tables={"applications": apps}, settings={"season_dates": {"match_day": "2027-03-20"}, "final_order": {"order": ["EX1302"]}})
    target = Workspace(tmp_path / "b.sqlite")
    import_bundle(target, export_bundle(source))
    pd.testing.assert_frame_equal(target.load_table("applications"), source.load_table("applications"))
    assert target.load_setting("final_order") == {"order": ["EX1302"]}
    assert target.load_setting("season_dates") == {"match_day": "2027-03-20"}


def test_a_backup_made_before_applications_existed_still_opens(tmp_path):
    good = export_bundle(Workspace(tmp_path / "w.sqlite"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            if item.filename != "applications.parquet":
                dst.writestr(item, src.read(item))
    tables, _ = read_bundle(buffer.getvalue())
    assert tables["applications"].empty
    pd.testing.assert_frame_equal(tables["applications"], empty_table("applications"))


def test_one_row_per_program():
    content = CSV + "EX1300,,considering,,,,,,,,\n"
    loaded = load_bytes(content.encode(), "apps.csv", "applications")
    error = loaded.errors.iloc[0]
    assert (error["row"], error["column"], error["value"]) == (5, "program", "EX1300")
    assert "row 2" in error["reason"]
