"""Every rule of the IMG-friendliness rubric in the data contract, as a table."""

from datetime import datetime

import pytest

from data.settings import Profile, Weights
from scoring.decision import reference, rubric
from scoring.decision.ranking import evaluate
from tests.helpers import AS_OF, contacts_frame, programs_frame

Y, N, U = True, False, None

PAST_IMGS = [
    # imgs_last_5y, img_cohorts_last_5y, points, expected (lo, hi)
    (0, U, U, (0, 0)),
    (1, U, U, (1, 1)),
    (2, 3, U, (3, 3)),
    (5, 5, U, (3, 3)),
    (2, 2, U, (2, 2)),
    (4, 1, U, (2, 2)),
    (2, U, U, (2, 3)),
    (U, 0, U, (0, 0)),
    (U, 1, U, (1, 2)),
    (U, 2, U, (2, 2)),
    (U, 3, U, (3, 3)),
    (U, 5, U, (3, 3)),
    (U, U, U, (0, 3)),
    (0, U, 2, (2, 2)),  # the user's own points win
    (U, U, 3, (3, 3)),
]


@pytest.mark.parametrize(("n", "c", "points", "expected"), PAST_IMGS)
def test_past_imgs(n, c, points, expected):
    frame = programs_frame([{"imgs_last_5y": n, "img_cohorts_last_5y": c, "past_imgs_points": points}])
    lo, hi = rubric.past_imgs(frame)
    assert (lo[0], hi[0]) == expected
    assert reference.past_imgs(frame.iloc[0].to_dict()) == expected


VISA = [
    # j1, h1b, intl, img_info, points, expected
    (N, "no", U, U, U, (0, 0)),
    (N, "no", Y, "clear", U, (0, 0)),
    (Y, "yes", Y, "clear", U, (3, 3)),
    (Y, "considered", Y, "none", U, (3, 3)),
    (Y, "no", N, "none", U, (1, 1)),  # J-1 only and no clear IMG info
    (Y, "no", Y, "none", U, (1, 1)),
    # The guide: "1: J-1 only AND no clear IMG info": limited information is not clear.
    (Y, "no", N, "limited", U, (1, 1)),
    (Y, "no", Y, "limited", U, (1, 1)),
    (Y, "no", N, "clear", U, (2, 2)),
    (Y, "yes", N, "clear", U, (2, 2)),  # no explicit mention of international trainees
    (N, "yes", Y, "clear", U, (2, 2)),  # H-1B without J-1
    (N, "considered", N, "none", U, (2, 2)),
    (U, "no", U, U, U, (0, 2)),
    (Y, U, Y, "clear", U, (2, 3)),
    (Y, "no", N, U, U, (1, 2)),
    (N, U, U, U, U, (0, 2)),
    (U, U, U, U, U, (0, 3)),
    (N, "no", U, U, 3, (3, 3)),  # the user's own points win
]


@pytest.mark.parametrize(("j1", "h1b", "intl", "info", "points", "expected"), VISA)
def test_visa(j1, h1b, intl, info, points, expected):
    frame = programs_frame([{"j1": j1, "h1b": h1b, "intl_trainees_mentioned": intl, "img_info": info, "visa_points": points}])
    lo, hi = rubric.visa(frame)
    assert (lo[0], hi[0]) == expected
    assert reference.visa(frame.iloc[0].to_dict()) == expected


CLARITY = [
    ("none", U, U, (0, 0)),
    ("limited", U, U, (1, 1)),
    ("clear", U, U, (2, 2)),
    ("clear", N, U, (2, 2)),  # img_info wins over the FAQ
    (U, Y, U, (1, 2)),
    (U, N, U, (0, 1)),
    (U, U, U, (0, 2)),
    (U, U, 1, (1, 1)),
]


@pytest.mark.parametrize(("info", "faq", "points", "expected"), CLARITY)
def test_clarity(info, faq, points, expected):
    frame = programs_frame([{"img_info": info, "img_faq": faq, "clarity_points": points}])
    lo, hi = rubric.clarity(frame)
    assert (lo[0], hi[0]) == expected
    assert reference.clarity(frame.iloc[0].to_dict()) == expected


