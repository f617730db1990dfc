"""One session saving from two runs at once.

Streamlit can start a newer run's callbacks in a new thread while the older
run's callback is still saving (a slider moved twice in quick succession). The
session's own saves must then go one after the other, each expecting the
revision the one before wrote; none may be refused as if another window had
written, and no typed text may be lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app_pages import common
from data.store import StaleWorkspace, Workspace


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Workspace, dict]:
    ws = Workspace(tmp_path / "workspace.sqlite")
    ws.save(settings={"email_drafts": {}})
    state: dict = {"revision": common._Seen(ws.revision())}
    monkeypatch.setattr(common.st, "session_state", state)
    monkeypatch.setattr(common, "workspace", lambda: ws)
    real_save = ws.save

    def slow_save(*args, **kwargs):
        # Widen the window between reading the expected revision and committing,
        # as a loaded machine does.
        time.sleep(0.02)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(ws, "save", slow_save)
    return ws, state


def at_once(jobs: list[Callable[[], object]]) -> list[object]:
    results: list[object] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i: int) -> None:
        start.wait()
        results[i] = jobs[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_saves_from_two_runs_at_once_all_land(session):
    ws, state = session
    before = ws.revision()
    results = at_once([lambda n=n: common.save(settings={"weights": {"interest": float(n)}}) for n in range(8)])
    assert results == [True] * 8
    assert "_stale_message" not in state
    assert ws.revision() == before + 8 == common.seen_revision()


def test_typed_text_saved_from_two_runs_at_once_keeps_both_fields(session):
    ws, state = session
    state["k_summary"] = "Met her at the clinic"
    state["k_ask"] = "Ask in March"
    at_once(
        [
            lambda: common.keep_text("email_drafts", "EX1", "summary", "k_summary"),
            lambda: common.keep_text("email_drafts", "EX1", "ask", "k_ask"),
        ]
    )
    assert ws.load_setting("email_drafts") == {"EX1": {"summary": "Met her at the clinic", "ask": "Ask in March"}}
    assert "_stale_message" not in state


def test_a_save_from_another_window_is_still_refused(session):
    ws, state = session
    Workspace(ws.path).save(settings={"email_drafts": {"EX1": {"summary": "from the other tab"}}})
    assert common.save(settings={"email_drafts": {}}) is False
    assert "another window" in state["_stale_message"]
    with pytest.raises(StaleWorkspace):
        common.saving(lambda expected: ws.save(expected_revision=expected, settings={"email_drafts": {}}))
