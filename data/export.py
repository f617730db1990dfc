"""Files the user downloads: tables as CSV, Excel and Parquet, and the blank
template.

Text a spreadsheet would run as a formula (starting =, +, -, @, tab or CR, at the
start of a cell or after any line break inside it) gets an apostrophe in CSV and
Excel, headers included, and data.normalise takes it off when our files come back.
CSV quotes every cell, so a line break inside a cell can never start a new row.
Parquet is written as is, headers too: no spreadsheet runs formulas from it.

What each format cannot hold: Excel (like Word) is XML, which has no place for
control characters other than tab, LF and CR; they become U+FFFD.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import datetime
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from data import flags
from data.columns import DATE, ENUM, TABLES, YESNO

# Cutoffs whose "the program states none" is held as a value of its own (Column.none_value):
# every file writes it back as `none`, the word the user typed.
NONE_VALUES = {
    c.name: (pd.Timestamp(c.none_value) if c.kind == DATE else c.none_value)
    for c in TABLES["programs"]
    if c.none_value is not None and not isinstance(c.none_value, bool)
}

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Every character Python's str.splitlines() breaks on: spreadsheets differ in which they
# honour inside a cell, so text after any of them is treated as the start of a line.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Where an apostrophe goes: the start of the cell or of a line, before text that would be a
# formula, or before apostrophes that precede one (so that unneutralise() is exact). After a
# line break a CR is one more line break, not the start of a formula.
_RISKY = re.compile(f"^(?='*[=+\\-@\t\r])|(?<=[{LINE_BREAKS}])(?='*[=+\\-@\t])")
_OURS = re.compile(f"^'(?='*[=+\\-@\t\r])|(?<=[{LINE_BREAKS}])'(?='*[=+\\-@\t])")
# Characters XML 1.0 (so .xlsx and .docx) cannot hold.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _is_text(series: pd.Series) -> bool:
    if isinstance(series.dtype, pd.CategoricalDtype):  # text held once per distinct value
        return _is_text(pd.Series(series.dtype.categories))
    return series.dtype == object or isinstance(series.dtype, pd.StringDtype)


def neutralise_text(text: str) -> str:
    return _RISKY.sub("'", text)


def xml_text(text: str) -> str:
    """Text an XML file format can hold: control characters become U+FFFD."""
    return NOT_XML.sub("\ufffd", text)


def neutralise(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Prefix an apostrophe to every line of a text cell a spreadsheet would treat as a formula,
    and to headers alike.

    Only text columns (or the columns named) are touched: -5 in a number column is a number.
    """
    out = frame.copy()
    chosen = set(columns) if columns is not None else None
    for position, column in enumerate(out.columns):
        series = out.iloc[:, position]
        if (chosen is None and _is_text(series)) or (chosen is not None and column in chosen):
            out.isetitem(position, series.astype("string").str.replace(_RISKY, "'", regex=True).array)
    out.columns = [neutralise_text(str(c)) for c in out.columns]
    return out


def unneutralise(text: pd.Series) -> pd.Series:
    """Undo neutralise() on cells read back from our own exports."""
    return text.str.replace(_OURS, "", regex=True)


def _states_none(series: pd.Series, name: object) -> np.ndarray | None:
    """Where a cutoff column holds its `none` value (None for any other column)."""
    if not isinstance(name, str) or name not in NONE_VALUES:
        return None
    try:
        said = (series == NONE_VALUES[name]).to_numpy(dtype=bool, na_value=False)
    except (TypeError, ValueError):  # a column of another type under this name
        return None
    return said if said.any() else None


