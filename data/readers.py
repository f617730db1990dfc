"""Turn the bytes of an uploaded or local file into a table of text cells.

Everything is read as text so that normalising, not the file reader, decides
what a cell means, and so a bad cell can be reported exactly as the user
typed it. Readers refuse files that are too large or malformed with a
ReadError whose message is meant for the user, and every limit is enforced
while reading (from Parquet metadata, row by row in a workbook, batch by batch
in a CSV) so a small hostile file cannot take the memory or the time first.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.columns import fold
from data.names import name_key

MAX_FILE_BYTES = 25 * 1024 * 1024  # an upload in the app
# A file named on the command line: room for 100,000 programs with every column filled.
MAX_LOCAL_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
# Blank lines do not count as rows, but a file of nothing but blank lines must stop somewhere.
MAX_RAW_ROWS = 2 * MAX_ROWS
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
# All the text of a Parquet file once decoded (dictionary-encoded columns can expand a lot).
MAX_TEXT_BYTES = 128 * 1024 * 1024
# An .xlsx is a zip; refuse one that inflates far beyond its size before parsing it.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 1_000
# Parsing workbook XML is the slowest reading there is (about 100,000 cells a second);
# past these a workbook should be saved as CSV instead.
MAX_XLSX_CELLS = 500_000
MAX_XLSX_SECONDS = 20.0

FIRST_DATA_ROW = 2  # row 1 of the user's spreadsheet is the header
ROW_COLUMN = "_row"  # the spreadsheet row number each record came from

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".parquet")
TEXT = pd.StringDtype("pyarrow")  # compact, vectorised text cells


class ReadError(ValueError):
    """The file cannot be used at all; the message says why, in plain words."""


def _no_row_errors() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ("row", "column", "value", "reason")})


@dataclass(frozen=True)
class RawTable:
    frame: pd.DataFrame  # text cells ("" when empty), plus ROW_COLUMN
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    # Rows the file itself got wrong (e.g. too many cells): row, column, value, reason.
    row_errors: pd.DataFrame = field(default_factory=_no_row_errors)
    warnings: list[str] = field(default_factory=list)
    sheets: tuple[str, ...] = ()  # every sheet of a workbook, for the user to pick from
    # The whole file was scanned and holds no control character or line break in a cell,
    # so normalising need not look for them column by column.
    scanned: bool = False

    @property
    def decimal_comma(self) -> bool:
        # A semicolon-separated file comes from a spreadsheet whose decimal mark is a comma.
        return self.delimiter == ";"


def read_path(path: str | Path, sheet: str | None = None) -> RawTable:
    p = Path(path)
    try:
        info = os.stat(p)
    except FileNotFoundError:
        raise ReadError(f"There is no file at {p}.") from None
    except OSError as exc:
        raise ReadError(f"{p} cannot be opened: {exc.strerror or exc}.") from None
    # A device (/dev/zero), a pipe or a folder has no end or no size: never read one.
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{p} is not a regular file (it is a folder, device or pipe); give the path of a spreadsheet file.")
    if info.st_size > MAX_LOCAL_FILE_BYTES:
        raise ReadError(_too_big(info.st_size, MAX_LOCAL_FILE_BYTES))
    try:
        with open(p, "rb") as handle:
            content = handle.read(MAX_LOCAL_FILE_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ReadError(f"{p} cannot be read: {exc.strerror or exc}.") from None
    return read_bytes(content, p.name, sheet=sheet, limit=MAX_LOCAL_FILE_BYTES)


def read_bytes(content: bytes, filename: str, sheet: str | None = None, limit: int = MAX_FILE_BYTES) -> RawTable:
    suffix = Path(filename).suffix.lower()
    if len(content) > limit:
        raise ReadError(_too_big(len(content), limit))
    if not content or content.isspace():  # strip() would copy the whole file
        raise ReadError(f"{filename} is empty.")
    if suffix in (".csv", ".tsv", ".txt"):
        table = _read_csv(content, filename)
    elif suffix == ".xlsx":
        table = _read_xlsx(content, filename, sheet)
    elif suffix == ".parquet":
        table = _read_parquet(content, filename)
    elif _tab_separated_text(content):
        # Directories' downloads are often tab-separated text under another name (.xls, .dat, none).
        table = _read_csv(content, filename)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ReadError(f"{filename} is an old-style Excel workbook (.xls); open it in Excel and save it as .xlsx or CSV.")
    else:
        raise ReadError(f"{filename}: files ending in '{suffix or '(nothing)'}' are not supported; use CSV, TSV, .xlsx or Parquet.")
    return _finish(table, filename)


def _tab_separated_text(content: bytes) -> bool:
    """Whether a file of another name is tab-separated text: no NUL byte, and a header of tabs."""
    if content[:2] in _UTF16_BOMS:
        return b"\t\x00" in content[:4096] or b"\x00\t" in content[:4096]
    head = content[:65536]
    return b"\x00" not in head and b"\t" in _header_line(head)


def _too_big(size: int, limit: int) -> str:
    return f"The file is {size / 1024 / 1024:.1f} MB; the limit is {limit // 1024 // 1024} MB."


def _too_many_rows(n: int | str) -> str:
    shown = f"{n:,}" if isinstance(n, int) else n
    return f"The file has {shown} rows; the limit is {MAX_ROWS:,}. Split it, or remove rows you do not need."


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based position (0 -> A, 26 -> AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _describe_lines(lines: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" and {len(lines) - limit:,} more" if len(lines) > limit else "")


# Headers --------------------------------------------------------------------------


def clean_headers(raw: list[object]) -> tuple[list[str], list[str]]:
    """Unique, stripped header names and a warning for each one that had to change.

    Two headers that differ only in spaces, case or punctuation would mean the
    same column to the header matcher (and to a database), and the internal row
    column must not be shadowed, so such headers get a suffix, said out loud.
    """
    names: list[str] = []
    warnings: list[str] = []
    first_seen: dict[str, int] = {}
    written = ["" if value is None else str(value) for value in raw]
    for index, text in enumerate(written):
        name = " ".join(text.split())  # also removes line breaks and tabs from headers
        name = "".join(ch for ch in name if ch.isprintable())
        if not name:
            name = f"unnamed column {_letter(index)}"
        key = fold(name) or name
        if name == ROW_COLUMN or key == fold(ROW_COLUMN):
            renamed = f"{name} (column {_letter(index)})"
            warnings.append(f"Column {_letter(index)} is headed '{name}', a name the app uses itself; it is read as '{renamed}'.")
            name, key = renamed, fold(renamed)
        if key in first_seen:
            earlier = first_seen[key]
            renamed = f"{name} (column {_letter(index)})"
            warnings.append(
                f"Columns {_letter(earlier)} ({written[earlier]!r}) and {_letter(index)} ({text!r}) have the same header once "
                f"spaces, case and punctuation are ignored; column {_letter(index)} is read as '{renamed}'."
            )
            name, key = renamed, fold(renamed)
        first_seen.setdefault(key, index)
        names.append(name)
    return names, warnings


# CSV ------------------------------------------------------------------------------


def _looks_binary(content: bytes, filename: str) -> None:
    if b"\x00" in content[:65536]:
        if content[:4] == b"PK\x03\x04":
            raise ReadError(f"{filename} is an Excel workbook (or another zip file) with a text file's name; rename it to end in .xlsx.")
        raise ReadError(f"{filename} does not look like a text (CSV) file: it contains binary data.")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _from_utf16(content: bytes, filename: str) -> bytes:
    """UTF-8 bytes for a file saved as UTF-16 (Excel's "Unicode Text"), which starts with its byte-order mark."""
    try:
        return content.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError:
        raise ReadError(f"{filename} starts like a UTF-16 text file but is not one; save it as 'CSV UTF-8' and load that.") from None


def _decode_by_line(content: bytes, filename: str) -> tuple[bytes, list[str]]:
    """UTF-8 bytes for a file that is not all UTF-8, decoding each line on its own.

    Only the lines that are not UTF-8 are read as Windows-1252 (or Latin-1 for the
    few bytes Windows-1252 leaves undefined), and the warning names them, so one
    stray byte no longer turns every accent in the file into mojibake.
    """
    out: list[str] = []
    fallback: list[int] = []
    for number, line in enumerate(content.split(b"\n"), start=1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            fallback.append(number)
            try:
                out.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                out.append(line.decode("latin-1"))
    text = "\n".join(out)
    sample = text[:65536]
    # Random bytes often decode as cp1252; real spreadsheets are mostly printable.
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    if printable < 0.95 * len(sample):
        raise ReadError(f"{filename} does not look like a text (CSV) file.")
    warning = (
        f"Line{'s' if len(fallback) > 1 else ''} {_describe_lines(fallback)} of {filename} "
        f"{'are' if len(fallback) > 1 else 'is'} not UTF-8 and {'were' if len(fallback) > 1 else 'was'} read as Windows-1252; "
        "check accented letters there (saving the file as 'CSV UTF-8' avoids this)."
    )
    return text.encode("utf-8"), [warning]


_BOM = b"\xef\xbb\xbf"


def _header_line(content: bytes) -> bytes:
    end = content.find(b"\n")
    return (content if end < 0 else content[:end]).rstrip(b"\r").removeprefix(_BOM)


def _delimiter(content: bytes) -> str:
    """The separator the header uses most, outside quotes: comma, semicolon or tab."""
    header_line = re.sub(rb'"[^"]*"', b"", _header_line(content))
    counts = {sep: header_line.count(sep.encode()) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _read_csv(content: bytes, filename: str) -> RawTable:
    if content[:2] in _UTF16_BOMS:
        content = _from_utf16(content, filename)
    _looks_binary(content, filename)
    # Arrow skips a byte-order mark itself; cutting it off here would copy the whole file.
    delimiter = _delimiter(content)
    encoding, warnings = "utf-8", list[str]()
    census = _census(content)
    table = _arrow_csv(content, delimiter, filename, census)
    if not isinstance(table, pa.Table):
        content = content.removeprefix(_BOM)
    if table is _NOT_UTF8:
        content, warnings = _decode_by_line(content, filename)
        encoding, census = "windows-1252", _census(content)
        table = _arrow_csv(content, delimiter, filename, census)
    if isinstance(table, pa.Table):
        # Arrow's path guarantees no line break inside a cell; the byte scans rule out the rest.
        scanned = not _has_control_bytes(content, census)
        return RawTable(_arrow_to_frame(table), encoding, delimiter, warnings=warnings, scanned=scanned)
    # A malformed line somewhere: the csv module says exactly where.
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        content, warnings = _decode_by_line(content, filename)
        encoding, text = "windows-1252", content.decode("utf-8")
    return _csv_module(text, delimiter, filename, encoding, warnings)


class _Census(NamedTuple):
    """What one pass over a file's bytes below 0x20 tells."""

    lines: int  # the records the file holds if no cell holds a line break
    lone_cr: bool  # a CR with no LF after it: it could end a line or sit in a cell
    c0: bool  # a C0 control character other than tab, LF and CR


def _census(content: bytes) -> _Census:
    # numpy over a view of the bytes: a third of the time of a byte translation and two counts
    # (60 ms of a 100,000-row file).
    view = np.frombuffer(content, np.uint8)
    where = np.flatnonzero(view < 0x20)
    low = view[where]
    cr_at = where[low == 0x0D]
    # A CR in the last byte is compared with itself, so it counts as lone.
    lone_cr = bool(cr_at.size and np.any(view[np.minimum(cr_at + 1, view.size - 1)] != 0x0A))
    c0 = bool(np.any((low != 0x09) & (low != 0x0A) & (low != 0x0D)))
    lf = int(np.count_nonzero(low == 0x0A))
    return _Census(lf + (0 if content.endswith(b"\n") else 1), lone_cr, c0)


# DEL is the one control above 0x1F in ASCII; C1 controls are \xc2\x80-\xc2\x9f in UTF-8.
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


# Invisible format characters the cell check refuses (normalise.CONTROL), in UTF-8.
# Each pattern starts with one literal byte, which the regex engine scans for at memchr speed
# (an alternation of two prefixes, or `in` with a two-byte needle, is several times slower).
_INVISIBLE = re.compile(rb"\xe2(?:\x80[\x8b\xa8-\xae]|\x81[\xa6-\xa9])")
_BOM_ANYWHERE = re.compile(_BOM)


def _has_control_bytes(content: bytes, census: _Census) -> bool:
    """Whether any cell could hold a control or invisible format character. Every scan runs at
    C speed: the census's numpy pass, and regexes that each start with one literal byte (a regex
    over a character class or alternatives would take seconds over 60 MB)."""
    if census.c0 or b"\x7f" in content:
        return True
    if b"\xc2" in content and _C1_BYTES.search(content):
        return True
    return bool(_INVISIBLE.search(content) or _BOM_ANYWHERE.search(content, 3))  # a byte-order mark anywhere but the start


_NOT_UTF8 = object()
_MALFORMED = object()
ARROW_BLOCK_BYTES = 4 * 1024 * 1024


def _arrow_csv(content: bytes, delimiter: str, filename: str, census: _Census) -> pa.Table | object:
    """The whole file with Arrow, every cell as text, or a marker saying why not.

    Arrow is the fast path. Anything unusual (a row of the wrong width, a quote
    that never closes, a line break inside a cell, a row too big for a block)
    sends the file to the csv module, which can say on which line it happened.
    """
    import pyarrow.csv as pcsv

    try:
        width = len(next(csv.reader([_header_line(content).decode("utf-8", errors="replace")], delimiter=delimiter), []))
    except csv.Error:
        return _MALFORMED
    if width == 0:
        return _MALFORMED
    if width > MAX_COLUMNS:
        raise ReadError(f"{filename} has {width} columns; the limit is {MAX_COLUMNS}.")
    if census.lone_cr:
        return _MALFORMED  # a bare CR could end a line or sit in a cell: the csv module decides
    # No invalid-row handler: Arrow decodes a bad row's text for one, and a row that is not
    # UTF-8 then printed a traceback. A row of the wrong width raises instead.
    read_options = pcsv.ReadOptions(autogenerate_column_names=True, block_size=ARROW_BLOCK_BYTES)
    # Arrow may cut blocks at any line break, a third faster than finding where quotes close.
    # A line break inside a quoted cell then either breaks the parse or leaves fewer records
    # than lines: both send the file to the csv module below, so no cell is read wrong.
    parse_options = pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False)
    convert_options = pcsv.ConvertOptions(
        # large_string is what pandas' Arrow-backed text holds: no copy to hand it over.
        column_types={f"f{i}": pa.large_string() for i in range(width)},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    lines = census.lines
    try:
        if lines <= MAX_RAW_ROWS + 1:
            # With no bare CR, no more records than lines, so the cap holds: read every block at once, on every core.
            table = pcsv.read_csv(pa.py_buffer(content), read_options=read_options, parse_options=parse_options, convert_options=convert_options)
        else:
            # Counted record by record, so a file of too many rows stops at the cap instead of filling memory.
            reader = pcsv.open_csv(pa.py_buffer(content), read_options=read_options, parse_options=parse_options, convert_options=convert_options)
            batches = []
            rows = 0
            for batch in reader:
                rows += batch.num_rows
                if rows > MAX_RAW_ROWS + 1:
                    raise ReadError(_too_many_rows(f"more than {MAX_RAW_ROWS:,}"))
                batches.append(batch)
            table = pa.Table.from_batches(batches, schema=reader.schema)
    except ReadError:
        raise
    except pa.ArrowInvalid as exc:
        # A parse error quotes the row, which may say anything: only a conversion error is about the encoding.
        return _NOT_UTF8 if "conversion error" in str(exc) and "UTF8" in str(exc) and not str(exc).startswith("CSV parse error") else _MALFORMED
    except Exception:  # any other Arrow complaint: let the careful reader find the line
        return _MALFORMED
    if table.num_columns != width:
        return _MALFORMED
    # Every line a record means no cell holds a line break.
    if table.num_rows != lines:
        return _MALFORMED
    return table


def _arrow_to_frame(table: pa.Table) -> pd.DataFrame:
    header = [table.column(i)[0].as_py() for i in range(table.num_columns)]
    body = table.slice(1)
    frame = pd.DataFrame({i: body.column(i).to_pandas(types_mapper={pa.large_string(): TEXT}.get) for i in range(body.num_columns)})
    frame.attrs["header"] = header
    return frame


MAX_MALFORMED = 1_000
RESCAN_FACTOR = 20  # how many times over its lines a broken file may be read to find where rows start
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _csv_module(text: str, delimiter: str, filename: str, encoding: str, warnings: list[str]) -> RawTable:
    """Read record by record, so a malformed record is named by its line and the
    rest of the file is still read: a quote that never closes rejects its own
    row, and the lines it would have swallowed are read as the rows they are."""
    csv.field_size_limit(MAX_LOCAL_FILE_BYTES)
    lines = _LINES.findall(text)
    records: list[list[str]] = []
    problems: list[dict[str, object]] = []
    offset = 0  # lines consumed before the current reader started
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    previous_line = 0
    # A quote that never closes is read to the end of the file before its row is rejected:
    # many of them in a long file would take minutes, so the lines read again are budgeted.
    reread, budget, first_bad = 0, RESCAN_FACTOR * len(lines) + 100_000, 0
    while True:
        start = offset + previous_line + 1  # 1-based line where the next record starts
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = offset + reader.line_num
            reread += reader.line_num
            first_bad = first_bad or start
            if reread > budget:
                raise ReadError(
                    f"{filename} has too many quotes that never close, from line {first_bad} on, to be read line by line; "
                    "is it really a CSV file? Save it again from your spreadsheet program."
                ) from None
            if "end of data" in str(exc):
                why = f"a quote opened on line {start} is never closed"
            else:
                why = f"a quote in the row starting on line {start} is not balanced ({exc}, on line {end})"
            bad_line = lines[start - 1] if start - 1 < len(lines) else ""
            problems.append(
                {
                    "row": len(records) + 1,  # the header is record 0 and row 1
                    "column": "(whole row)",
                    "value": bad_line.strip()[:80],
                    "reason": f"could not be read: {why}; put the cell in matching double quotes (the lines after it were read as rows of their own)",
                }
            )
            records.append(next(csv.reader([bad_line.rstrip("\r\n")], delimiter=delimiter), []))
            if len(problems) > MAX_MALFORMED:
                raise ReadError(f"{filename} has more than {MAX_MALFORMED:,} malformed lines; is it really a CSV file?") from None
            offset, previous_line = start, 0
            reader = csv.reader(iter(lines[start:]), delimiter=delimiter, strict=True)
            continue
        previous_line = reader.line_num
        records.append(record)
        if len(records) > MAX_RAW_ROWS + 1:
            raise ReadError(_too_many_rows(f"more than {MAX_RAW_ROWS:,}"))
    if not records or not any(cell.strip() for cell in records[0]):
        raise ReadError(f"{filename} has no header row.")
    header, body = records[0], records[1:]
    width = len(header)
    if width > MAX_COLUMNS:
        raise ReadError(f"{filename} has {width} columns; the limit is {MAX_COLUMNS}.")
    # A row with more cells than the header is reported, not silently cut.
    for i, record in enumerate(body):
        if len(record) > width and any(c.strip() for c in record[width:]):
            problems.append(
                {
                    "row": i + FIRST_DATA_ROW,
                    "column": "(whole row)",
                    "value": f"{len(record)} cells",
                    "reason": f"has more cells than the header's {width}; check for an unquoted comma or semicolon",
                }
            )
    padded = [(r + [""] * (width - len(r)))[:width] for r in body]
    frame = pd.DataFrame({i: pd.array([r[i] for r in padded], dtype=TEXT) for i in range(width)})
    frame.attrs["header"] = header
    errors = pd.DataFrame(problems, columns=["row", "column", "value", "reason"]) if problems else _no_row_errors()
    return RawTable(frame, encoding=encoding, delimiter=delimiter, row_errors=errors, warnings=warnings)


# Excel ----------------------------------------------------------------------------


def _open_zip(content: bytes, filename: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ReadError(f"{filename} is not a valid .xlsx file (it is not a zip archive; was it renamed from another format?).") from None
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    if len(members) > MAX_XLSX_MEMBERS or total > MAX_XLSX_UNCOMPRESSED or total > MAX_XLSX_RATIO * max(len(content), 1) + 10_000_000:
        raise ReadError(
            f"{filename} unpacks to {total / 1024 / 1024:.0f} MB in {len(members)} parts, far more than a spreadsheet of this size should; it was not opened."
        )
    return archive


def _open_workbook(content: bytes, filename: str):  # type: ignore[no-untyped-def]
    import openpyxl

    _open_zip(content, filename)
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        # The library's words (a missing part, an attribute error) tell the user nothing they can act on.
        raise ReadError(
            f"{filename} could not be opened as an Excel workbook: it may be damaged, or hold something this app cannot read "
            "(such as a chart sheet). Open it in Excel and save it again, or save the sheet with your programs as CSV."
        ) from None


def sheet_names(content: bytes, filename: str = "workbook.xlsx") -> list[str]:
    """The sheets of a workbook, in order (for the user to choose from)."""
    book = _open_workbook(content, filename)
    try:
        return _sheets_in_order(book)
    finally:
        book.close()


def _sheets_in_order(book) -> list[str]:  # type: ignore[no-untyped-def]
    """Sheet names, hidden ones last: a hidden sheet is rarely the one meant (often an old copy)."""
    sheets = book.worksheets  # chart sheets hold no cells
    return [str(ws.title) for ws in sheets if ws.sheet_state == "visible"] + [str(ws.title) for ws in sheets if ws.sheet_state != "visible"]


def default_sheet(names: list[str]) -> str | None:
    """The sheet read when the user names none: the one called programs, or the only one."""
    named = [n for n in names if name_key(n) == "programs"]
    if named:
        return named[0]
    return names[0] if len(names) == 1 else None


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if hasattr(value, "hour") and hasattr(value, "date"):  # a datetime
        return value.date().isoformat() if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0) else value.isoformat()  # type: ignore[attr-defined]
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[attr-defined]
    return str(value)


def _read_xlsx(content: bytes, filename: str, sheet: str | None) -> RawTable:
    book = _open_workbook(content, filename)
    try:
        names = _sheets_in_order(book)
        if not names:
            raise ReadError(f"{filename} has no worksheets; open it in Excel, check that your programs are on a sheet, and save it again.")
        chosen = sheet or default_sheet(names) or names[0]
        warnings: list[str] = []
        if chosen not in names:
            # A name typed in another Unicode form or case ("Café" as e plus an accent, "PROGRAMS")
            # is the sheet that reads the same, when exactly one does.
            alike = [n for n in names if name_key(n) == name_key(chosen)]
            chosen = alike[0] if len(alike) == 1 else chosen
        if chosen not in names:
            raise ReadError(f"{filename} has no sheet named '{chosen}'; its sheets are {', '.join(repr(n) for n in names)}.")
        if not sheet and len(names) > 1 and default_sheet(names) is None:
            others = ", ".join(f"'{n}'" for n in names[1:])
            warnings.append(f"{filename} has {len(names)} sheets; the first, '{chosen}', was read. Pick another ({others}) if your programs are there.")
        try:
            header, columns, problems = _stream_sheet(book[chosen], filename)
            uncached = _formulas_without_results(book[chosen])
            if uncached:
                warnings.append(
                    f"{filename} has formulas with no saved result ({', '.join(uncached[:5])}{'…' if len(uncached) > 5 else ''}), "
                    "so they were read as blank. Open the file in Excel and save it, which stores their results, then load it again."
                )
        except ReadError:
            raise
        except Exception:
            raise ReadError(
                f"{filename} could not be read as an Excel workbook: it may be damaged. Open it in Excel and save it again, or save the sheet as CSV."
            ) from None
    finally:
        book.close()
    frame = pd.DataFrame({i: pd.array(col, dtype=TEXT) for i, col in enumerate(columns)})
    frame.attrs["header"] = header
    errors = pd.DataFrame(problems, columns=["row", "column", "value", "reason"]) if problems else _no_row_errors()
    return RawTable(frame, sheet=chosen, row_errors=errors, warnings=warnings, sheets=tuple(names))


_NO_RESULT = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>')


def _formulas_without_results(ws) -> list[str]:  # type: ignore[no-untyped-def]
    """Cells holding a formula whose result was never saved (files written by scripts, not
    Excel): read-only openpyxl gives None for them, which would pass as a blank cell."""
    found: list[str] = []
    tail = b""
    with ws._get_source() as source:  # the sheet's XML, in pieces: a large sheet is never held whole
        while len(found) < 6:
            piece = source.read(1 << 20)
            if not piece:
                break
            text = tail + piece
            if b"<f" in text:
                found += [m.decode() for m in _NO_RESULT.findall(text) if m.decode() not in found]
            tail = text[-4096:]
    return found


def _stream_sheet(ws, filename: str) -> tuple[list[str], list[list[str]], list[dict[str, object]]]:  # type: ignore[no-untyped-def]
    """Read a worksheet row by row in openpyxl's read-only mode, stopping at the first limit crossed."""
    started = time.process_time()  # the work done, not how busy the machine is
    header_values = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), None)
    if header_values is None:
        raise ReadError(f"{filename} has no header row.")
    header_cells = [_xlsx_text(v) for v in header_values]
    while header_cells and not header_cells[-1].strip():
        header_cells.pop()
    width = len(header_cells)
    if width == 0:
        raise ReadError(f"{filename} has no header row (row 1 of the sheet is empty).")
    if width > MAX_COLUMNS:
        raise ReadError(f"{filename} has more than {MAX_COLUMNS} columns; the limit is {MAX_COLUMNS}.")
    # The sheet's stated size can be wrong (some tools write it so): read to its last row instead.
    ws.reset_dimensions()
    # One column past the header, to notice cells that have no header.
    rows = ws.iter_rows(min_row=2, max_col=width + 1, values_only=True)
    columns: list[list[str]] = [[] for _ in range(width)]
    problems: list[dict[str, object]] = []
    for count, values in enumerate(rows, start=1):
        if count > MAX_RAW_ROWS:
            raise ReadError(_too_many_rows(f"more than {MAX_RAW_ROWS:,}"))
        if count % 200 == 0 and time.process_time() - started > MAX_XLSX_SECONDS:
            raise ReadError(
                f"{filename} is taking too long to read (over {MAX_XLSX_SECONDS:.0f} seconds at row {count + 1:,}); save it as CSV and load that instead."
            )
        cells = [_xlsx_text(v) for v in values[:width]]
        cells += [""] * (width - len(cells))
        # Every cell of the grid costs parsing time, filled or not.
        if count * width > MAX_XLSX_CELLS:
            raise ReadError(
                f"{filename} has more than {MAX_XLSX_CELLS:,} cells ({width} columns × {count:,} rows so far), the most read from a workbook; "
                "save it as CSV and load that instead."
            )
        if len(values) > width and any(v is not None and str(v).strip() for v in values[width:]):
            problems.append(
                {
                    "row": count + 1,
                    "column": "(whole row)",
                    "value": f"a cell in column {_letter(width)} or beyond",
                    "reason": f"has more cells than the header's {width}; give the column a header or clear the cell",
                }
            )
        for i, cell in enumerate(cells):
            columns[i].append(cell)
    return header_cells, columns, problems


# Parquet --------------------------------------------------------------------------


def _read_parquet(content: bytes, filename: str) -> RawTable:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(pa.BufferReader(content))
        meta = handle.metadata
    except Exception:  # pyarrow raises ArrowInvalid, OSError, ...
        raise ReadError(f"{filename} could not be read as Parquet: it may be incomplete or damaged. Save it again, or save it as CSV.") from None
    # Everything below is known from the footer, before a single page is decompressed.
    if meta.num_rows > MAX_ROWS:
        raise ReadError(_too_many_rows(meta.num_rows))
    if meta.num_columns > MAX_COLUMNS:
        raise ReadError(f"{filename} has {meta.num_columns} columns; the limit is {MAX_COLUMNS}.")
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > MAX_TEXT_BYTES:
        raise ReadError(f"{filename} unpacks to {unpacked / 1024 / 1024:.0f} MB, far more than a spreadsheet should; it was not read.")
    schema = handle.schema_arrow
    header, warnings = [str(n) for n in schema.names], []
    twice = sorted({n for n in header if header.count(n) > 1})
    if twice:
        raise ReadError(f"{filename} has more than one column named {', '.join(repr(n) for n in twice)}; rename them so each name is used once.")
    # Columns of records or maps cannot be cells: they are not even decoded (a small file can unpack to gigabytes).
    skipped = {f.name for f in schema if pa.types.is_struct(f.type) or pa.types.is_map(f.type) or pa.types.is_union(f.type)}
    # Text and bytes are read as dictionaries, so a repeated value is held once until its size is known.
    textual = [f.name for f in schema if f.name not in skipped and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type) or _is_bytes(f.type))]
    try:
        table = pq.read_table(pa.BufferReader(content), columns=[n for n in header if n not in skipped], read_dictionary=textual or None, use_threads=False)
    except Exception:
        raise ReadError(f"{filename} could not be read as Parquet: it may be incomplete or damaged. Save it again, or save it as CSV.") from None
    columns: dict[int, pd.Series] = {}
    decoded = 0
    for i, name in enumerate(header):
        text = None if name in skipped else _arrow_column_text(table.column(name))
        if text is None:
            warnings.append(
                f"Column {_letter(i)} ('{name}') of {filename} holds {schema.field(i).type} values, which cannot be read as cells; it was left out."
            )
            text = pa.chunked_array([pa.nulls(table.num_rows, pa.string())])
        decoded += _decoded_bytes(text)
        if decoded > MAX_TEXT_BYTES:
            raise ReadError(
                f"{filename} unpacks to more than {MAX_TEXT_BYTES // 1024 // 1024} MB of text, far more than a spreadsheet should; it was not read."
            )
        if pa.types.is_dictionary(text.type):
            text = text.cast(pa.string())
        columns[i] = pc.fill_null(text, "").to_pandas(types_mapper={pa.string(): TEXT}.get)
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=range(table.num_rows))
    frame.attrs["header"] = header
    return RawTable(frame, warnings=warnings)


