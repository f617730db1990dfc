"""Arrow's reading of a CSV file's bytes into text cells: the part of reading that needs neither
pandas nor Python per cell. Apart from data/readers.py so `cli.py check` can start it on a second
thread before pandas is even imported (start_early): Arrow parses with the interpreter lock
released while pandas and pandera import, two thirds of a second of Python that Arrow's own
floor never pays."""

from __future__ import annotations

import csv
import os
import re
import stat
import threading
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa

# A file named on the command line: room for 100,000 programs with every column filled.
MAX_LOCAL_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
# Blank lines do not count as rows, but a file of nothing but blank lines must stop somewhere.
MAX_RAW_ROWS = 2 * MAX_ROWS
MAX_COLUMNS = 200


class ReadError(ValueError):
    """The file cannot be used at all; the message says why, in plain words."""


def _too_many_rows(n: int | str) -> str:
    shown = f"{n:,}" if isinstance(n, int) else n
    return f"The file has {shown} rows; the limit is {MAX_ROWS:,}. Split it, or remove rows you do not need."


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


_NOT_UTF8 = object()
_MALFORMED = object()
ARROW_BLOCK_BYTES = 4 * 1024 * 1024


def _arrow_csv(content: bytes, delimiter: str, filename: str, census: _Census, block_size: int = ARROW_BLOCK_BYTES) -> pa.Table | object:
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
    read_options = pcsv.ReadOptions(autogenerate_column_names=True, block_size=block_size)
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


# A file's Arrow reading begun on another thread by start_early: (the thread, what it found).
_early: dict[str, object] = {}
EARLY_SUFFIXES = (".csv", ".tsv", ".txt")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def start_early(path: str | Path) -> None:
    """Begin reading a local CSV file with Arrow on a thread, for arrow_csv to take over.

    Only a guess that saves time: anything out of the ordinary (not a regular file, too big, not
    CSV or TSV by its name, UTF-16, any error) leaves it to readers to do, and arrow_csv uses what
    was found only for the very bytes, separator and census it is asked about, so what it returns
    is what it would have worked out itself."""
    import pyarrow.csv  # noqa: F401  (imported here, before the thread: never by two threads at once)

    p = Path(path)

    def work() -> None:
        try:
            info = os.stat(p)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_LOCAL_FILE_BYTES or p.suffix.lower() not in EARLY_SUFFIXES:
                return
            with open(p, "rb") as handle:
                content = handle.read(MAX_LOCAL_FILE_BYTES + 1)
            if not content or content[:2] in UTF16_BOMS:
                return
            delimiter, census = _delimiter(content), _census(content)
            _early["found"] = (content, delimiter, census, ARROW_BLOCK_BYTES, _arrow_csv(content, delimiter, p.name, census))
        except Exception:  # readers meets the same problem again and words it for the user
            return

    thread = threading.Thread(target=work, name="arrow-csv-early", daemon=True)
    _early["thread"] = thread
    thread.start()


def arrow_csv(content: bytes, delimiter: str, filename: str, census: _Census, block_size: int = ARROW_BLOCK_BYTES) -> pa.Table | object:
    """_arrow_csv, or what start_early found for the same bytes, separator, census and block size."""
    thread = _early.pop("thread", None)
    if isinstance(thread, threading.Thread):
        thread.join()
    found = _early.pop("found", None)
    if isinstance(found, tuple) and found[1:4] == (delimiter, census, block_size) and found[0] == content:
        return found[4]
    return _arrow_csv(content, delimiter, filename, census, block_size)
