"""The season's calendar: where each application stands, the season's dates, the agenda and what each step costs."""
