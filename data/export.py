"""Files the user downloads: tables as CSV, Excel and Parquet, and the blank
template. Text that a spreadsheet would run as a formula is neutralised in
CSV and Excel, and read back as written by data.normalise."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from data.columns import DATE, ENUM, TABLES, YESNO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or isinstance(series.dtype, pd.StringDtype)


def neutralise(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Prefix an apostrophe to text cells a spreadsheet would treat as a formula.

    Only text columns (or the columns named) are touched: -5 in a number column is a number.
    """
    out = frame.copy()
    for column in columns if columns is not None else [c for c in out.columns if _is_text(out[c])]:
        text = out[column].astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False)
        if risky.any():
            out[column] = text.where(~risky, "'" + text)
    return out


def unneutralise(text: pd.Series) -> pd.Series:
    """Undo neutralise() on cells read back from our own exports."""
    ours = text.str.match(r"^'[=+\-@\t\r]").fillna(False)
    return text.where(~ours, text.str.slice(1))


def as_spreadsheet_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as a person would type them: yes/no, ISO dates, blanks for unknown."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series.dtype):
            out[column] = series.map({True: "yes", False: "no"}, na_action="ignore").astype("string")
        elif pd.api.types.is_datetime64_any_dtype(series.dtype):
            out[column] = series.dt.strftime("%Y-%m-%d").astype("string")
        else:
            out[column] = series.astype("string")
    return out


def _safe_text(frame: pd.DataFrame) -> pd.DataFrame:
    text_columns = [c for c in frame.columns if _is_text(frame[c])]
    return neutralise(as_spreadsheet_text(frame), text_columns)


def to_csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with a byte-order mark so Excel opens accents and symbols correctly.
    return _safe_text(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "programs") -> bytes:
    cells = _safe_text(frame).astype(object)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            # Numbers stay numbers in Excel; unknown stays an empty cell.
            cells[column] = series.astype(object).where(series.notna(), None)
    cells = cells.where(cells.notna(), None)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cells.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, index=False)
    return buffer.getvalue()


def by_extension(frame: pd.DataFrame, suffix: str, sheet: str = "programs") -> bytes:
    suffix = suffix.lower().lstrip(".")
    if suffix == "csv":
        return to_csv(frame)
    if suffix == "xlsx":
        return to_xlsx(frame, sheet)
    if suffix == "parquet":
        return to_parquet(frame)
    raise ValueError(f"Cannot write '.{suffix}' files; use .csv, .xlsx or .parquet.")


def template_csv(table: str = "programs") -> bytes:
    return (",".join(c.name for c in TABLES[table]) + "\r\n").encode("utf-8-sig")


def template_xlsx(table: str = "programs") -> bytes:
    """A blank sheet with a dropdown on every column that takes fixed values."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table
    for index, column in enumerate(TABLES[table], start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.comment = Comment(column.description, "Residency Scout")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.name) + 2)
        choices: tuple[str, ...] = ()
        if column.kind == YESNO:
            choices = ("yes", "no")
        elif column.kind == ENUM:
            choices = column.allowed
        if choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            rule.error = f"Choose one of: {', '.join(choices)} (or leave blank if unknown)."
            rule.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(rule)
        elif column.kind == DATE:
            sheet.cell(row=1, column=index).comment = Comment(column.description + " Format: YYYY-MM-DD.", "Residency Scout")
    sheet.freeze_panes = "A2"
    # Fixed document dates keep the bundled template byte-stable when regenerated.
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
