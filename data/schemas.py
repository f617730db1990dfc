"""The pandera schemas: the executable form of the data contract.

Names and dtypes are spelled out here so the contract reads as code; bounds
and allowed values come from data.columns so they are stated once.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera import dtypes
from pandera.engines import pandas_engine
from pandera.typing import Series

from data.columns import ENUM, STATE, TEXT, by_name


def spec_field(table: str, name: str, **extra: Any) -> Any:
    spec = by_name(table)[name]
    kwargs: dict[str, Any] = {"nullable": not spec.required}
    if spec.min is not None and spec.max is not None and isinstance(spec.none_value, int) and not isinstance(spec.none_value, bool):
        # A cutoff's `none` lies outside its range on purpose (see Column.none_value).
        kwargs["isin"] = [*range(spec.min, spec.max + 1), spec.none_value]
    elif spec.min is not None and spec.max is not None:
        # One check, not ge and le: each check copies the column without its blanks first.
        kwargs["in_range"] = {"min_value": spec.min, "max_value": spec.max}
    elif spec.min is not None:
        kwargs["ge"] = spec.min
    elif spec.max is not None:
        kwargs["le"] = spec.max
    if spec.kind == ENUM:
        kwargs["isin"] = list(spec.allowed)
    if spec.required and spec.kind in (TEXT, STATE):
        kwargs["str_length"] = {"min_value": 1}
    kwargs.update(extra)
    return pa.Field(**kwargs)


def _p(name: str, **extra: Any) -> Any:
    return spec_field("programs", name, **extra)


def _c(name: str, **extra: Any) -> Any:
    return spec_field("contacts", name, **extra)


def _l(name: str, **extra: Any) -> Any:
    return spec_field("letters", name, **extra)


@dtypes.immutable(init=True)
class _Text(pandas_engine.STRING):
    """pandas' text dtype, as pandera checks it, answered for the whole column.

    pandera answers a text column of the right dtype cell by cell (every cell True), and then
    builds and prints an empty table of failures for it: a few milliseconds a column, a tenth of
    a check of 10,000 programs. The answer is the same; only an all-True one is said as True.
    """

    storage: Literal["python", "pyarrow"] | None = "pyarrow"  # what pd.StringDtype resolves to (as before)

    def check(self, pandera_dtype: dtypes.DataType, data_container: Any = None) -> Any:
        found = super().check(pandera_dtype, data_container)
        if isinstance(found, np.ndarray) and found.all():
            return True
        return found


Text = Series[_Text]
Flag = Series[pd.BooleanDtype]
Count = Series[pd.Int64Dtype]
Day = Series[pa.DateTime]


class Programs(pa.DataFrameModel):
    program: Text = _p("program")
    program_id: Text = _p("program_id", unique=True, nullable=False)
    # Added in later versions: a backup made before them has none (Optional: the column may be absent).
    nrmp_code: Optional[Text] = _p("nrmp_code")  # noqa: UP045
    acgme_id: Optional[Text] = _p("acgme_id")  # noqa: UP045
    institution: Text = _p("institution")
    city: Text = _p("city")
    state: Text = _p("state")
    region: Text = _p("region")
    division: Text = _p("division")
    track: Text = _p("track")
    specialty: Text = _p("specialty")
    website: Text = _p("website")
    eras_code: Text = _p("eras_code")
    positions: Count = _p("positions")
    established_year: Count = _p("established_year")
    acgme_status: Text = _p("acgme_status")
    j1: Flag = _p("j1")
    h1b: Text = _p("h1b")
    intl_trainees_mentioned: Flag = _p("intl_trainees_mentioned")
    img_info: Text = _p("img_info")
    img_faq: Flag = _p("img_faq")
    imgs_last_5y: Count = _p("imgs_last_5y")
    img_cohorts_last_5y: Count = _p("img_cohorts_last_5y")
    imgs_present_last_5y: Optional[Flag] = _p("imgs_present_last_5y")  # noqa: UP045
    international_schools: Optional[Text] = _p("international_schools")  # noqa: UP045
    usmle_requirements: Optional[Text] = _p("usmle_requirements")  # noqa: UP045
    min_step2_score: Count = _p("min_step2_score")
    max_attempts: Count = _p("max_attempts")
    max_years_since_graduation: Count = _p("max_years_since_graduation")
    ecfmg_required_by: Day = _p("ecfmg_required_by")
    requires_prior_residency: Flag = _p("requires_prior_residency")
    entry_level: Text = _p("entry_level")
    length_years: Count = _p("length_years")
    h1b_cap_exempt: Flag = _p("h1b_cap_exempt")
    peds_emphasis: Count = _p("peds_emphasis")
    adult_emphasis: Count = _p("adult_emphasis")
    research_time: Text = _p("research_time")
    strengths: Text = _p("strengths")
    childrens_hospital: Flag = _p("childrens_hospital")
    cancer_center: Flag = _p("cancer_center")
    onsite_labs: Flag = _p("onsite_labs")
    cost_of_living: Count = _p("cost_of_living")
    community_support: Flag = _p("community_support")
    past_imgs_points: Count = _p("past_imgs_points")
    visa_points: Count = _p("visa_points")
    clarity_points: Count = _p("clarity_points")
    responsiveness_points: Count = _p("responsiveness_points")
    responsiveness: Text = _p("responsiveness")
    interest: Count = _p("interest")
    tier_override: Text = _p("tier_override")
    notes: Text = _p("notes")
    liked: Text = _p("liked")
    questions: Text = _p("questions")
    # Where each group of facts came from, and when (data.columns.FACT_GROUPS).
    visa_source: Optional[Text] = _p("visa_source")  # noqa: UP045
    visa_checked_on: Optional[Day] = _p("visa_checked_on")  # noqa: UP045
    cutoffs_source: Optional[Text] = _p("cutoffs_source")  # noqa: UP045
    cutoffs_checked_on: Optional[Day] = _p("cutoffs_checked_on")  # noqa: UP045
    img_history_source: Optional[Text] = _p("img_history_source")  # noqa: UP045
    img_history_checked_on: Optional[Day] = _p("img_history_checked_on")  # noqa: UP045
    clarity_source: Optional[Text] = _p("clarity_source")  # noqa: UP045
    clarity_checked_on: Optional[Day] = _p("clarity_checked_on")  # noqa: UP045
    responsiveness_source: Optional[Text] = _p("responsiveness_source")  # noqa: UP045
    responsiveness_checked_on: Optional[Day] = _p("responsiveness_checked_on")  # noqa: UP045
    focus_source: Optional[Text] = _p("focus_source")  # noqa: UP045
    focus_checked_on: Optional[Day] = _p("focus_checked_on")  # noqa: UP045

    class Config:
        strict = False  # the user's extra columns are carried through
        coerce = False


class Contacts(pa.DataFrameModel):
    program_id: Text = _c("program_id")
    program: Text = _c("program")
    channel: Text = _c("channel")
    sent_on: Day = _c("sent_on")
    replied_on: Day = _c("replied_on")
    reply_quality: Text = _c("reply_quality")
    notes: Text = _c("notes")

    class Config:
        strict = False
        coerce = False


class Letters(pa.DataFrameModel):
    writer: Text = _l("writer")
    title: Text = _l("title")
    kind: Text = _l("kind")
    north_american: Flag = _l("north_american")
    knows_me: Text = _l("knows_me")
    status: Text = _l("status")
    asked_on: Day = _l("asked_on")
    due_on: Day = _l("due_on")
    uploaded_on: Day = _l("uploaded_on")
    cv: Flag = _l("cv")
    personal_statement: Flag = _l("personal_statement")
    scores: Flag = _l("scores")
    summary_page: Flag = _l("summary_page")
    program_list: Flag = _l("program_list")
    notes: Text = _l("notes")
    waived: Optional[Flag] = _l("waived")  # noqa: UP045 - pandera reads Optional as "column may be absent" (added later)
    rotation_ends: Optional[Day] = _l("rotation_ends")  # noqa: UP045 - added later, like waived
    physician: Optional[Flag] = _l("physician")  # noqa: UP045 - added later, like waived

    class Config:
        strict = False
        coerce = False


def _a(name: str, **extra: Any) -> Any:
    return spec_field("applications", name, **extra)


class Applications(pa.DataFrameModel):
    program_id: Text = _a("program_id")
    program: Text = _a("program")
    status: Text = _a("status")
    applied_on: Day = _a("applied_on")
    signal: Flag = _a("signal")
    invited_on: Day = _a("invited_on")
    interview_on: Day = _a("interview_on")
    interview_format: Text = _a("interview_format")
    deadline: Day = _a("deadline")
    thank_you_on: Day = _a("thank_you_on")
    notes: Text = _a("notes")
    thriving: Count = _a("thriving")
    thriving_note: Text = _a("thriving_note")
    vision: Count = _a("vision")
    vision_note: Text = _a("vision_note")
    supported: Count = _a("supported")
    supported_note: Text = _a("supported_note")
    impressions_people: Text = _a("impressions_people")
    impressions_wellbeing: Text = _a("impressions_wellbeing")
    impressions_surprise: Text = _a("impressions_surprise")

    class Config:
        strict = False
        coerce = False


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {"programs": Programs, "contacts": Contacts, "letters": Letters, "applications": Applications}
