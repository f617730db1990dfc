"""Turn the bytes of an uploaded or local file into a table of text cells.

Everything is read as text so that normalising, not the file reader, decides
what a cell means, and so a bad cell can be reported exactly as the user
typed it. Readers refuse files that are too large or malformed with a
ReadError whose message is meant for the user.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
# An .xlsx is a zip; refuse one that inflates far beyond its size before parsing it.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 1_000

FIRST_DATA_ROW = 2  # row 1 of the user's spreadsheet is the header
ROW_COLUMN = "_row"  # the spreadsheet row number each record came from

SUPPORTED = (".csv", ".txt", ".xlsx", ".parquet")


class ReadError(ValueError):
    """The file cannot be used at all; the message says why, in plain words."""


@dataclass(frozen=True)
class RawTable:
    frame: pd.DataFrame  # text cells (or NA), plus ROW_COLUMN
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    # Rows the file itself got wrong (e.g. too many cells): row, column, value, reason.
    row_errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "column", "value", "reason"]))


def read_path(path: str | Path, sheet: str | None = None) -> RawTable:
    p = Path(path)
    if not p.exists():
        raise ReadError(f"There is no file at {p}.")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ReadError(_too_big(p.stat().st_size))
    return read_bytes(p.read_bytes(), p.name, sheet=sheet)


def read_bytes(content: bytes, filename: str, sheet: str | None = None) -> RawTable:
    suffix = Path(filename).suffix.lower()
    if len(content) > MAX_FILE_BYTES:
        raise ReadError(_too_big(len(content)))
    if not content.strip():
        raise ReadError(f"{filename} is empty.")
    if suffix in (".csv", ".txt"):
        table = _read_csv(content, filename)
    elif suffix == ".xlsx":
        table = _read_xlsx(content, filename, sheet)
    elif suffix == ".parquet":
        table = _read_parquet(content, filename)
    else:
        raise ReadError(f"{filename}: files ending in '{suffix or '(nothing)'}' are not supported; use CSV, .xlsx or Parquet.")
    return _finish(table, filename)


def _too_big(size: int) -> str:
    return f"The file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB."


def _decode(content: bytes, filename: str) -> tuple[str, str]:
    if b"\x00" in content[:65536]:
        raise ReadError(f"{filename} does not look like a text (CSV) file: it contains binary data.")
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(f"{filename} is neither UTF-8 nor Windows-1252 text (byte {exc.start} cannot be read).") from None
    # Random bytes often decode as cp1252; real spreadsheets are mostly printable.
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:65536])
    if printable < 0.95 * min(len(text), 65536):
        raise ReadError(f"{filename} does not look like a text (CSV) file.")
    return text, "windows-1252"


def _read_csv(content: bytes, filename: str) -> RawTable:
    text, encoding = _decode(content, filename)
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ReadError(f"{filename} could not be read as CSV: {exc}") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ReadError(f"{filename} has no header row.")
    header, body = rows[0], rows[1:]
    width = len(header)
    # A row with more cells than the header is reported, not silently cut.
    long_rows = [(i + FIRST_DATA_ROW, len(r)) for i, r in enumerate(body) if len(r) > width and any(c.strip() for c in r[width:])]
    body = [(r + [""] * (width - len(r)))[:width] for r in body]
    frame = pd.DataFrame(body, columns=_unique(header), dtype=object)
    problems = pd.DataFrame(
        {
            "row": [r for r, _ in long_rows],
            "column": "(whole row)",
            "value": [f"{n} cells" for _, n in long_rows],
            "reason": f"has more cells than the header's {width}; check for an unquoted comma or semicolon",
        }
    )
    return RawTable(frame, encoding=encoding, delimiter=delimiter, row_errors=problems)


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in header:
        name = name.strip() or "unnamed"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _check_zip(content: bytes, filename: str) -> None:
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


def _read_xlsx(content: bytes, filename: str, sheet: str | None) -> RawTable:
    _check_zip(content, filename)
    try:
        book = pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
        names = [str(n) for n in book.sheet_names]
        chosen = sheet or next((n for n in names if n.strip().lower() == "programs"), names[0])
        if chosen not in names:
            raise ReadError(f"{filename} has no sheet named '{chosen}'; its sheets are {', '.join(names)}.")
        frame = pd.read_excel(book, sheet_name=chosen, dtype=str, keep_default_na=False)
    except ReadError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ReadError(f"{filename} could not be opened as an Excel workbook: {_first_line(exc)}") from None
    return RawTable(frame, sheet=chosen)


def _read_parquet(content: bytes, filename: str) -> RawTable:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(content))
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise ReadError(f"{filename} could not be read as Parquet (is it complete?): {_first_line(exc)}") from None
    if table.num_rows > MAX_ROWS:
        raise ReadError(_too_many_rows(table.num_rows))
    frame = table.to_pandas()
    text = pd.DataFrame({c: frame[c].map(_cell_text, na_action="ignore").astype(object).where(frame[c].notna(), "") for c in frame.columns})
    return RawTable(text)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


def _too_many_rows(n: int) -> str:
    return f"The file has {n:,} rows; the limit is {MAX_ROWS:,}. Split it, or remove rows you do not need."


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _finish(table: RawTable, filename: str) -> RawTable:
    frame = table.frame
    if len(frame.columns) == 0:
        raise ReadError(f"{filename} has no columns.")
    if len(frame.columns) > MAX_COLUMNS:
        raise ReadError(f"{filename} has {len(frame.columns)} columns; the limit is {MAX_COLUMNS}.")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), "")
    frame.insert(0, ROW_COLUMN, range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame)))
    cells = frame.drop(columns=ROW_COLUMN)
    blank = cells.apply(lambda s: s.astype(str).str.strip().eq("")).all(axis=1)
    frame = frame[~blank].reset_index(drop=True)
    if len(frame) > MAX_ROWS:
        raise ReadError(_too_many_rows(len(frame)))
    if frame.empty:
        raise ReadError(f"{filename} has a header row but no data rows.")
    return RawTable(frame, table.encoding, table.delimiter, table.sheet, table.row_errors)