def _text_array(series: pd.Series, name: object = None) -> pa.Array:
    """One column's cells as text, unknown as null: yes/no, ISO dates, numbers as written,
    and `none` where a cutoff states none."""
    said = _states_none(series, name)
    if said is not None:
        return pc.if_else(pa.array(said), "none", _text_array(series))
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        flags = pa.array(series.astype("boolean"), type=pa.bool_())
        return pc.if_else(flags, "yes", "no")
    if pd.api.types.is_datetime64_any_dtype(dtype):
        # Formatted once per distinct date: a long column repeats a few hundred.
        codes, distinct = pd.factorize(series)
        written = pa.array(pd.Series(distinct).dt.strftime("%Y-%m-%d").astype("string"), type=pa.large_string())
        return written.take(pa.array(codes, mask=codes < 0))
    if pd.api.types.is_numeric_dtype(dtype):
        # Arrow formats numbers column-wise: 90.0 is written 90, as a person would type it.
        return _numbers_text(pa.array(series, from_pandas=True))
    return pa.array(series.astype("string"), type=pa.large_string())


def _numbers_text(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Arrow's text of each number, formatted once per distinct value (a long column of
    scores repeats a few hundred). Floats are told apart by their bits, so 0.0 and -0.0
    keep their own text; unknown stays null."""
    text = pa.large_string()
    if len(values) < 1024 or not (pa.types.is_integer(values.type) or pa.types.is_floating(values.type)):
        return pc.cast(values, text)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    raw = values.to_numpy(zero_copy_only=False)
    if pa.types.is_floating(values.type):
        raw = np.nan_to_num(raw, nan=0.0) if values.null_count else raw  # nulls read as NaN; their text is dropped below
        distinct, which = np.unique(raw.view(f"i{raw.itemsize}"), return_inverse=True)
        written = pc.cast(pa.array(distinct.view(raw.dtype), type=values.type), text).take(which)
        return pc.if_else(values.is_valid(), written, pa.scalar(None, text)) if values.null_count else written
    encoded = pc.dictionary_encode(values)
    return pc.cast(encoded.dictionary, text).take(encoded.indices)


def _text_columns(frame: pd.DataFrame) -> list[pa.Array]:
    # By position, so that repeated headers survive.
    return [_text_array(frame.iloc[:, position], frame.columns[position]) for position in range(frame.shape[1])]


def cells_as_written(frame: pd.DataFrame, label: Mapping[str, str] | None = None) -> pd.DataFrame:
    """What a download holds: each flagged cell as written (its column becomes text), a
    `problems` column naming each one, and no hidden flags column. A file without flags
    is returned as it is."""
    if flags.FLAGS not in frame:
        return frame
    mask = flags.flagged_rows(frame)
    out = frame.drop(columns=flags.FLAGS)
    if not mask.any():
        return out
    flagged = np.flatnonzero(mask.to_numpy())
    touched: dict[str, list[tuple[int, str]]] = {}
    for position, cell in zip(flagged.tolist(), frame[flags.FLAGS].to_numpy(dtype=object)[flagged], strict=True):
        for name, flag in flags.decode(cell).items():
            touched.setdefault(name, []).append((position, flag["value"]))
    for name, cells in touched.items():
        if name not in out.columns:
            continue
        at = out.columns.get_loc(name)
        if not isinstance(at, int):
            continue
        text = as_spreadsheet_text(out.iloc[:, [at]]).iloc[:, 0].astype(object)
        values = np.array(text.where(text.notna(), None).to_numpy(dtype=object), dtype=object)  # a writable copy
        rows, written = zip(*cells, strict=True)
        values[list(rows)] = list(written)
        out.isetitem(at, pd.array(values, dtype="string"))
    name = flags.PROBLEMS
    while name in out.columns:
        name += " (Residency Scout)"
    out[name] = flags.problems_text(frame, label)
    return out


def as_spreadsheet_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as a person would type them: yes/no, ISO dates, blanks for unknown."""
    arrays = _text_columns(frame)
    if not arrays:
        return pd.DataFrame(index=frame.index)
    dtype = pd.StringDtype("pyarrow")
    out = pd.concat([pd.Series(pd.array(a, dtype=dtype), index=frame.index) for a in arrays], axis=1, ignore_index=True)
    out.columns = frame.columns
    return out


