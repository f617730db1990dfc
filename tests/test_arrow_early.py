"""`cli.py check` starts Arrow's reading of a CSV file before pandas is imported
(data/arrow_csv.start_early): whatever the file, reading it after that start gives what
reading it alone gives, the same table or the same refusal in the same words."""

import pandas as pd
import pytest

from data import arrow_csv
from data.readers import ReadError, read_path

CASES = {
    "plain.csv": b"program,state,notes\nPediatrics-Medical Genetics,IN,a\nPediatrics-Medical Genetics,TX,b\n",
    "bom.csv": b"\xef\xbb\xbfprogram,state\nA,IN\n",
    "semicolon.csv": b"program;state;step2\nA;IN;3,5\n",
    "tabs.tsv": b"program\tstate\nA\tIN\n",
    "crlf.csv": b"program,state\r\nA,IN\r\nB,TX\r\n",
    "no end of line.csv": b"program,state\nA,IN",
    "line break in a cell.csv": b'program,state,notes\nA,IN,"one\ntwo"\n',
    "quote never closed.csv": b'program,state\n"A,IN\nB,TX\n',
    "wrong width.csv": b"program,state\nA,IN,extra\nB,TX\n",
    "lone cr.csv": b"program,state\rA,IN\r",
    "windows-1252.csv": "program,state\nCaf\u00e9,IN\n".encode("cp1252"),
    "utf-16.csv": "program,state\nA,IN\n".encode("utf-16"),
    "control byte.csv": b"program,state\nA\x07,IN\n",
    "binary.csv": b"PK\x03\x04\x00\x00binary",
    "empty.csv": b"",
    "header only.csv": b"program,state\n",
    "too wide.csv": (",".join(f"c{i}" for i in range(250)) + "\n" + ",".join("x" for _ in range(250)) + "\n").encode(),
    "text.txt": b"program\tstate\nA\tIN\n",
}


def _read(path):
    try:
        table = read_path(path)
    except ReadError as exc:
        return ("refused", str(exc))
    return ("read", table.frame, table.encoding, table.delimiter, table.warnings, table.scanned, table.row_errors)


def _same(a, b):
    assert a[0] == b[0]
    if a[0] == "refused":
        assert a[1] == b[1]
        return
    pd.testing.assert_frame_equal(a[1], b[1])
    assert a[2:6] == b[2:6]
    pd.testing.assert_frame_equal(a[6], b[6])


@pytest.mark.parametrize("name", list(CASES))
def test_reading_started_early_reads_what_reading_alone_reads(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(CASES[name])
    alone = _read(path)
    arrow_csv.start_early(path)
    early = _read(path)
    _same(early, alone)


@pytest.fixture(autouse=True)
def _nothing_left_between_tests():
    yield
    # A file refused before Arrow's step (binary, empty) leaves the early reading untaken: the
    # next read compares bytes and reads its own file; here each test starts clean.
    thread = arrow_csv._early.pop("thread", None)
    if thread is not None:
        thread.join()
    arrow_csv._early.clear()


def test_a_file_changed_after_the_early_start_is_read_as_it_is_now(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"program,state\nA,IN\n")
    arrow_csv.start_early(path)
    arrow_csv._early["thread"].join()  # the early reading is done
    path.write_bytes(b"program,state\nB,TX\nC,OH\n")
    assert read_path(path).frame["program"].tolist() == ["B", "C"]


def test_an_early_start_on_another_file_is_not_used(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(b"program,state\nA,IN\n")
    second.write_bytes(b"program,state\nB,TX\n")
    arrow_csv.start_early(first)
    assert read_path(second).frame["program"].tolist() == ["B"]


@pytest.mark.parametrize("where", ["missing.csv", "a folder.csv"])
def test_an_early_start_on_what_is_not_a_file_leaves_the_refusal_to_the_reader(tmp_path, where):
    path = tmp_path / where
    if where == "a folder.csv":
        path.mkdir()
    alone = _read(path)
    arrow_csv.start_early(path)
    _same(_read(path), alone)
