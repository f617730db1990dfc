"""The work of applying that builds on the decision: emails, letters, interviews, networking and the user's own order."""
