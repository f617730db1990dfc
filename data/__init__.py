"""Reading, normalising, validating and storing the user's tables."""