# Cells _RISKY could touch, in a pattern Arrow's RE2 engine runs column-wise (RE2 has no
# lookaround): only these few go through Python's regex.
_MAYBE_RISKY = f"^'*[=+\\-@\t\r]|[{LINE_BREAKS}]'*[=+\\-@\t]"


# The bytes a cell must hold for _MAYBE_RISKY to match it: a first byte that could start a
# formula (or its apostrophes), or anywhere a byte of a line break (UTF-8: \x85 is C2 85,
# U+2028/9 are E2 80 A8/A9). Cells with neither are passed over without the regex.
_START_BYTES = np.zeros(256, dtype=bool)
_START_BYTES[list(b"'=+-@\t\r")] = True
_BREAK_BYTES = np.zeros(256, dtype=bool)
_BREAK_BYTES[[*LINE_BREAKS[:7].encode(), 0x85, 0xA8, 0xA9]] = True


def _could_be_risky(text: pa.Array) -> np.ndarray:
    """A superset of the cells _MAYBE_RISKY matches, read from the array's bytes by numpy."""
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)) or len(text) == 0:
        return np.ones(len(text), dtype=bool)
    _, offsets_buffer, data_buffer = text.buffers()
    width = np.int64 if pa.types.is_large_string(text.type) else np.int32
    offsets: np.ndarray = np.frombuffer(offsets_buffer, dtype=width)[text.offset : text.offset + len(text) + 1]
    if data_buffer is None or offsets[-1] == offsets[0]:
        return np.zeros(len(text), dtype=bool)
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    out = np.zeros(len(text), dtype=bool)
    out[filled] = _START_BYTES[data[starts[filled]]]
    # The cells holding a break byte, found from the (few) bytes' positions: no per-byte count is kept.
    # Read a slice at a time, so no temporary the size of the column is made (fresh memory
    # costs more than the scan): a slice whose bytes all lie between the control bytes and the
    # lowest break byte above ASCII is passed over after two reductions; in the others, only
    # the bytes found by two comparisons are looked up.
    for low in range(int(offsets[0]), int(offsets[-1]), _SCAN_BYTES):
        used = data[low : min(low + _SCAN_BYTES, int(offsets[-1]))]
        if used.min() >= 0x1F and used.max() < 0x85:
            continue
        at = np.flatnonzero((used < 0x1F) | (used >= 0x85))
        at = low + at[_BREAK_BYTES[used[at]]]
        out[np.searchsorted(offsets, at, side="right") - 1] = True
    return out


_SCAN_BYTES = 1 << 18


def _neutralised(text: pa.Array) -> pa.Array:
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    near = np.flatnonzero(_could_be_risky(text))
    if not len(near):
        return text
    maybe = np.zeros(len(text), dtype=bool)
    maybe[near] = pc.fill_null(pc.match_substring_regex(text.take(near), _MAYBE_RISKY), False).to_numpy(zero_copy_only=False)
    if not maybe.any():
        return text
    at = np.flatnonzero(maybe)
    values = text.to_numpy(zero_copy_only=False).copy()
    values[at] = [neutralise_text(cell) for cell in values[at]]
    return pa.array(values, type=text.type)


def _safe_table(frame: pd.DataFrame, blank: str | None = None, categories: Mapping[int, pa.Array] | None = None) -> pa.Table:
    """Every cell as text with formulas neutralised in the text columns; headers too.
    With `blank`, a blank cell becomes that text (column by column, so no second copy
    of the whole table is ever alive). categories: for a column of text categories (by
    position), its categories already made safe, taken by each cell's code."""
    arrays = []
    for position in range(frame.shape[1]):  # by position, so that repeated headers survive
        column = frame.iloc[:, position]
        if categories is not None and position in categories:
            codes = column.cat.codes.to_numpy()
            safe = categories[position].take(pa.array(codes, mask=codes < 0))
            arrays.append(pc.fill_null(safe, blank) if blank is not None else safe)
            continue
        text = _text_array(column, frame.columns[position])
        safe = _neutralised(text) if _is_text(column) else text
        arrays.append(pc.fill_null(safe, blank) if blank is not None else safe)
    return pa.Table.from_arrays(arrays, names=[neutralise_text(str(c)) for c in frame.columns])


