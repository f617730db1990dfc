"""The whole workspace as one file (a zip of Parquet tables and JSON settings),
for backups and for moving to another computer. Importing validates every
table against its schema and every setting with the validators the pages and
the CLI use, before anything is written: a backup is restored whole or not at all."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data.normalise import empty_table
from data.readers import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, ReadError
from data.schemas import SCHEMAS
from data.settings import SETTING_DEFAULTS, setting_problems
from data.store import TABLE_NAMES, Workspace

FORMAT = "residency-scout-workspace"
VERSION = 1
SETTINGS = (
    "profile",
    "weights",
    "manual_order",
    "letter_assignments",
    "season_dates",
    "final_order",
    "letter_summaries",
    "email_drafts",
    "pickers",
    "grid_drafts",
    "example",
)

# Per-table caps, checked from each member's Parquet metadata before any data is read, so a
# few kilobytes that decode to gigabytes (a dictionary or RLE "bomb") are refused in
# milliseconds. The workspace's own tables stay far below them (100,000 programs: about 10 MB).
MAX_MEMBER_BYTES = 4 * MAX_FILE_BYTES  # as the zip declares it; zipfile never returns more
MAX_TABLE_COLUMNS = MAX_COLUMNS + 20  # the user's columns plus the derived ones
MAX_ROW_GROUPS = 1_000
MAX_TABLE_UNCOMPRESSED = 256 * 1024 * 1024  # Parquet pages after decompression
MAX_TABLE_TEXT = 256 * 1024 * 1024  # text once dictionary and run-length encodings are expanded
MAX_SETTINGS_BYTES = 16 * 1024 * 1024


def export_bundle(workspace: Workspace) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"format": FORMAT, "version": VERSION}))
        for name in TABLE_NAMES:
            table = io.BytesIO()
            workspace.load_table(name).to_parquet(table, index=False)
            archive.writestr(f"{name}.parquet", table.getvalue())
        settings = {name: workspace.load_setting(name) for name in SETTINGS}
        archive.writestr("settings.json", json.dumps({k: v for k, v in settings.items() if v is not None}, sort_keys=True))
    return buffer.getvalue()


def row_counts(content: bytes) -> dict[str, int]:
    """How many rows each table of a backup holds, from the Parquet metadata alone (no table
    is read): what a screen says about a backup before it is restored."""
    counts = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in TABLE_NAMES:
            member = f"{name}.parquet"
            if member in archive.namelist():
                counts[name] = pq.ParquetFile(io.BytesIO(archive.read(member))).metadata.num_rows
    return counts


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ReadError(f"This backup has no {name}; it is incomplete or not a Residency Scout backup.") from None
    if info.file_size > limit:
        raise ReadError(f"{name} in this backup unpacks to {info.file_size / 1024 / 1024:,.0f} MB; the limit is {limit // 1024 // 1024} MB.")
    return archive.read(info)


def _json_object(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        value = json.loads(_member(archive, name, MAX_SETTINGS_BYTES))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ReadError(f"{name} in this backup is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ReadError(f"{name} in this backup must be a JSON object ({{...}}), not a {type(value).__name__}.")
    return value


def _checked_parquet(name: str, content: bytes) -> pd.DataFrame:
    """A table from a backup, refused from its metadata when it would be too large to hold."""
    where = f"The {name} table in this backup"
    try:
        parquet = pq.ParquetFile(io.BytesIO(content), thrift_string_size_limit=1_000_000, thrift_container_size_limit=100_000)
        meta = parquet.metadata
        if meta.num_rows > MAX_ROWS:
            raise ReadError(f"{where} has {meta.num_rows:,} rows; the limit is {MAX_ROWS:,}.")
        if meta.num_columns > MAX_TABLE_COLUMNS:
            raise ReadError(f"{where} has {meta.num_columns:,} columns; the limit is {MAX_TABLE_COLUMNS}.")
        if meta.num_row_groups > MAX_ROW_GROUPS:
            raise ReadError(f"{where} is split into {meta.num_row_groups:,} parts; a workspace table has a few.")
        schema = parquet.schema_arrow
        nested = [f.name for f in schema if pyarrow.types.is_nested(f.type)]
        if nested:
            raise ReadError(f"{where} has nested columns ({', '.join(nested[:5])}); workspace tables hold plain values.")
        unpacked = sum(meta.row_group(g).column(c).total_uncompressed_size for g in range(meta.num_row_groups) for c in range(meta.num_columns))
        if unpacked > MAX_TABLE_UNCOMPRESSED:
            raise ReadError(f"{where} unpacks to {unpacked / 1024 / 1024:,.0f} MB; the limit is {MAX_TABLE_UNCOMPRESSED // 1024 // 1024} MB.")
        # Text read as dictionaries stays as small as it is stored; its expanded size is summed
        # from the dictionary's lengths before a single string is expanded.
        physical = parquet.schema
        text = [physical.column(i).name for i in range(meta.num_columns) if physical.column(i).physical_type in ("BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY")]
        compact = pq.ParquetFile(io.BytesIO(content), read_dictionary=text).read(columns=text) if text else None
        expanded = 0
        for column in compact.columns if compact is not None else []:
            for chunk in column.chunks:
                lengths = pc.binary_length(chunk.dictionary)
                expanded += pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0
                if expanded > MAX_TABLE_TEXT:
                    raise ReadError(f"{where} holds more than {MAX_TABLE_TEXT // 1024 // 1024} MB of text once unpacked; it was not opened.")
        del compact
        return pd.read_parquet(io.BytesIO(content))
    except ReadError:
        raise
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise ReadError(f"{where} could not be read (is the backup complete?): {str(exc).strip()[:200]}") from None


def read_bundle(content: bytes) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Tables and settings from a bundle, checked; ReadError lists what is wrong."""
    if len(content) > MAX_FILE_BYTES:
        raise ReadError("This backup is larger than the upload limit.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(m.file_size for m in archive.infolist()) > 20 * MAX_FILE_BYTES:
            raise ReadError("This backup unpacks to far more than a workspace should; it was not opened.")
        manifest = _json_object(archive, "manifest.json")
        if manifest.get("format") != FORMAT:
            raise ReadError("This is not a Residency Scout workspace backup.")
        version = manifest.get("version", 0)
        if isinstance(version, bool) or not isinstance(version, int):
            raise ReadError(f"manifest.json in this backup has a version that is not a whole number: {str(version)[:40]!r}.")
        if version > VERSION:
            raise ReadError("This backup was made by a newer Residency Scout; please upgrade the app.")
        settings = _json_object(archive, "settings.json")
        problems = [f"unknown setting {name!r}" for name in sorted(set(settings) - set(SETTINGS))]
        for name in SETTINGS:
            if name in settings:
                problems += setting_problems(name, settings[name])
        if problems:
            raise ReadError("The settings in this backup cannot be used: " + "; ".join(problems[:20]) + ("; …" if len(problems) > 20 else "") + ".")
        tables = {name: _read_table(archive, name) for name in TABLE_NAMES}
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise ReadError(f"This backup could not be read: {exc}") from None
    for name, frame in tables.items():
        try:
            SCHEMAS[name].validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise ReadError(f"The {name} in this backup do not match the expected columns: {len(exc.failure_cases)} problems.") from None
    return tables, settings


def import_bundle(workspace: Workspace, content: bytes, expected_revision: int | None = None) -> int:
    """Replace every table and every setting; a setting the backup lacks goes back to its default."""
    tables, settings = read_bundle(content)
    complete = {name: settings[name] if name in settings else SETTING_DEFAULTS[name]() for name in SETTINGS}
    return workspace.save(tables=tables, settings=complete, expected_revision=expected_revision)


# Tables added after the first release; a backup made before them simply has none.
LATER_TABLES = ("applications",)


def _read_table(archive: zipfile.ZipFile, name: str) -> pd.DataFrame:
    if name in LATER_TABLES and f"{name}.parquet" not in archive.namelist():
        return empty_table(name)
    return _checked_parquet(name, _member(archive, f"{name}.parquet", MAX_MEMBER_BYTES))
