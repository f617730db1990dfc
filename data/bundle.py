"""The whole workspace as one file (a zip of Parquet tables and JSON settings),
for backups and for moving to another computer. Importing validates every
table against its schema before anything is written."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pandera.pandas as pa

from data.readers import MAX_FILE_BYTES, ReadError
from data.schemas import SCHEMAS
from data.store import TABLE_NAMES, Workspace

FORMAT = "residency-scout-workspace"
VERSION = 1
SETTINGS = ("profile", "weights", "manual_order", "letter_assignments", "letter_summaries", "email_drafts", "example")


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


def read_bundle(content: bytes) -> tuple[dict[str, pd.DataFrame], dict[str, dict]]:
    """Tables and settings from a bundle, checked; ReadError says what is wrong."""
    if len(content) > MAX_FILE_BYTES:
        raise ReadError("This backup is larger than the upload limit.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(m.file_size for m in archive.infolist()) > 20 * MAX_FILE_BYTES:
            raise ReadError("This backup unpacks to far more than a workspace should; it was not opened.")
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise ReadError("This is not a Residency Scout workspace backup.")
        if int(manifest.get("version", 0)) > VERSION:
            raise ReadError("This backup was made by a newer Residency Scout; please upgrade the app.")
        tables = {name: pd.read_parquet(io.BytesIO(archive.read(f"{name}.parquet"))) for name in TABLE_NAMES}
        settings = json.loads(archive.read("settings.json"))
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"This backup could not be read: {exc}") from None
    for name, frame in tables.items():
        try:
            SCHEMAS[name].validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise ReadError(f"The {name} in this backup do not match the expected columns: {len(exc.failure_cases)} problems.") from None
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise ReadError(f"This backup has unknown settings: {', '.join(sorted(unknown))}.")
    return tables, settings


def import_bundle(workspace: Workspace, content: bytes, expected_revision: int | None = None) -> int:
    tables, settings = read_bundle(content)
    return workspace.save(tables=tables, settings=settings, expected_revision=expected_revision)
