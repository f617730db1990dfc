"""Pure scoring: friendliness, eligibility, fit, tiers, ranking. No I/O, no Streamlit."""
