"""Regenerate the bundled example files in data/example/.

Every program, institution and city here is invented; states are real so the
map and the Census regions mean something. Run from the repository root:
    python scripts/make_example.py
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data import export  # noqa: E402
from data.files import write_atomic  # noqa: E402
from data.geography import STATES  # noqa: E402
from data.packs import registry  # noqa: E402

OUT = ROOT / "data" / "example"

PLACES = [
    "Aldermoor",
    "Brightwater",
    "Cedar Hollow",
    "Dunmere",
    "Eastvale",
    "Fernbrook",
    "Glenharrow",
    "Hollisford",
    "Ironbridge",
    "Juniper Falls",
    "Kestrel Bay",
    "Larkspur",
    "Millhaven",
    "Northcairn",
    "Oakhurst Ridge",
    "Pinecrest Vale",
    "Quarry Hill",
    "Ravenmoor",
    "Silverlake Downs",
    "Thornbury",
    "Upland Reach",
    "Valemont",
    "Westmere",
    "Yarrow Point",
    "Zephyr Cove",
    "Ashgrove",
    "Blackwood Fen",
    "Copperton Mesa",
    "Driftwood Sound",
    "Emberly",
    "Foxhollow",
    "Granite Shoals",
    "Harbor Lights",
    "Indigo Plains",
    "Jasper Crossing",
    "Kingsfold",
    "Lindenmoor",
    "Marigold Springs",
    "Nettlefield",
    "Oriel Heights",
    "Palisade Glen",
    "Rosewick",
    "Stonecrest",
    "Tamarind Key",
]
KINDS = ["University", "Medical Center", "Health System", "Children's Hospital", "University Hospitals"]
STATE_CYCLE = [
    "MA",
    "NY",
    "PA",
    "CT",
    "NJ",
    "OH",
    "IL",
    "MI",
    "MN",
    "MO",
    "WI",
    "IA",
    "TX",
    "FL",
    "GA",
    "NC",
    "TN",
    "MD",
    "VA",
    "AL",
    "LA",
    "OK",
    "CA",
    "WA",
    "CO",
    "AZ",
    "UT",
    "OR",
    "NM",
    "NE",
    "KY",
    "SC",
    "IN",
    "KS",
    "NV",
    "DC",
    "RI",
    "AR",
    "PR",
    "ID",
    "ME",
    "HI",
    "MS",
    "NH",
]
TRACKS = ["categorical", "peds-mgg", "im-mgg", "mfm-mgg", "other"]
# Program names as the NRMP Program Directory writes them: the specialty, not the hospital.
NRMP_NAMES = {
    "categorical": "Medical Genetics and Genomics",
    "peds-mgg": "Pediatrics-Medical Genetics",
    "im-mgg": "Internal Medicine-Medical Genetics",
    "mfm-mgg": "Maternal-Fetal Medicine-Medical Genetics",
    "other": "Medical Genetics and Genomics",
}
# The NRMP code's specialty digits (institution, specialty, position type, digit: 1716765C0)
# for the combined tracks the issue names; the others are left blank rather than guessed.
NRMP_SPECIALTY = {"peds-mgg": "765", "im-mgg": "766"}
TAGS = list(registry().by_key["medical-genetics"].strength_tags)  # the example is a genetics applicant's


def pick(rng: random.Random, options: list, blank: float = 0.0):
    return "" if rng.random() < blank else rng.choice(options)


def yn(value) -> str:
    return {True: "yes", False: "no", None: ""}[value]


def programs(rng: random.Random) -> list[dict]:
    rows = []
    for i, place in enumerate(PLACES):
        state = STATE_CYCLE[i % len(STATE_CYCLE)]
        kind = KINDS[i % len(KINDS)]
        institution = f"{place} {kind}"
        track = TRACKS[i % len(TRACKS)]
        # Cycle the rubric inputs so every level (and every kind of unknown) appears.
        imgs = ["", 0, 1, 2, 3, 5][i % 6]
        cohorts = ["", 0, 1, 2, 3, 4, 5][(i * 3) % 7] if imgs not in (0,) else 0
        if imgs != "" and cohorts != "":
            cohorts = min(cohorts, imgs)
        j1 = [True, True, False, None][i % 4]
        h1b = ["yes", "considered", "no", ""][(i // 2) % 4]
        intl = [True, False, None][(i // 3) % 3]
        info = ["clear", "limited", "none", ""][(i * 5) % 4]
        faq = [True, False, None][(i // 4) % 3] if info == "" else None
        tags = rng.sample(TAGS, rng.randint(1, 4)) if i % 9 else []
        peds = rng.randint(1, 5) if i % 11 else ""
        adult = min(5, max(1, 6 - peds + rng.randint(-1, 1))) if peds != "" else rng.randint(1, 5)
        rows.append(
            _stated_none(
                {
                    # Named as the NRMP directory names them: by specialty, so most programs share a name.
                    "program": NRMP_NAMES[track],
                    "program_id": f"EX{1300 + i:04d}",
                    "nrmp_code": f"{2300 + 7 * i:04d}{NRMP_SPECIALTY[track]}C0" if track in NRMP_SPECIALTY and i % 5 != 4 else "",
                    "acgme_id": f"13{(31 * i + 7) % 100:02d}{1000 + i:04d}00" if i % 4 != 3 else "",
                    "institution": institution,
                    "city": place,
                    "state": state,
                    "region": "",
                    "division": "",
                    "track": track,
                    "website": f"https://{place.lower().replace(' ', '').replace(chr(39), '')}.example.org/genetics",
                    "eras_code": f"1301{i:05d}0" if i % 7 else "",
                    "positions": rng.choice([1, 1, 2, 2, 3, 4]),
                    "established_year": rng.choice([1978, 1985, 1992, 2001, 2010, 2018, 2023, 2025]),
                    "acgme_status": ["continued", "continued", "continued", "initial", "continued", "warning", "continued", "", "probation", "continued"][
                        i % 10
                    ],
                    "j1": yn(j1),
                    "h1b": h1b,
                    "intl_trainees_mentioned": yn(intl),
                    "img_info": info,
                    "img_faq": yn(faq),
                    "imgs_last_5y": imgs,
                    "img_cohorts_last_5y": cohorts,
                    "min_step2_score": pick(rng, [220, 225, 230, 235, 240], blank=0.6),
                    "max_attempts": pick(rng, [1, 2], blank=0.7),
                    "max_years_since_graduation": pick(rng, [3, 5, 7, 10], blank=0.6),
                    "ecfmg_required_by": pick(rng, ["2027-02-15", "2027-03-01", "2027-06-15"], blank=0.5),
                    "requires_prior_residency": yn([None, False, False, True][i % 4] if track == "categorical" else None),
                    # A cutoff the program states none of reads `none`; a blank one is not checked yet (data contract).
                    "entry_level": ["pgy1", "", "pgy1", ""][i % 4] if track == "categorical" else "",
                    "h1b_cap_exempt": yn([True, None, True, False][i % 4] if h1b in ("yes", "considered") else None),
                    "peds_emphasis": peds,
                    "adult_emphasis": adult,
                    "research_time": pick(rng, ["none", "limited", "moderate", "extensive"], blank=0.15),
                    "strengths": ";".join(tags),
                    "childrens_hospital": yn([True, False, None][i % 3] if kind != "Children's Hospital" else True),
                    "cancer_center": yn([True, False, None][(i + 1) % 3]),
                    "onsite_labs": yn([True, True, False, None][i % 4]),
                    "cost_of_living": pick(rng, [1, 2, 3, 4, 5], blank=0.1),
                    "community_support": yn([True, False, None][(i + 2) % 3]),
                    "past_imgs_points": 3 if i == 5 else "",
                    "visa_points": "",
                    "clarity_points": "",
                    "responsiveness_points": "",
                    "responsiveness": ["", "helpful", "generic", "none", ""][i % 5],
                    "interest": pick(rng, list(range(3, 11)), blank=0.2),
                    "tier_override": "dream" if i == 17 else ("exclude" if i == 29 else ""),
                    "notes": "Fictional example program.",
                    "liked": "Metabolic clinic every week; residents present at national meetings." if i % 6 == 0 else "",
                    "questions": "How is research time protected in PGY-2?" if i % 8 == 0 else "",
                },
                i,
            )
        )
    return rows


CUTOFFS = ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by", "requires_prior_residency")


def _stated_none(row: dict, i: int) -> dict:
    """About half the programs state no cutoff where the applicant found none; the rest stay
    blank (not checked yet), so the example shows both states."""
    if i % 2 == 0:
        return row | {c: "none" for c in CUTOFFS if row.get(c, "") == ""}
    return row


def contacts(rng: random.Random, progs: list[dict]) -> list[dict]:
    today = date(2026, 11, 1)
    rows = []
    for i, p in enumerate(progs[:18]):
        sent = today - timedelta(days=rng.randint(3, 60))
        replied = ""
        quality = ""
        if i % 3 == 0:
            replied = (sent + timedelta(days=rng.randint(1, 6))).isoformat()
            quality = "helpful"
        elif i % 3 == 1:
            replied = (sent + timedelta(days=rng.randint(9, 20))).isoformat()
            quality = rng.choice(["generic", "helpful"])
        rows.append(
            {
                "program_id": p["program_id"],
                "program": "",
                "channel": "email",
                "sent_on": sent.isoformat(),
                "replied_on": replied,
                "reply_quality": quality,
                "notes": "Asked about J-1 and H-1B sponsorship.",
            }
        )
    for p in progs[20:24]:
        rows.append(
            {
                "program_id": p["program_id"],
                "program": "",
                "channel": "open-house",
                "sent_on": "2026-12-05",
                "replied_on": "",
                "reply_quality": "",
                "notes": "Virtual open house (fictional).",
            }
        )
    return rows


def letters() -> list[dict]:
    """Three writers, asked as the guide times it (at the end of the rotation, while the writer
    remembers you), each letter due before ERAS opens to programs on 2026-09-23."""
    base = {"cv": "", "personal_statement": "", "scores": "", "summary_page": "", "program_list": "", "uploaded_on": ""}
    return [
        {
            **base,
            "writer": "Dr. A. Example",
            "title": "Clinical geneticist, Aldermoor University (fictional)",
            "kind": "clinical-geneticist",
            "north_american": "yes",
            "knows_me": "well",
            "status": "uploaded",
            "asked_on": "2026-07-24",
            "due_on": "2026-09-15",
            "uploaded_on": "2026-09-04",
            "cv": "yes",
            "personal_statement": "yes",
            "summary_page": "yes",
            "notes": "Four-week observership; asked on its last day.",
        },
        {
            **base,
            "writer": "Dr. B. Sample",
            "title": "Pediatric neurologist, Brightwater Medical Center (fictional)",
            "kind": "related-specialty",
            "north_american": "yes",
            "knows_me": "somewhat",
            "status": "uploaded",
            "asked_on": "2026-08-07",
            "due_on": "2026-09-15",
            "uploaded_on": "2026-09-14",
            "cv": "yes",
            "personal_statement": "yes",
            "notes": "Reminded on 2026-08-25.",
        },
        {
            **base,
            "writer": "Prof. C. Placeholder",
            "title": "Research mentor, home institution (fictional)",
            "kind": "research-mentor",
            "north_american": "no",
            "knows_me": "well",
            "status": "uploaded",
            "asked_on": "2026-07-30",
            "due_on": "2026-09-20",
            "uploaded_on": "2026-09-19",
            "cv": "yes",
            "summary_page": "yes",
            "notes": "Rare disease cohort project.",
        },
    ]


def applications(progs: list[dict]) -> list[dict]:
    """The season under way: an application at every status, interviews held and to come,
    reflections on those held. EX1300 and EX1301 are left for a newcomer to add."""
    blank = {
        "deadline": "",
        "applied_on": "",
        "invited_on": "",
        "interview_on": "",
        "interview_format": "",
        "thank_you_on": "",
        "notes": "",
        "thriving": "",
        "thriving_note": "",
        "vision": "",
        "vision_note": "",
        "supported": "",
        "supported_note": "",
        "impressions_people": "",
        "impressions_wellbeing": "",
        "impressions_surprise": "",
    }
    plan = [
        (5, "considering", {"deadline": "2026-12-15"}),
        (6, "applied", {"applied_on": "2026-09-24", "deadline": "2026-10-15"}),
        (7, "applied", {"applied_on": "2026-09-24"}),
        (8, "invited", {"applied_on": "2026-09-24", "invited_on": "2026-11-18"}),
        (9, "interview-scheduled", {"applied_on": "2026-09-24", "invited_on": "2026-10-30", "interview_on": "2026-12-10", "interview_format": "virtual"}),
        (
            10,
            "interviewed",
            {
                "applied_on": "2026-09-24",
                "invited_on": "2026-10-14",
                "interview_on": "2026-11-12",
                "interview_format": "virtual",
                "thriving": 4,
                "vision": 4,
                "supported": 5,
                "supported_note": "Two current residents are IMGs and spoke freely.",
                "impressions_people": "Warm faculty; the PD knew my file.",
            },
        ),
        (
            11,
            "thank-you-sent",
            {
                "applied_on": "2026-09-24",
                "invited_on": "2026-10-08",
                "interview_on": "2026-11-05",
                "interview_format": "virtual",
                "thank_you_on": "2026-11-06",
                "thriving": 3,
                "vision": 4,
                "supported": 3,
                "thriving_note": "Heavy call in PGY-1.",
                "impressions_surprise": "A weekly dysmorphology round.",
            },
        ),
        (
            12,
            "ranked",
            {
                "applied_on": "2026-09-24",
                "invited_on": "2026-10-02",
                "interview_on": "2026-10-28",
                "interview_format": "in-person",
                "thank_you_on": "2026-10-29",
                "thriving": 5,
                "vision": 5,
                "supported": 4,
                "vision_note": "Metabolic clinic with research time from PGY-2.",
            },
        ),
        (13, "withdrawn", {"applied_on": "2026-09-24", "notes": "Withdrew: no J-1 after all."}),
        (14, "rejected", {"applied_on": "2026-09-24"}),
    ]
    return [{"program_id": progs[i]["program_id"], "program": progs[i]["program"], "status": status, **blank, **extra} for i, status, extra in plan]


def write_csv(path: Path, rows: list[dict]) -> None:
    import csv
    import io

    handle = io.StringIO(newline="")
    writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, handle.getvalue().encode("utf-8"))


GUIDE_HEADERS = {
    "program": "Program name",
    "institution": "Institution",
    "track": "Program type",
    "website": "Program website URL",
    "eras_code": "Application pathway (ERAS code)",
    "j1": "J-1? Y/N",
    "h1b": "H-1B? Y/N",
    "img_faq": "IMG FAQ available? Y/N",
    "research_time": "Research time",
    "interest": "Overall program interest for you (0–10)",
    "notes": "Notes",
}


def guide_rows(progs: list[dict]) -> list[dict]:
    """A few programs as the guides' own spreadsheet would hold them."""
    out = []
    for p in progs[:12]:
        row = {GUIDE_HEADERS[k]: p[k] for k in GUIDE_HEADERS if k not in ("j1", "h1b", "img_faq")}
        row["City, state"] = f"{p['city']}, {STATES[p['state']][0]}"
        row["J-1? Y/N"] = {"yes": "Y", "no": "N", "": ""}[p["j1"]]
        row["H-1B? Y/N"] = {"yes": "Y", "no": "N", "considered": "considered", "": ""}[p["h1b"]]
        row["IMG FAQ available? Y/N"] = {"yes": "Y", "no": "N", "": ""}[p["img_faq"]]
        row["Program type"] = {
            "categorical": "Genetics-only",
            "peds-mgg": "Pediatrics-Medical Genetics",
            "im-mgg": "Internal Medicine-Medical Genetics",
            "mfm-mgg": "MFM-Genetics",
            "other": "Other",
        }[p["track"]]
        row["IMGs last 5 years"] = p["imgs_last_5y"]
        row["My ranking thoughts"] = "kept as an extra column"
        out.append(row)
    return out


