"""Crash safety, whole-workspace round trips and the server's effective configuration."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import bundled
from data.bundle import export_bundle, import_bundle, read_bundle
from data.readers import ReadError
from data.store import Workspace
from tests.helpers import program_tables

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    import pandas as pd
    from data.store import Workspace
    from scripts.bench import synthetic_programs
    ws = Workspace({path!r})
    base = synthetic_programs(20_000)
    generation = 0
    while True:
        generation += 1
        table = base.assign(notes=pd.Series([f"generation {{generation}}"] * len(base), dtype="string"))
        ws.save(tables={{"programs": table, "contacts": table.head(0)[[]]}}, settings={{"generation": {{"value": generation}}}})
        print(generation, flush=True)
    """
)


def test_killing_the_app_mid_save_never_corrupts_or_mixes(tmp_path):
    path = tmp_path / "w.sqlite"
    Workspace(path).save(tables={"programs": bundled.example_tables()["programs"]}, settings={"generation": {"value": 0}})
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT), path=str(path)))
    rng = random.Random(7)
    for _ in range(8):
        process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        process.stdout.readline()  # at least one save has completed
        time.sleep(rng.uniform(0.0, 0.6))  # then die somewhere inside a later one
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        ws = Workspace(path)
        assert ws.integrity_ok()
        generation = ws.load_setting("generation")["value"]
        notes = set(ws.load_table("programs")["notes"])
        assert notes == {f"generation {generation}"}, "tables and settings come from the same save"


def test_workspace_backup_round_trip(tmp_path):
    source = Workspace(tmp_path / "a.sqlite")
    tables = bundled.example_tables()
    source.save(
        tables=tables, settings={**bundled.example_settings(), "manual_order": {"order": ["EX1301"]}, "letter_assignments": {"EX1300": ["Dr. A. Example"]}}
    )
    target = Workspace(tmp_path / "b.sqlite")
    import_bundle(target, export_bundle(source))
    for name in tables:
        pd.testing.assert_frame_equal(target.load_table(name), source.load_table(name))
    for name in ("profile", "weights", "manual_order", "letter_assignments"):
        assert target.load_setting(name) == source.load_setting(name)


@settings(max_examples=15, deadline=None)
@given(program_tables(max_size=10), st.dictionaries(st.sampled_from(["friendliness", "focus", "interest"]), st.floats(0, 10), max_size=3))
def test_backup_round_trip_property(tmp_path_factory, programs, weights):
    folder = tmp_path_factory.mktemp("bundle")
    source = Workspace(folder / "a.sqlite")
    source.save(tables={"programs": programs}, settings={"weights": weights})
    target = Workspace(folder / "b.sqlite")
    import_bundle(target, export_bundle(source))
    pd.testing.assert_frame_equal(target.load_table("programs"), source.load_table("programs"))
    assert target.load_setting("weights") == weights


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_bad_backup_is_refused_and_changes_nothing(tmp_path, content):
    ws = Workspace(tmp_path / "w.sqlite")
    ws.save(tables={"programs": bundled.example_tables()["programs"]})
    revision = ws.revision()
    with pytest.raises(ReadError):
        import_bundle(ws, content)
    assert ws.revision() == revision


def test_a_backup_with_wrong_columns_is_refused(tmp_path):
    import io
    import zipfile

    ws = Workspace(tmp_path / "w.sqlite")
    good = export_bundle(ws)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "programs.parquet":
                table = io.BytesIO()
                pd.DataFrame({"program": [1, 2]}).to_parquet(table)
                data = table.getvalue()
            dst.writestr(item, data)
    with pytest.raises(ReadError, match="programs"):
        read_bundle(buffer.getvalue())


def test_effective_server_configuration_is_private():
    code = (
        "from streamlit import config\n"
        "config.get_config_options(force_reparse=True)\n"
        "print(config.get_option('server.address'), config.get_option('browser.gatherUsageStats'),"
        " config.get_option('server.enableXsrfProtection'), config.get_option('server.maxUploadSize'),"
        " config.get_option('client.showErrorDetails'), config.get_option('client.disableDataExport'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert out == ["127.0.0.1", "False", "True", "25", "none", "True"]


def test_charts_never_point_at_a_cdn():
    from app_pages.charts import PLOTLY_CONFIG

    assert PLOTLY_CONFIG["topojsonURL"] == "app/static/topojson/"
    assert (ROOT / "static" / "topojson" / "usa_110m.json").stat().st_size > 10_000