def _safe_text(frame: pd.DataFrame) -> pd.DataFrame:
    table = _safe_table(frame)
    dtype = pd.StringDtype("pyarrow")
    out = pd.DataFrame({i: pd.array(table.column(i).combine_chunks(), dtype=dtype) for i in range(table.num_columns)}, index=frame.index)
    out.columns = table.column_names
    return out


def write_csv(frame: pd.DataFrame, sink: BinaryIO) -> None:
    """The frame as CSV into a binary file: UTF-8 with a byte-order mark so Excel opens
    accents and symbols correctly, every cell quoted (a bare CR or a Unicode line
    separator can then not split a row). Arrow writes the text column-wise; pandas'
    writer formats every cell in Python."""
    frame = cells_as_written(frame)
    sink.write("\ufeff".encode())
    options = pacsv.WriteOptions(quoting_style="all_valid", quoting_header="all_valid", eol="\r\n")
    # A block of rows at a time: the text of the whole table (several times the frame) is never
    # alive at once. Each cell's text depends on its own value only, so the bytes are the same.
    # Text held as categories is made safe once per category, not once per cell.
    categories = {
        position: _neutralised(pa.array(pd.Series(column.cat.categories).astype("string"), type=pa.large_string()))
        for position, column in enumerate(frame.iloc[:, i] for i in range(frame.shape[1]))
        if isinstance(column.dtype, pd.CategoricalDtype) and _is_text(column)
    }
    writer, schema = None, None
    for start in range(0, max(len(frame), 1), WRITE_ROWS):
        table = _safe_table(frame.iloc[start : start + WRITE_ROWS], blank="", categories=categories)
        if writer is None or schema is None:
            writer, schema = pacsv.CSVWriter(sink, table.schema, write_options=options), table.schema
        writer.write_table(table.cast(schema))
    if writer is not None:
        writer.close()


WRITE_ROWS = 16_384


def to_csv(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    write_csv(frame, buffer)
    return buffer.getvalue()


def to_xlsx(frame: pd.DataFrame, sheet: str = "programs") -> bytes:
    # What XML cannot hold is replaced first, so that neutralising sees the text Excel will.
    clean = cells_as_written(frame).copy()
    for position in range(clean.shape[1]):
        if _is_text(clean.iloc[:, position]):
            clean.isetitem(position, clean.iloc[:, position].astype("string").str.replace(NOT_XML, "\ufffd", regex=True).array)
    clean.columns = [xml_text(str(c)) for c in clean.columns]
    cells = _safe_text(clean).astype(object)
    for position in range(clean.shape[1]):
        series = clean.iloc[:, position]
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            # Numbers stay numbers in Excel; unknown stays an empty cell; a cutoff's none is the word.
            numbers = series.astype(object).where(series.notna(), None).to_numpy().copy()
            said = _states_none(series, clean.columns[position])
            if said is not None:
                numbers[said] = "none"
            cells.isetitem(position, numbers)
    cells = cells.where(cells.notna(), None)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cells.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


def to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame = cells_as_written(frame)
    out = frame.reset_index(drop=True)
    stated = {name: out[name] for name in NONE_VALUES if name in out.columns and _states_none(out[name], name) is not None}
    if stated:  # a cutoff that states none is written as text, as a spreadsheet holds it
        out = out.assign(**{name: pd.array(_text_array(column, name), dtype="string") for name, column in stated.items()})
    out.to_parquet(buffer, index=False)
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
