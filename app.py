"""Residency Scout: the router. Each page lives in app_pages/ and does one job."""

import streamlit as st

from app_pages import recovery
from data import memory

memory.give_back_freed_memory()  # once per server: large frames come and go between pages

st.set_page_config(page_title="Residency Scout", page_icon="static/favicon.png", layout="wide")

# A workspace file that cannot be used gets one screen that says why and offers a way on,
# instead of the same error on every page.
found = recovery.problem() or recovery.failed_save()
if found is not None:
    recovery.screen(found)
    st.stop()
recovery.announce()

# url_path gives each page a plain address (/rank-list, /interview-prep) to type or bookmark.
navigation = st.navigation(
    {
        "Residency Scout": [
            st.Page("app_pages/start.py", title="Start", icon=":material/home:", default=True),
            st.Page("app_pages/profile.py", url_path="profile", title="Profile", icon=":material/person:"),
            st.Page("app_pages/programs.py", url_path="programs", title="Programs", icon=":material/table:"),
            st.Page("app_pages/explore.py", url_path="explore", title="Explore", icon=":material/insights:"),
            st.Page("app_pages/rank_list.py", url_path="rank-list", title="Rank list", icon=":material/format_list_numbered:"),
        ],
        "Prepare": [
            st.Page("app_pages/outreach.py", url_path="outreach", title="Outreach", icon=":material/mail:"),
            st.Page("app_pages/letters.py", url_path="letters", title="Letters", icon=":material/history_edu:"),
            st.Page("app_pages/interview.py", url_path="interview-prep", title="Interview prep", icon=":material/record_voice_over:"),
        ],
        "Season": [
            st.Page("app_pages/applications.py", title="Applications", icon=":material/assignment:", url_path="applications"),
            st.Page("app_pages/networking.py", title="Networking", icon=":material/groups:", url_path="networking"),
            st.Page("app_pages/final_list.py", title="Final rank list", icon=":material/how_to_vote:", url_path="final-rank-list"),
        ],
    }
)
# A page's widgets are new widgets when the previous run drew another page (or was cut short
# by a switch): pages start them from what was saved then (persistence.new_visit).
st.session_state["_previous_page"] = st.session_state.get("_page")
st.session_state["_page"] = navigation.url_path
try:
    navigation.run()
except recovery.WORKSPACE_ERRORS as exc:
    # Damage found while a page reads (a bad table) or a save that cannot be written.
    recovery.screen(recovery.as_problem(exc))