def main() -> None:
    rng = random.Random(20261122)
    OUT.mkdir(parents=True, exist_ok=True)
    progs = programs(rng)
    write_csv(OUT / "programs.csv", progs)
    write_csv(OUT / "contacts.csv", contacts(rng, progs))
    write_csv(OUT / "letters.csv", letters())
    write_csv(OUT / "applications.csv", applications(progs))
    write_csv(OUT / "guide_headers.csv", guide_rows(progs))
    write_atomic(OUT / "template.csv", export.template_csv())
    write_atomic(OUT / "template.xlsx", export.template_xlsx())
    write_atomic(
        OUT / "profile.json",
        (
            json.dumps(
                {
                    "name": "Example Applicant",
                    "country": "Examplestan",
                    "visa_need": "j1",
                    "step2_score": 238,
                    "attempts": 1,
                    "graduation_year": 2021,
                    "ecfmg_certified": False,
                    "ecfmg_expected": "2027-01-15",
                    "prior_residency": "pediatrics",
                    "prior_residency_where": "abroad",
                    "step1_status": "pass",
                    "step3": "not-taken",
                    "career_focus": "pediatric",
                    "career_path": "academic",
                    "preferred_divisions": ["New England", "Middle Atlantic"],
                    "cost_tolerance": 3,
                    "vision": (
                        "In ten years I see a clinic for children with rare metabolic disease, where families get an answer sooner. "
                        "I teach residents at the bedside and run a small study of newborn screening follow-up. "
                        "I work where IMGs are welcome and where my family can settle."
                    ),
                },
                indent=2,
            )
            + "\n"
        ).encode(),
    )
    # The final list started: the interviews held, in the applicant's order so far.
    write_atomic(OUT / "final_order.json", (json.dumps({"order": ["EX1312", "EX1310", "EX1311"]}, indent=2) + "\n").encode())
    weights = {"friendliness": 8, "focus": 6, "research": 4, "location": 3, "stability": 3, "interest": 5}
    write_atomic(OUT / "weights.json", (json.dumps(weights, indent=2) + "\n").encode())
    print(f"wrote {len(progs)} programs to {OUT}")


if __name__ == "__main__":
    main()
