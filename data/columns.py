"""The columns each table accepts: one declaration drives normalising, the
pandera schemas, the blank template and the README's column reference."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from data.packs import registry

# Kinds of cell. Each kind has one parser in data.normalise and one dtype.
TEXT = "text"
INT = "int"
YESNO = "yesno"
ENUM = "enum"
DATE = "date"
STATE = "state"
URL = "url"
TAGS = "tags"
REGION = "region"
DIVISION = "division"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    aliases: tuple[str, ...] = ()
    # Spellings users write for an allowed value, after header-style folding.
    synonyms: dict[str, str] = field(default_factory=dict)
    # A cutoff's value for "the program states none" (see NO_CUTOFF_WORDS): a blank cutoff
    # means not checked yet, so "none" needs a value of its own. It is chosen so that the
    # comparison eligibility makes can never fail on it (a minimum of 0, a maximum no one
    # reaches, a deadline centuries away), and it is written back as `none` in every file.
    none_value: bool | int | str | None = None


# What a sheet writes in a cutoff cell for "the program states no cutoff" (folded):
# distinct from a blank, which means the applicant has not checked yet.
NO_CUTOFF_WORDS = frozenset({"none", "nocutoff", "no", "nolimit", "nominimum", "nomaximum", "norequirement", "notrequired"})
# What a sheet writes in a cutoff cell when the applicant looked and the program says nothing
# ("not stated", "none listed", "unclear"; folded, and read as the cell's start, so "not stated
# on the website" is one too). Silence does not rule a cutoff out, so such a cell is not `none`:
# it is unknown, like a blank, and kept as written with SILENT_CUTOFF_REASON, so the applicant
# asks. ("unknown" and "?" are blanks already: not known yet, by anyone.)
SILENT_CUTOFF_WORDS = (
    "notstated",
    "nonestated",
    "notlisted",
    "nonelisted",
    "notmentioned",
    "nonementioned",
    "notspecified",
    "nonespecified",
    "unspecified",
    "notgiven",
    "notsaid",
    "nothingstated",
    "nothinglisted",
    "notfound",
    "notclear",
    "unclear",
)
SILENT_CUTOFF_REASON = (
    "says the program does not state it, which is not the same as no cutoff: one is still possible. Ask the program, and write none if it has none"
)
NO_CUTOFF_DATE = "2200-01-01"


def fold(text: object) -> str:
    """Case-, space- and punctuation-insensitive key used to match headers."""
    return re.sub(r"[^0-9a-z]+", "", str(text).lower())


# A specialty's words (its tracks and strength tags) come from its pack
# (data/specialties/*.toml, data.packs), loaded once here so every table reads them.
_PACKS = registry()
STRENGTH_TAGS = _PACKS.strength_tags
TRACK_SYNONYMS = _PACKS.track_synonyms
TRACK_CODES = _PACKS.track_codes
GENERIC_WRITER_KINDS = ("research-mentor", "home-faculty", "other")
WRITER_KINDS = (*_PACKS.writer_kinds, *GENERIC_WRITER_KINDS)

# Where a fact came from, for each group of facts a program keeps (the upload's
# `<group>_source` / `<group>_checked_on` columns; data.provenance reads them).
SOURCES = ("website", "freida", "directory", "email", "open-house", "resident", "other")
SOURCE_SYNONYMS = {
    "programwebsite": "website",
    "site": "website",
    "web": "website",
    "freidaonline": "freida",
    "nrmp": "directory",
    "acgme": "directory",
    "eras": "directory",
    "nrmpdirectory": "directory",
    "acgmedirectory": "directory",
    "emailreply": "email",
    "mail": "email",
    "openhouse": "open-house",
    "virtualopenhouse": "open-house",
    "currentresident": "resident",
    "residents": "resident",
}
FACT_GROUPS = {
    "visa": "Visa",
    "cutoffs": "Cutoffs",
    "img_history": "IMG history",
    "clarity": "Clarity",
    "responsiveness": "Responsiveness",
    "focus": "Focus",
}
# The facts of each group: a group is dated, and two sources of it can disagree, only where one of them is known.
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "visa": ("j1", "h1b", "intl_trainees_mentioned", "visa_points"),
    "cutoffs": ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by", "requires_prior_residency"),
    "img_history": ("imgs_last_5y", "img_cohorts_last_5y", "imgs_present_last_5y", "past_imgs_points"),
    "clarity": ("img_info", "img_faq", "clarity_points"),
    "responsiveness": ("responsiveness", "responsiveness_points"),
    "focus": ("peds_emphasis", "adult_emphasis", "strengths", "research_time", "childrens_hospital", "cancer_center", "onsite_labs"),
}

PROGRAM_COLUMNS: tuple[Column, ...] = (
    Column("program", TEXT, "Program name.", required=True, aliases=("Program name", "Name", "Residency program", "Residency")),
    Column(
        "program_id",
        TEXT,
        "ACGME/NRMP code. Unique when given; otherwise derived from program, institution and state.",
        aliases=("Program ID",),
    ),
    Column(
        "nrmp_code",
        TEXT,
        "NRMP program code, such as 1716766C0: institution (4 digits), specialty (3), position type (C, M, P, A or R) and a track number (1 to 3 digits). "
        "A cell not of that form is flagged and not used as the program's id.",
        aliases=("NRMP Code", "NRMP program code", "NRMP number"),
    ),
    Column(
        "acgme_id",
        TEXT,
        "ACGME program number, digits only (10 in every one seen; the length is not confirmed). Other text is flagged.",
        aliases=("ACGME Code", "ACGME ID", "ACGME program ID", "ACGME number"),
    ),
    Column("institution", TEXT, "Sponsoring institution.", aliases=("Sponsoring institution", "Hospital", "Institution Name", "Sponsoring Institution Name")),
    Column("city", TEXT, "City. A combined `City, state` column fills both city and state."),
    Column(
        "state",
        STATE,
        "USPS code, full state name or a usual abbreviation (`Texas`, `Tex.` become `TX`); DC and PR allowed.",
        required=True,
    ),
    Column("region", REGION, "US Census region; derived from the state when blank."),
    Column("division", DIVISION, "US Census division (the ERAS geographic preference); derived when blank."),
    Column(
        "track",
        ENUM,
        "Program type.",
        allowed=TRACK_CODES,
        aliases=("Program type", "Type"),
        synonyms=TRACK_SYNONYMS,
    ),
    Column(
        "specialty",
        TEXT,
        "The specialty: a pack's file name in `data/specialties` or its name (`pediatrics`, `Pediatrics`). Blank: from the track, else the NRMP code's specialty digits.",
        aliases=("Specialty",),
    ),
    Column("website", URL, "Program website; http(s) only.", aliases=("Program website URL", "URL", "Website URL")),
    Column("eras_code", TEXT, "ERAS program code.", aliases=("Application pathway (ERAS code)", "ERAS code", "ERAS ID")),
    Column("positions", INT, "Positions per year.", min=0, max=1000),
    Column("established_year", INT, "Year the program started.", min=1900, max=2100, aliases=("Established",)),
    Column(
        "acgme_status",
        ENUM,
        "ACGME accreditation status.",
        allowed=("continued", "initial", "warning", "probation"),
        aliases=("ACGME status", "Accreditation status"),
        synonyms={"continuedaccreditation": "continued", "initialaccreditation": "initial"},
    ),
    Column(
        "j1",
        YESNO,
        "Accepts J-1 physicians (for clinical training ECFMG is the visa's sponsor, the program accepts it).",
        aliases=("J-1? Y/N", "J-1", "J1 visa", "J-1 supported (Y/N)", "J-1 sponsor", "J-1 sponsorship", "Sponsors J-1"),
    ),
    Column(
        "h1b",
        ENUM,
        "Sponsors the H-1B visa; `considered` means case by case. Every H-1B for residency also needs Step 3 passed.",
        allowed=("yes", "considered", "no"),
        aliases=("H-1B? Y/N", "H-1B", "H1B visa", "H-1B possible (Y/N)", "H-1B sponsor", "H-1B sponsorship", "Sponsors H-1B"),
        synonyms={
            "y": "yes",
            "true": "yes",
            "1": "yes",
            "✓": "yes",
            "n": "no",
            "false": "no",
            "0": "no",
            "✗": "no",
            # The guide's own idiom for an H-1B decided per applicant. A word that does not say a
            # policy ("maybe", "idk", "ask") is not read as one: it is flagged, kept as written.
            "casebycase": "considered",
        },
    ),
    Column(
        "intl_trainees_mentioned",
        YESNO,
        "The site explicitly mentions international trainees.",
        aliases=("International trainees mentioned",),
    ),
    Column(
        "img_info",
        ENUM,
        "How clear the IMG/ECFMG instructions are.",
        allowed=("none", "limited", "clear"),
        aliases=("IMG info", "ECFMG/IMG instructions"),
        synonyms={"no": "none", "some": "limited", "minimal": "limited"},
    ),
    Column("img_faq", YESNO, "Has an IMG FAQ; used when `img_info` is blank.", aliases=("IMG FAQ available? Y/N", "IMG FAQ")),
    Column(
        "imgs_last_5y", INT, "IMG residents in the last five years.", min=0, max=1000, aliases=("IMGs last 5 years", "IMGs", "Number of IMGs", "IMGs 5 yrs")
    ),
    Column("img_cohorts_last_5y", INT, "How many of the last five cohorts had an IMG.", min=0, max=5),
    Column(
        "imgs_present_last_5y",
        YESNO,
        "Any IMG resident in the last five years (the guide's Y/N); used when the two counts above are blank.",
        aliases=("IMGs present in last 5 years", "IMGs present", "Any IMGs"),
    ),
    Column(
        "international_schools",
        TEXT,
        "International medical schools represented among residents (not scored).",
        aliases=("International schools represented", "International schools"),
    ),
    Column("usmle_requirements", TEXT, "USMLE requirements as the program states them (not scored; the cutoff columns are).", aliases=("USMLE requirements",)),
    Column(
        "min_step2_score",
        INT,
        "Minimum Step 2 CK score: a number, `none` (the program states no minimum), or blank (not checked yet).",
        min=1,
        max=300,
        aliases=("Min Step 2", "Step 2 cutoff", "Step 2 min", "Step 2 minimum", "Min Step 2 CK", "Step 2 CK cutoff"),
        none_value=0,
    ),
    Column(
        "max_attempts",
        INT,
        "Most attempts accepted on any one USMLE Step: a number, `none`, or blank (not checked yet).",
        min=1,
        max=10,
        aliases=("Attempts limit", "Max attempts", "USMLE attempts limit"),
        none_value=99,
    ),
    Column(
        "max_years_since_graduation",
        INT,
        "Most years since medical school graduation accepted: a number, `none`, or blank (not checked yet).",
        min=0,
        max=80,
        aliases=("YOG cutoff", "Years since graduation", "Years since grad limit", "Graduation cutoff"),
        none_value=999,
    ),
    Column(
        "ecfmg_required_by",
        DATE,
        "Date by which ECFMG certification is required: a date, `none`, or blank (not checked yet).",
        aliases=("ECFMG deadline", "ECFMG required by"),
        none_value=NO_CUTOFF_DATE,
    ),
    Column(
        "requires_prior_residency",
        YESNO,
        "Requires completed residency training in the US or Canada (ACGME or RCPSC): yes, no (`none` also means no), or blank (not checked yet).",
        aliases=("Requires prior residency", "Prior residency required"),
        none_value=False,
    ),
    Column(
        "entry_level",
        ENUM,
        "Who can start: `pgy1` (from the first postgraduate year), `after-2-years` (after prior ACGME or RCPSC training: the board asks for at least a year, many programs two), "
        "`after-residency` (after a completed residency). Blank: follows from the track where the track fixes it, otherwise not checked yet.",
        allowed=("pgy1", "after-2-years", "after-residency"),
        aliases=("Entry level", "Entry", "Start level", "PGY level"),
        # (A bare "PGY" names no year, so it is not read as PGY-1: it is flagged.)
        synonyms={
            "pgy1": "pgy1",
            "firstyear": "pgy1",
            "after2years": "after-2-years",
            "pgy3": "after-2-years",
            "afterresidency": "after-residency",
        },
    ),
    Column(
        "length_years",
        INT,
        "The program's own length in years (blank: follows from the track where it fixes it).",
        min=1,
        max=8,
        aliases=("Length", "Length (years)", "Years"),
    ),
    Column(
        "h1b_cap_exempt",
        YESNO,
        "The institution is exempt from the H-1B cap (universities and their nonprofit affiliates), so no lottery.",
        aliases=("H-1B cap exempt", "Cap exempt", "Cap-exempt"),
    ),
    Column("peds_emphasis", INT, "Pediatric emphasis, 1 to 5.", min=1, max=5, aliases=("Pediatric emphasis", "Pediatric focus", "Peds focus", "Peds emphasis")),
    Column("adult_emphasis", INT, "Adult emphasis, 1 to 5.", min=1, max=5, aliases=("Adult emphasis", "Adult focus")),
    Column(
        "research_time",
        ENUM,
        "Protected research time.",
        allowed=("none", "limited", "moderate", "extensive"),
        aliases=("Research time",),
    ),
    Column(
        "strengths",
        TAGS,
        "`;`-separated tags: " + ", ".join(f"`{t}`" for t in STRENGTH_TAGS) + ". Unknown tags are kept, with a warning.",
        allowed=STRENGTH_TAGS,
        aliases=("Major subspecialty strengths", "Subspecialty strengths"),
    ),
    Column("childrens_hospital", YESNO, "Has a children's hospital.", aliases=("Children's hospital",)),
    Column("cancer_center", YESNO, "Has a cancer centre.", aliases=("Cancer center", "Cancer centre")),
    Column("onsite_labs", YESNO, "Has on-site molecular or cytogenetics labs.", aliases=("On-site labs",)),
    Column("cost_of_living", INT, "Cost of living, 1 (cheapest) to 5.", min=1, max=5, aliases=("Cost of living",)),
    Column("community_support", YESNO, "Cultural community or family nearby.", aliases=("Community support",)),
    Column("past_imgs_points", INT, "Your own rubric points for past IMGs (0–3); wins over derivation.", min=0, max=3),
    Column("visa_points", INT, "Your own rubric points for visa support (0–3).", min=0, max=3),
    Column(
        "clarity_points",
        INT,
        "Your own rubric points for clarity (0–2).",
        min=0,
        max=2,
        aliases=("ECFMG/IMG instructions clarity (0–2)",),
    ),
    Column("responsiveness_points", INT, "Your own rubric points for responsiveness (0–2).", min=0, max=2),
    Column(
        "responsiveness",
        ENUM,
        "How the program answered, when the contact log has no entry.",
        allowed=("none", "generic", "helpful"),
        synonyms={"noreply": "none", "noresponse": "none"},
    ),
    Column(
        "interest",
        INT,
        "Your overall interest, 0 to 10.",
        min=0,
        max=10,
        aliases=("Overall program interest for you (0–10)", "Overall interest", "My interest"),
    ),
    Column(
        "tier_override",
        ENUM,
        "Force a tier.",
        allowed=("dream", "solid", "safety", "exclude"),
        aliases=("Tier override", "My tier"),
    ),
    Column("notes", TEXT, "Your notes.", aliases=("Notes", "My notes")),
    Column("liked", TEXT, "What you like about the program (interview talking points)."),
    Column("questions", TEXT, "Questions to ask at interview."),
    *(
        column
        for group, words in FACT_GROUPS.items()
        for column in (
            Column(
                f"{group}_source",
                ENUM,
                f"Where the {words} facts came from.",
                allowed=SOURCES,
                aliases=(f"{words} source",),
                synonyms=SOURCE_SYNONYMS,
            ),
            Column(f"{group}_checked_on", DATE, f"When the {words} facts were last checked.", aliases=(f"{words} checked on", f"{words} checked")),
        )
    ),
)

CONTACT_COLUMNS: tuple[Column, ...] = (
    Column("program_id", TEXT, "The program's id (or give `program`)."),
    Column("program", TEXT, "The program's name, when there is no id."),
    Column(
        "channel",
        ENUM,
        "How you were in touch.",
        required=True,
        allowed=("email", "open-house", "resident", "other"),
        synonyms={"openhouse": "open-house", "virtualopenhouse": "open-house"},
    ),
    Column("sent_on", DATE, "When you wrote, or the date of the event.", required=True),
    Column("replied_on", DATE, "When they replied; blank means no reply yet."),
    Column("reply_quality", ENUM, "How useful the reply was; a rated reply needs its `replied_on` date.", allowed=("generic", "helpful")),
    Column("notes", TEXT, "Notes."),
)

LETTER_COLUMNS: tuple[Column, ...] = (
    Column("writer", TEXT, "Letter writer's name.", required=True),
    Column("title", TEXT, "Their role and institution."),
    Column(
        "kind",
        ENUM,
        "Kind of writer.",
        allowed=WRITER_KINDS,
    ),
    Column("north_american", YESNO, "Works in the US or Canada."),
    Column("knows_me", ENUM, "How well they know you.", allowed=("well", "somewhat", "barely")),
    Column(
        "status",
        ENUM,
        "Where the letter stands.",
        allowed=("to-ask", "asked", "agreed", "packet-sent", "uploaded", "declined"),
        synonyms={"toask": "to-ask", "packetsent": "packet-sent"},
    ),
    Column("asked_on", DATE, "When you asked."),
    Column("due_on", DATE, "When it must be uploaded."),
    Column("uploaded_on", DATE, "When it was uploaded."),
    Column("cv", YESNO, "CV sent."),
    Column("personal_statement", YESNO, "Personal statement sent."),
    Column("scores", YESNO, "Scores sent."),
    Column("summary_page", YESNO, "One-page summary sent."),
    Column("program_list", YESNO, "Program list sent."),
    Column("notes", TEXT, "Notes."),
    Column("waived", YESNO, "You waived your right to see the letter in ERAS (programs trust waived letters more)."),
    Column("rotation_ends", DATE, "When your rotation, elective or observership with this writer ends: the best moment to ask."),
    Column("physician", YESNO, "The writer is a physician (a genetic counselor, PhD scientist or lab director is not)."),
)

APPLICATION_STATUSES = (
    "considering",
    "applied",
    "invited",
    "interview-scheduled",
    "interviewed",
    "thank-you-sent",
    "ranked",
    "withdrawn",
    "rejected",
)

APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column("program_id", TEXT, "The program's id (or give `program`)."),
    Column("program", TEXT, "The program's name, when there is no id."),
    Column(
        "status",
        ENUM,
        "Where the application stands; `withdrawn` and `rejected` end it.",
        required=True,
        allowed=APPLICATION_STATUSES,
        synonyms={"interviewscheduled": "interview-scheduled", "thankyousent": "thank-you-sent", "thankyou": "thank-you-sent"},
    ),
    Column("applied_on", DATE, "When you applied through ERAS."),
    Column("signal", YESNO, "You sent this program an ERAS program signal (where its specialty uses signals)."),
    Column("invited_on", DATE, "When the interview invitation came."),
    Column("interview_on", DATE, "The interview day."),
    Column(
        "interview_format",
        ENUM,
        "How the interview is held.",
        allowed=("virtual", "in-person"),
        synonyms={"inperson": "in-person", "onsite": "in-person", "online": "virtual", "video": "virtual"},
    ),
    Column("deadline", DATE, "The program's application deadline."),
    Column("thank_you_on", DATE, "When you sent the thank-you note."),
    Column("notes", TEXT, "Notes."),
    Column("thriving", INT, "Can I see myself thriving here for four years or more? 1 to 5.", min=1, max=5),
    Column("thriving_note", TEXT, "Why, in a line."),
    Column("vision", INT, "Does it move me toward my 10-year vision? 1 to 5.", min=1, max=5),
    Column("vision_note", TEXT, "Why, in a line."),
    Column("supported", INT, "As an IMG, did I feel supported and included? 1 to 5.", min=1, max=5),
    Column("supported_note", TEXT, "Why, in a line."),
    Column("impressions_people", TEXT, "Impressions of the faculty and people."),
    Column("impressions_wellbeing", TEXT, "How the residents seemed: workload, wellbeing."),
    Column("impressions_surprise", TEXT, "What surprised you."),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "programs": PROGRAM_COLUMNS,
    "contacts": CONTACT_COLUMNS,
    "letters": LETTER_COLUMNS,
    "applications": APPLICATION_COLUMNS,
}


def by_name(table: str) -> dict[str, Column]:
    return {c.name: c for c in TABLES[table]}


# A few headers of the guides' spreadsheet fill two columns at once.
COMBINED_HEADERS = {fold("City, state"): ("city", "state"), fold("City/state"): ("city", "state")}


# The headers a program sheet uses for its own outreach log, by part (data/sheet_log.py reads
# them into the contact log, so an upload does not call them columns it keeps unscored).
SHEET_LOG_HEADERS: dict[str, tuple[str, ...]] = {
    "sent": ("Emailed on", "Emailed", "Email sent", "Email sent on", "Date emailed", "Contacted on", "Inquiry sent"),
    "reply": ("Reply", "Response", "Reply quality", "Their reply"),
    "replied": ("Replied on", "Reply date", "Date replied", "Response date", "Reply received"),
    "open_house": ("Open house", "Open house date", "Open house on", "Attended open house"),
}
