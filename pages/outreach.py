import streamlit as st

from pages import common

common.start_session()
st.title("outreach")
