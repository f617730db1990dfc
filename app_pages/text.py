"""User text on screen: made inert for Markdown, and checked before it is saved."""

from __future__ import annotations

import re
from functools import lru_cache

import streamlit as st

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:&])")


# Streamlit's Markdown turns bare URLs and e-mail addresses into links after escapes are
# resolved, so backslashes cannot stop it; an invisible word joiner inside "http:", "www."
# and after "@" does, and the text reads and prints the same.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(?=:)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """User text made inert for Markdown: no HTML, links (not even bare URLs), images or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


@lru_cache(maxsize=256)
def _problem_of(text: str) -> str | None:
    # Checked once per distinct text: the check builds a one-cell pandas Series (a few ms),
    # and every rerun and page switch asks again of the same boxes' unchanged text.
    from data.normalise import typed_problem as problem_of

    return problem_of(text)


def typed_problem(*keys: str) -> str | None:
    """The first reason the text in one of these boxes cannot be saved (the rules an
    uploaded cell is checked by: data.normalise.typed_problem), or None."""
    for key in keys:
        value = st.session_state.get(key)
        if value is None:
            continue
        problem = _problem_of(str(value))
        if problem:
            return problem
    return None


def text_check(key: str) -> bool:
    """Right under a text box: why its text is not saved, if it cannot be; True when it can."""
    problem = typed_problem(key)
    if problem:
        st.error(f"Not saved: this text {md(problem)}. Change it and it is saved.", icon=":material/block:")
    return problem is None
