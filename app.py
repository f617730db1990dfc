"""Residency Scout: the router. Each page lives in app_pages/ and does one job."""

import streamlit as st

st.set_page_config(page_title="Residency Scout", page_icon="static/favicon.png", layout="wide")

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
    }
)
navigation.run()
