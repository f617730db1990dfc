"""How the Profile names each answer it offers (the stored codes are data/settings.py's)."""

VISA_LABELS = {"none": "No visa needed", "j1": "J-1", "h1b": "H-1B", "either": "J-1 or H-1B"}
PRIOR_LABELS = {
    "none": "No prior residency",
    "pediatrics": "Pediatrics",
    "internal-medicine": "Internal medicine",
    "obgyn": "Obstetrics and gynecology",
    "other": "Other",
}
WHERE_LABELS = {"": "Not said yet", "us-canada": "In the US or Canada (ACGME or RCPSC)", "abroad": "Abroad"}
STEP3_LABELS = {"": "Not entered", "not-taken": "Not taken", "scheduled": "Scheduled", "passed": "Passed"}
STEP1_LABELS = {
    "": "Not entered",
    "pass": "Passed",
    "pass-after-fail": "Passed after a fail",
    "failed": "Failed, not passed yet",
    "not-taken": "Not taken",
    # An answer saved before the two above were told apart. Short enough to read whole in the box
    # (a longer one was cut mid-word); the note under the answers says what to pick, in plain words.
    "failed-attempts": "Failed once: see the note below",
}

# The Profile's answers that a program's eligibility can wait on, as the Profile labels them
# (keys: scoring.decision.eligibility.WAITS_ON_PROFILE).
ANSWER_LABELS = {
    "visa_need": "Visa you need",
    "step2_score": "Step 2 CK score",
    "attempts": "Most attempts on any one Step",
    "graduation_year": "Graduation year",
    "ecfmg_expected": "Expected ECFMG certification",
    "prior_residency_where": "Where you trained",
    "step3": "USMLE Step 3",
    "prior_residency": "Prior residency (completed)",
}
# The answers a new profile leaves unsaid (data.settings.UNSAID_FIELDS), as the Profile names them.
UNSAID_LABELS = {
    "visa_need": "Visa you need",
    "prior_residency": "Prior residency (completed)",
    "career_focus": "Career focus",
    "career_path": "Career path",
}
