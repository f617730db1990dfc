"""Residency Scout: the router. Each page lives in pages/ and does one job."""

import streamlit as st

st.set_page_config(page_title="Residency Scout", page_icon="static/favicon.png", layout="wide")

navigation = st.navigation(
    {
        "Residency Scout": [
            st.Page("pages/start.py", title="Start", icon=":material/home:", default=True),
            st.Page("pages/profile.py", title="Profile", icon=":material/person:"),
            st.Page("pages/programs.py", title="Programs", icon=":material/table:"),
            st.Page("pages/explore.py", title="Explore", icon=":material/insights:"),
            st.Page("pages/rank_list.py", title="Rank list", icon=":material/format_list_numbered:"),
        ],
        "Prepare": [
            st.Page("pages/outreach.py", title="Outreach", icon=":material/mail:"),
            st.Page("pages/letters.py", title="Letters", icon=":material/history_edu:"),
            st.Page("pages/interview.py", title="Interview prep", icon=":material/record_voice_over:"),
        ],
    }
)
navigation.run()