def d(text):
    return datetime.fromisoformat(text) if text else None


RESPONSIVENESS = [
    # emails (sent, replied, quality), column, points, expected
    ([("2026-11-01", "2026-11-05", "helpful")], U, U, (2, 2)),
    ([("2026-11-01", "2026-11-08", "helpful")], U, U, (2, 2)),  # exactly 7 days is within 7
    ([("2026-11-01", "2026-11-09", "helpful")], U, U, (1, 1)),  # answered later
    ([("2026-11-01", "2026-11-02", "generic")], U, U, (1, 1)),
    ([("2026-11-01", "2026-11-02", None)], U, U, (1, 2)),  # fast, quality not noted yet
    ([("2026-11-01", None, None)], U, U, (0, 0)),  # 21 days without reply
    ([("2026-11-08", None, None)], U, U, (0, 0)),  # exactly 14 days
    ([("2026-11-15", None, None)], U, U, (0, 2)),  # too young to judge
    ([("2026-11-15", None, None)], "helpful", U, (0, 2)),  # the log, not the column, is the evidence
    ([("2026-10-01", "2026-10-02", "helpful"), ("2026-11-01", None, None)], U, U, (0, 0)),  # latest inquiry counts
    ([], "helpful", U, (2, 2)),
    ([], "generic", U, (1, 1)),
    ([], "none", U, (0, 0)),
    ([], U, U, (0, 2)),
    ([("2026-11-01", None, None)], U, 2, (2, 2)),  # the user's own points win over the log
]


@pytest.mark.parametrize(("emails", "column", "points", "expected"), RESPONSIVENESS)
def test_responsiveness(emails, column, points, expected):
    frame = programs_frame([{"program_id": "A", "responsiveness": column, "responsiveness_points": points}])
    contacts = contacts_frame([{"program_id": "A", "channel": "email", "sent_on": d(s), "replied_on": d(r), "reply_quality": q} for s, r, q in emails])
    lo, hi, _ = rubric.responsiveness(frame, contacts, AS_OF)
    assert (lo[0], hi[0]) == expected
    mine = contacts.to_dict("records")
    assert reference.responsiveness(frame.iloc[0].to_dict(), mine, AS_OF)[:2] == expected


def test_open_house_entries_do_not_count_as_email_inquiries():
    frame = programs_frame([{"program_id": "A", "responsiveness": "helpful"}])
    contacts = contacts_frame([{"program_id": "A", "channel": "open-house", "sent_on": d("2026-11-01")}])
    lo, hi, from_log = rubric.responsiveness(frame, contacts, AS_OF)
    assert (lo[0], hi[0], from_log[0]) == (2, 2, False)


def test_score_is_sum_of_conservative_components_and_max_of_potential():
    frame = programs_frame([{"imgs_last_5y": 2, "j1": True, "h1b": "yes", "intl_trainees_mentioned": True, "img_info": "clear", "responsiveness": "helpful"}])
    scored = evaluate(frame, Profile(), Weights(), AS_OF)
    assert scored.loc[0, "img_friendliness"] == 2 + 3 + 2 + 2
    assert scored.loc[0, "img_friendliness_max"] == 3 + 3 + 2 + 2


# Friendliness 5 certain (2 + 2 + 1 + 0), up to 9 (3 + 3 + 1 + 2): read where the user chose.
POINTS = [("least", 5.0), ("middle", 7.0), ("most", 9.0)]


@pytest.mark.parametrize(("mode", "expected"), POINTS)
def test_friendliness_is_ranked_at_the_chosen_point_and_keeps_its_range(mode, expected):
    frame = programs_frame([{"imgs_last_5y": 2, "j1": True, "h1b": "yes", "img_info": "limited"}])
    scored = evaluate(frame, Profile(), Weights(unknowns=mode), AS_OF)
    assert (scored.loc[0, "img_friendliness"], scored.loc[0, "img_friendliness_max"]) == (5, 9)
    assert scored.loc[0, "img_friendliness_point"] == expected
    assert reference.score(frame, Profile(), Weights(unknowns=mode), AS_OF).loc[0, "img_friendliness_point"] == expected
