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

from app_pages import saving as common
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


# Issue 24 item 4: what the sidebar shows is what is saved ---------------------------------

WEIGHT_KEYS = ("w_interest", "w_research")


def _abandoning(monkeypatch: pytest.MonkeyPatch, abandon: Callable[[int], bool]) -> list[int]:
    """Make some weight saves stop where Streamlit abandons a callback once a newer run is
    queued: after the session's weights changed, before the save. Returns the call count."""
    calls = [0]
    real_save = common.save

    def save(**kwargs):
        if "weights" in (kwargs.get("settings") or {}):
            calls[0] += 1
            if abandon(calls[0]):
                return False  # abandoned: nothing written, nothing said
        return real_save(**kwargs)

    monkeypatch.setattr(common, "save", save)
    return calls


def _shown_and_saved(at, workspace_path: Path) -> tuple[dict, dict]:
    saved = Workspace(workspace_path).load_setting("weights")
    return {k: at.slider(key=k).value for k in WEIGHT_KEYS}, {k: saved[k[2:]] for k in WEIGHT_KEYS}


def test_a_weight_save_abandoned_by_a_newer_run_is_made_good_by_the_next_run(workspace_path, monkeypatch):
    from tests.test_pages import open_app

    at = open_app("app_pages/explore.py")
    _abandoning(monkeypatch, lambda n: n == 1)
    at.slider(key="w_interest").set_value(10.0).run()
    at.run()  # the next run, with no slider moved (five idle seconds in the audit)
    shown, saved = _shown_and_saved(at, workspace_path)
    assert shown == saved and shown["w_interest"] == 10.0
    assert not at.error


def test_bursts_on_two_sliders_leave_what_is_shown_saved(workspace_path, monkeypatch):
    import random

    from tests.test_pages import open_app

    rng = random.Random(24)
    at = open_app("app_pages/explore.py")
    _abandoning(monkeypatch, lambda n: rng.random() < 0.4)
    for burst in range(6):
        for _ in range(rng.randint(1, 5)):
            key = rng.choice(WEIGHT_KEYS)
            at.slider(key=key).set_value(rng.randint(0, 20) / 2).run()
        at.run()  # the burst is over: the page settles
        shown, saved = _shown_and_saved(at, workspace_path)
        assert shown == saved, f"burst {burst}"
    assert not at.error
