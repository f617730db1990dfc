"""Issue 24 items 3 and 5: every file written is written whole or not at all. A write that
fails half-way (a full disk) leaves the previous file as it was; two runs racing for one
--out leave one run's complete file, never a mix or a file padded with NUL bytes."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

import cli
from data import export
from data.files import write_atomic

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example"


def _disk_full_after(written: int):
    """A writer that writes `written` bytes and then fails as a full disk does."""

    def write(sink) -> None:
        sink.write(b"x" * written)
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "ranked.csv"
    target.write_bytes(b"the good previous file")
    with pytest.raises(OSError):
        write_atomic(target, _disk_full_after(10_000))
    assert target.read_bytes() == b"the good previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["ranked.csv"]


def test_a_new_file_keeps_the_usual_permissions_or_the_ones_asked_for(tmp_path):
    umask = os.umask(0o022)
    try:
        assert write_atomic(tmp_path / "a.csv", b"a").stat().st_mode & 0o777 == 0o644
        assert write_atomic(tmp_path / "b.zip", b"b", mode=0o600).stat().st_mode & 0o777 == 0o600
        (tmp_path / "c.csv").write_bytes(b"old")
        os.chmod(tmp_path / "c.csv", 0o640)
        assert write_atomic(tmp_path / "c.csv", b"new").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "parquet"])
def test_rank_on_a_full_disk_keeps_the_previous_output(tmp_path, monkeypatch, suffix, capsys):
    out = tmp_path / f"ranked.{suffix}"
    assert cli.main(["rank", str(EXAMPLE / "programs.csv"), "--as-of", "2026-11-22", "--out", str(out)]) == 0
    before = out.read_bytes()

    real_write_csv = export.write_csv

    def failing_write_csv(frame, sink):
        real_write_csv(frame.head(3), sink)  # part of the file reaches the disk, then it is full
        raise OSError(errno.ENOSPC, "No space left on device")

    def failing_by_extension(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "write_csv", failing_write_csv)
    real_fdopen = os.fdopen

    class FullDisk:
        """A file that takes a few bytes and then reports a full disk (an .xlsx became 0 bytes)."""

        def __init__(self, handle):
            self.handle, self.taken = handle, 0

        def write(self, data):
            if self.taken + len(data) > 100:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.taken += len(data)
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))

    def old_write_bytes(self, data):  # the old code's way: straight into the target
        with FullDisk(open(self, "wb")) as sink:
            return sink.write(data)

    monkeypatch.setattr(Path, "write_bytes", old_write_bytes)
    code = cli.main(["rank", str(EXAMPLE / "programs.csv"), "--as-of", "2026-11-22", "--out", str(out)])
    assert code == 1
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def _rows(path: Path) -> int:
    return len(pd.read_csv(path, encoding="utf-8-sig"))


def test_two_racing_rank_runs_leave_one_whole_file(tmp_path, monkeypatch):
    """Deterministic: run A has written half its file when run B writes all of its own
    (smaller) file; A then finishes. Written in place, B's truncation and A's later bytes
    leave a hole of NUL bytes; through a temporary file each run's file is whole."""
    small = tmp_path / "two.csv"
    pd.read_csv(EXAMPLE / "programs.csv").head(2).to_csv(small, index=False)
    out = tmp_path / "ranked.csv"
    a_half_written, b_done = threading.Event(), threading.Event()
    real_write_csv = export.write_csv

    def coordinated(frame, sink):
        if len(frame) <= 2:  # run B
            a_half_written.wait(30)
            real_write_csv(frame, sink)
            sink.flush()
            b_done.set()
            return
        buffer = io.BytesIO()
        real_write_csv(frame, buffer)
        whole = buffer.getvalue()
        sink.write(whole[: len(whole) // 2])
        sink.flush()
        a_half_written.set()
        b_done.wait(30)
        sink.write(whole[len(whole) // 2 :])

    monkeypatch.setattr(export, "write_csv", coordinated)
    codes: dict[str, int] = {}
    runs = [
        threading.Thread(target=lambda: codes.setdefault("a", cli.main(["rank", str(EXAMPLE / "programs.csv"), "--as-of", "2026-11-22", "--out", str(out)]))),
        threading.Thread(target=lambda: codes.setdefault("b", cli.main(["rank", str(small), "--as-of", "2026-11-22", "--out", str(out)]))),
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join(120)
    assert codes == {"a": 0, "b": 0}
    content = out.read_bytes()
    assert b"\x00" not in content
    assert _rows(out) in (44, 2)  # the last rename wins, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ranked.csv", "two.csv"]


def test_two_rank_processes_onto_one_out_leave_a_valid_file(tmp_path):
    out = tmp_path / "ranked.csv"
    command = [sys.executable, str(ROOT / "cli.py"), "rank", str(EXAMPLE / "programs.csv"), "--as-of", "2026-11-22", "--out", str(out)]
    for _ in range(2):
        runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        assert [r.wait(120) for r in runs] == [0, 0]
        assert b"\x00" not in out.read_bytes() and _rows(out) == 44
    assert [p.name for p in tmp_path.iterdir()] == ["ranked.csv"]
