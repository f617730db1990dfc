"""Issue 24 item 9: the Applications page does no work per program on a rerun (a set of the
applied programs was rebuilt once per program: about 30 s at 100,000 programs). Counted,
not timed: the pandas calls a rerun makes must not grow with the number of programs."""

from __future__ import annotations

import pandas as pd

from data import bundled
from data.store import Workspace
from tests.test_pages import open_app


def _calls_per_rerun(workspace_path, n: int, monkeypatch) -> int:
    from scripts.bench import user_sheet

    programs = bundled.example_tables()["programs"] if n == 44 else user_sheet(n)
    from data.normalise import empty_table

    tables = {**bundled.example_tables(), "programs": programs, "applications": empty_table("applications")}
    Workspace(workspace_path).save(tables=tables, settings={"example": {"in_use": False}})
    at = open_app("app_pages/applications.py", example=False)
    at.run()
    calls = [0]
    for name in ("dropna", "isin", "unique"):
        real = getattr(pd.Series, name)

        def counted(self, *args, _real=real, **kwargs):
            calls[0] += 1
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(pd.Series, name, counted)
    at.run()
    assert not at.exception, at.exception
    monkeypatch.undo()
    return calls[0]


def test_an_applications_rerun_does_no_work_per_program(tmp_path, monkeypatch):
    counts = {}
    for n in (44, 600):
        path = tmp_path / f"ws-{n}.sqlite"
        monkeypatch.setenv("RESIDENCY_SCOUT_WORKSPACE", str(path))
        monkeypatch.setenv("RESIDENCY_SCOUT_TODAY", "2026-11-22")
        counts[n] = _calls_per_rerun(path, n, monkeypatch)
    assert counts[600] - counts[44] < 20, counts