def _decoded_bytes(column: pa.ChunkedArray) -> int:
    total = 0
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            lengths = pc.binary_length(chunk.dictionary)
            total += pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0
        else:
            total += pc.sum(pc.binary_length(chunk)).as_py() or 0
    return int(total)


def _is_bytes(kind: pa.DataType) -> bool:
    return bool(pa.types.is_binary(kind) or pa.types.is_large_binary(kind))


def _arrow_column_text(column: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """One Arrow column as text cells the way a person would type them; None when it cannot be."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        if pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type):
            return column
        if _is_bytes(kind.value_type):
            # Only the distinct values are decoded; the size check then counts every cell.
            try:
                return column.cast(pa.dictionary(kind.index_type, pa.string()))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                return None
        column = column.cast(kind.value_type)
        kind = column.type
    if pa.types.is_string(kind):
        return column
    if pa.types.is_large_string(kind):
        return column.cast(pa.string())
    if pa.types.is_null(kind):
        return column.cast(pa.string())
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "yes", "no")
    if pa.types.is_floating(kind):
        # NaN is a blank, and 3.0 is "3" as a spreadsheet would show it.
        return pc.if_else(pc.is_nan(column), pa.scalar(None, pa.string()), column.cast(pa.string()))
    if pa.types.is_integer(kind) or pa.types.is_decimal(kind) or pa.types.is_date(kind):
        return column.cast(pa.string())
    if pa.types.is_timestamp(kind):
        day = pc.strftime(column, format="%Y-%m-%d") if kind.tz is None else None
        full = column.cast(pa.string())
        if day is None:
            return full
        midnight = pc.equal(column.cast(pa.timestamp(kind.unit)), pc.floor_temporal(column, unit="day"))
        return pc.if_else(midnight, day, full)
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        try:
            return column.cast(pa.string())
        except pa.ArrowInvalid:
            return None
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        # A list of tags is what a spreadsheet writes as "a;b;c".
        try:
            strings = column.cast(pa.list_(pa.string()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        return pc.binary_join(strings, ";")
    return None


# All formats ------------------------------------------------------------------------


def _finish(table: RawTable, filename: str) -> RawTable:
    frame = table.frame
    header = frame.attrs.get("header", [str(c) for c in frame.columns])
    if len(header) == 0:
        raise ReadError(f"{filename} has no columns.")
    if len(header) > MAX_COLUMNS:
        raise ReadError(f"{filename} has {len(header)} columns; the limit is {MAX_COLUMNS}.")
    if not any(str(h or "").strip() for h in header):
        raise ReadError(f"{filename} has no header row.")
    names, header_warnings = clean_headers(list(header))
    frame = frame.set_axis(names, axis=1)
    frame.attrs = {}
    rows = pd.Series(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame)), index=frame.index)
    blank = np.ones(len(frame), dtype=bool)
    # Only rows blank so far are looked at in the next column: one cell filled in the first
    # column settles most rows, so a wide file costs about one column's scan.
    for name in names:
        maybe = np.flatnonzero(blank)
        if not len(maybe):
            break
        cells = frame[name].iloc[maybe] if len(maybe) < len(frame) else frame[name]
        blank[maybe] = cells.str.strip().eq("").fillna(True).to_numpy(dtype=bool)
    if blank.any():  # a boolean filter copies every column; most files have no blank row
        frame = frame[~blank].reset_index(drop=True)
    frame.insert(0, ROW_COLUMN, rows[~blank].to_numpy())
    if len(frame) > MAX_ROWS:
        raise ReadError(_too_many_rows(len(frame)))
    if frame.empty:
        where = f" (sheet '{table.sheet}')" if table.sheet else ""
        others = f" Its sheets are {', '.join(repr(n) for n in table.sheets)}; pick the one that holds your data." if len(table.sheets) > 1 else ""
        raise ReadError(f"{filename}{where} has a header row but no data rows.{others}")
    return RawTable(frame, table.encoding, table.delimiter, table.sheet, table.row_errors, header_warnings + table.warnings, table.sheets, table.scanned)
