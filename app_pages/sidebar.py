"""The weights in the sidebar: sliders, presets and how unknowns count, saved as they move."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import saving
from app_pages.persistence import new_visit
from app_pages.saving import _Seen, callback, holder, one_writer, show_save_problem
from app_pages.settings import weights
from app_pages.workspace import workspace
from data.settings import FACTOR_LABELS, FACTORS, PRESETS, UNKNOWNS, UNKNOWNS_LABELS, Weights


@callback
def _save_weights() -> None:
    # The sliders and the unknowns choice both draw from (and write to) the saved weights.
    # Read under the lock: a run that saves second reads the sliders as they are now.
    with one_writer():
        preset = PRESETS.get(st.session_state.get("w_preset") or "")
        if preset is not None and any(float(st.session_state[f"w_{f}"]) != float(getattr(preset, f)) for f in FACTORS):
            st.session_state["w_preset"] = None  # a weight moved off the preset, which no longer names them
        values: dict[str, Any] = {**st.session_state["weights"], **{f: float(st.session_state[f"w_{f}"]) for f in FACTORS}}
        values["unknowns"] = st.session_state.get("w_unknowns") or values.get("unknowns") or "middle"
        st.session_state["weights"] = values
        _save_weights_now(values, holder())


def _save_weights_now(values: dict[str, Any], seen: _Seen) -> None:
    # The holder is passed down: no session state is read while its lock is held, and a
    # callback abandoned after the commit still leaves the saved weights recorded.
    if saving.save(holder=seen, settings={"weights": values}):
        seen.weights = values


def _weights_unsaved() -> None:
    """Save the weights the sliders show when this session has not saved them: a callback
    abandoned between changing the session's weights and saving them (see _Seen) is made
    good by the next run, whatever order the callbacks and reruns arrived in. Not while
    another window's save is unseen: that save is refused and says so, as a callback's is."""
    seen = holder()
    values = st.session_state.get("weights")
    if seen.value is None or values is None or values == seen.weights:
        return
    # Without taking the session's lock here: the script's run would then read session state
    # while holding it, the opposite order to a callback's (see saving).
    if workspace().revision() == seen.value:
        _save_weights_now(dict(values), seen)


@callback
def _apply_preset() -> None:
    name = st.session_state.get("w_preset")
    if name in PRESETS:
        for factor in FACTORS:
            st.session_state[f"w_{factor}"] = float(getattr(PRESETS[name], factor))
        _save_weights()


def _weight_keys() -> dict[str, Any]:
    current = st.session_state["weights"]
    values = {f: float(current.get(f, 5.0)) for f in FACTORS}
    # The preset box names the preset the weights are at, on every page and after a restart;
    # once a slider moves away from it, it asks again.
    preset = next((name for name, p in PRESETS.items() if all(float(getattr(p, f)) == values[f] for f in FACTORS)), None)
    return {**{f"w_{f}": v for f, v in values.items()}, "w_unknowns": current.get("unknowns") or "middle", "w_preset": preset}


def sidebar_weights() -> Weights:
    """The weights in the sidebar. The saved weights own the values. On a new visit
    (new_visit) the sliders are new widgets, which Streamlit may start at their
    minimum: every key is written from the saved weights. On a rerun
    of the same page a key is written only when it differs, since writing pushes the
    value to the browser again and would undo a key press made during the run."""
    _weights_unsaved()
    wanted = _weight_keys()
    fresh = new_visit()
    for key, value in wanted.items():
        if fresh or st.session_state.get(key) != value:
            st.session_state[key] = value
    with st.sidebar:
        st.subheader("Weights")
        st.selectbox("Preset", list(PRESETS), index=None, format_func=str.capitalize, placeholder="Choose a preset…", key="w_preset", on_change=_apply_preset)
        for factor in FACTORS:
            st.slider(FACTOR_LABELS[factor], 0.0, 10.0, step=0.5, format="plain", key=f"w_{factor}", on_change=_save_weights)
        st.radio(
            "How unknowns count",
            UNKNOWNS,
            format_func=lambda v: UNKNOWNS_LABELS[v].capitalize(),
            key="w_unknowns",
            on_change=_save_weights,
            help="An input you have not found out yet leaves a range. Ranking and tiers count it at the point you choose; the ranges stay on show.",
        )
        show_save_problem()
    return weights()
