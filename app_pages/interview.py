import streamlit as st

from app_pages import common

common.start_session()
st.title("interview")
