"""Hostile backups: bad settings, non-object JSON, Parquet bombs. Each is refused whole,
with the list of problems, before anything is written; the workspace is unchanged."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data import bundled
from data.bundle import export_bundle, import_bundle, read_bundle
from data.readers import ReadError
from data.settings import SETTING_DEFAULTS
from data.store import Workspace

ROOT = Path(__file__).resolve().parent.parent


def _replace(bundle: bytes, **members: bytes) -> bytes:
    """The backup with some members' bytes swapped (names with '.' passed as 'programs_parquet')."""
    swaps = {name.replace("_", "."): data for name, data in members.items()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, swaps.get(item.filename, src.read(item)))
    return out.getvalue()


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory) -> bytes:
    ws = Workspace(tmp_path_factory.mktemp("src") / "w.sqlite")
    ws.save(tables=bundled.example_tables(), settings=bundled.example_settings())
    return export_bundle(ws)


def _settings(good: bytes, **changes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        settings = json.loads(archive.read("settings.json"))
    settings.update(changes)
    return _replace(good, settings_json=json.dumps(settings).encode())


BAD_SETTINGS = [
    ({"profile": {"thresholds": {"dream_goal_fit": "abc"}}}, "dream_goal_fit"),
    ({"profile": {"preferred_divisions": "Pacific"}}, "preferred_divisions"),
    ({"weights": {"focus": 1e300 * 10}}, "weights.focus"),
    ({"weights": [1, 2]}, "weights must be a JSON object"),
    ({"manual_order": {"order": [1, 2, 3]}}, "manual_order"),
    ({"letter_assignments": "Dr A"}, "letter_assignments"),
    ({"letter_assignments": {"P1": "Dr A"}}, "letter_assignments"),
    ({"mystery": 1}, "unknown setting"),
]


@pytest.mark.parametrize(("changes", "named"), BAD_SETTINGS)
def test_a_backup_with_a_bad_setting_is_refused_and_changes_nothing(tmp_path, good_bundle, changes, named):
    ws = Workspace(tmp_path / "w.sqlite")
    ws.save(settings={"weights": {"focus": 2.0}})
    revision = ws.revision()
    with pytest.raises(ReadError, match=named):
        import_bundle(ws, _settings(good_bundle, **changes))
    assert ws.revision() == revision and ws.load_setting("weights") == {"focus": 2.0}


def test_every_bad_setting_is_listed_at_once(good_bundle):
    bad = _settings(good_bundle, profile={"thresholds": {"dream_goal_fit": "abc"}}, manual_order={"order": [1]}, letter_assignments="x")
    with pytest.raises(ReadError) as caught:
        read_bundle(bad)
    message = str(caught.value)
    assert "dream_goal_fit" in message and "manual_order" in message and "letter_assignments" in message


@pytest.mark.parametrize("member", ["manifest_json", "settings_json"])
@pytest.mark.parametrize("content", [b"[]", b"[1, 2]", b'"text"', b"3", b"null", b"{not json", b"\xff\xfe"])
def test_manifest_or_settings_that_are_not_objects_are_refused(good_bundle, member, content):
    with pytest.raises(ReadError, match=member.replace("_", ".")):
        read_bundle(_replace(good_bundle, **{member: content}))


def test_a_version_that_is_not_a_number_is_refused(good_bundle):
    with pytest.raises(ReadError, match="version"):
        read_bundle(_replace(good_bundle, manifest_json=b'{"format": "residency-scout-workspace", "version": "abc"}'))


def test_restore_resets_settings_the_backup_lacks(tmp_path, good_bundle):
    ws = Workspace(tmp_path / "w.sqlite")
    ws.save(settings={"manual_order": {"order": ["EX1"]}, "letter_assignments": {"EX1": ["Dr A"]}})
    with zipfile.ZipFile(io.BytesIO(good_bundle)) as archive:
        assert not {"manual_order", "letter_assignments"} & set(json.loads(archive.read("settings.json")))  # the backup lacks both
    import_bundle(ws, good_bundle)
    assert ws.load_setting("manual_order") == SETTING_DEFAULTS["manual_order"]()
    assert ws.load_setting("letter_assignments") == SETTING_DEFAULTS["letter_assignments"]()
    assert ws.load_setting("weights") == bundled.example_settings()["weights"]


# Parquet bombs -------------------------------------------------------------------------


def _parquet(table: pa.Table, **options) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **options)
    return buffer.getvalue()


def dictionary_bomb(rows: int = 100_000, cell: int = 1_000_000) -> bytes:
    """A few KB that expand to rows x cell bytes: one long text, referenced by every row."""
    column = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["x" * cell]))
    return _parquet(pa.table({"program": column}), compression="zstd")


def many_rows() -> bytes:
    return _parquet(pa.table({"program": pa.nulls(5_000_000, pa.string())}), compression="zstd")


def many_columns() -> bytes:
    return _parquet(pa.table({f"c{i}": pa.array([None], pa.string()) for i in range(400)}))


def nested() -> bytes:
    return _parquet(pa.table({"program": pa.array([[1] * 10], pa.list_(pa.int64()))}))


@pytest.mark.parametrize(
    ("make", "reason"),
    [(dictionary_bomb, "MB of text"), (many_rows, "rows"), (many_columns, "columns"), (nested, "nested"), (lambda: b"PAR1 truncated", "could not be read")],
)
def test_hostile_tables_are_refused_quickly(tmp_path, good_bundle, make, reason):
    data = make()
    bundle = _replace(good_bundle, programs_parquet=data)
    ws = Workspace(tmp_path / "w.sqlite")
    started = time.perf_counter()
    with pytest.raises(ReadError, match=reason):
        import_bundle(ws, bundle)
    assert time.perf_counter() - started < 5
    assert not ws.is_initialised()


def test_the_dictionary_bomb_is_small_and_refused_with_bounded_memory(tmp_path):
    bomb = dictionary_bomb()
    assert len(bomb) < 16_000, len(bomb)  # about 8 KB that would be 100 GB of text
    path = tmp_path / "bomb.zip"
    ws = Workspace(tmp_path / "src.sqlite")
    path.write_bytes(_replace(export_bundle(ws), programs_parquet=bomb))
    code = (
        "import resource, sys\n"
        "from data.bundle import read_bundle\n"
        "from data.readers import ReadError\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        f"    read_bundle(open({str(path)!r}, 'rb').read())\n"
        "except ReadError as exc:\n"
        "    print('refused', exc)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("refused"), result.stdout + result.stderr
    assert int(lines[-1]) < 300, f"reading the bomb grew memory by {lines[-1]} MB"
