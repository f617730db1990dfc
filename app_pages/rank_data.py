"""The Rank list's cached computations: stability, what to research next, every
program's export row, and the rows a filter shows.

They live in a module, not in the page, so that Streamlit builds each cached
function once: a decorator in a page runs again (and reads its source) on every rerun.
All are cache_resource: one shared frame per key, read-only for callers, where
cache_data would unpickle a fresh copy on every rerun and hold both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from app_pages import scores, season_common, tables, workspace
from app_pages.settings import profile, weights
from data import memory
from scoring.decision import provenance, reflection
from scoring.decision.ranking import RESEARCH_ITEMS_LISTED, apply_manual_order, ranked_list
from scoring.decision.research_next import research_next
from scoring.decision.stability import stability
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import code_words, fit_range_text

# Every function is keyed on what it reads: the workspace, its tables' revision, the settings
# and the date (and, where it matters, the user's own order and the filters).


@st.cache_resource(show_spinner="Testing how stable the ranking is…", max_entries=2)
def stability_of(path: str, tables_revision: int, settings: str, today: str) -> pd.DataFrame:
    result = stability(scores.scored(), weights(), profile().thresholds, draws=500)
    memory.release()  # each large step hands back its scratch memory before the next one starts
    return result


def stability_among(ids: pd.Series) -> pd.DataFrame:
    """Stability read among the programs a filter leaves (the ranks a filtered download numbers);
    called from export_rows, whose cache holds it per filter."""
    scored = scores.scored()
    result = stability(scored[tables.among(scored["program_id"], ids)], weights(), profile().thresholds, draws=500)
    return result.set_index("program_id")


# The research items' columns of few distinct labels, kept as categories in the cache.
REPEATED = ("program", "input", "tier_now", "tiers_possible")


@st.cache_resource(show_spinner="Working out what to research next…", max_entries=2)
def research(path: str, tables_revision: int, settings: str, today: str) -> pd.DataFrame:
    t = workspace.tables()
    opens = provenance.season_opening(season_common.shipped(), season_common.saved_dates())  # facts checked before it are from an earlier season
    result = research_next(
        scores.scored(),
        specialty.with_pack(t["programs"]),
        profile(),
        weights(),
        workspace.today(),
        t["contacts"],
        applications=t["applications"],
        season_opens=opens,
    )
    # Each program has several items, and tiers and inputs are few: as categories the
    # cached frame is a quarter smaller (about 40 MB at 100,000 programs) for as long as it is held.
    result = result.astype(dict.fromkeys(REPEATED, "category"))
    # What could exclude you (a cutoff not checked yet, a visa policy) is listed first: worked out
    # once per distinct pair of labels, kept with the cached items.
    reaches = np.asarray(result["tiers_possible"].cat.categories.str.contains("not-eligible", regex=False), dtype=bool)
    already = np.asarray(result["tier_now"].cat.categories == "not-eligible", dtype=bool)
    codes_reach, codes_now = result["tiers_possible"].cat.codes.to_numpy(), result["tier_now"].cat.codes.to_numpy()
    result["excludes"] = reaches[codes_reach] & ~already[codes_now] if len(result) else np.zeros(0, dtype=bool)
    memory.release()
    return result


@st.cache_resource(show_spinner=False, max_entries=4)
def research_shown(path: str, tables_revision: int, settings: str, today: str, filters: str, _shown: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The first items for the programs shown (the filters pick them), those that could
    change a tier and swing most first."""
    todo = research(path, tables_revision, settings, today)
    # Sorted by its two keys alone, then the first rows taken: sorting the whole frame would
    # copy every item (half a million at 100,000 programs) to keep forty.
    keys = todo.loc[tables.among(todo["program_id"], _shown["program_id"]), ["excludes", "could_change_tier", "swing"]]
    first = todo.index.get_indexer(keys.sort_values(["excludes", "could_change_tier", "swing"], ascending=False, kind="stable").index[:limit])
    # Row by row: Arrow's take on a many-chunked column joins every chunk first.
    rows = pd.concat([todo.iloc[i : i + 1] for i in first]) if len(first) else todo.iloc[0:0]
    # Back to plain text: a category column would send every program's name to the browser with these forty rows.
    return rows.astype(dict.fromkeys(REPEATED, "str"))


@st.cache_resource(show_spinner=False, max_entries=4)
def ranked(path: str, tables_revision: int, settings: str, today: str, order: tuple[str, ...]) -> pd.DataFrame:
    # Every program's export row, built once per (tables, settings, day, own order); a
    # filter change only picks rows from it.
    ordered = apply_manual_order(scores.scored(), list(order))
    todo = research(path, tables_revision, settings, today)
    listed = todo[["program_id", "todo"]].groupby("program_id", sort=False).head(RESEARCH_ITEMS_LISTED)  # all the list shows
    result = ranked_list(ordered, profile(), weights(), workspace.today(), listed)
    del ordered, listed
    memory.release()
    return result


@st.cache_resource(show_spinner=False, max_entries=4)
def export_rows(
    path: str, tables_revision: int, settings: str, today: str, order: tuple[str, ...], filters: str, _shown: pd.DataFrame
) -> tuple[pd.DataFrame, list[str], list[str]]:
    # The table shown and downloaded, for (tables, settings, day, own order, filters): what
    # _shown is built from, so a rerun that changes none of them (a row picked, a view
    # switched) reuses it. Shared and read-only: callers take new frames from it.
    stable = stability_of(path, tables_revision, settings, today).set_index("program_id")
    every_row = ranked(path, tables_revision, settings, today, order)
    # The same frame as ranked_list(shown): its rows, then the stability columns. Columns are
    # added to a shallow copy, not joined: at 100,000 programs each copy of the frame is 150 MB.
    keep = tables.among(every_row["program_id"], _shown["program_id"])
    export_frame = (every_row if keep.all() else every_row[keep]).reset_index(drop=True).copy(deep=False)
    # The download renumbers the programs shown from 1, so its rank range is read among them
    # too; the page keeps every program's overall rank and range (rank_range, below).
    in_list = stable if keep.all() else stability_among(export_frame["program_id"])
    for column, values in in_list.loc[export_frame["program_id"]].items():
        # Percentile ranks to one decimal, once: the file wrote 5.899999999999999.
        export_frame[column] = values.round(1).to_numpy() if column in ("rank_p10", "rank_p90") else values.to_numpy()
    read = [
        c for c in ("known_share", "fit_score", "fit_score_min", "fit_score_max", "factor_reflection_min", "factor_reflection_max", "rank_group") if c in _shown
    ]
    stable_by_id = _shown[["program_id", *read]].set_index("program_id").join(stable)
    export_frame["keeps_tier"] = stable_by_id.loc[export_frame["program_id"], "keeps_tier"].round(3).to_numpy()
    ranges = stable_by_id.loc[export_frame["program_id"], ["rank_p10", "rank_p90"]].round(1).round().astype(int).astype(str)
    export_frame["rank_range"] = (ranges["rank_p10"] + "–" + ranges["rank_p90"]).to_numpy()

    added = [c for c in ("known_share",) if c in stable_by_id and c not in export_frame]  # shown here; the download's columns are the export's
    if "known_share" in stable_by_id:
        # Whole percents, as the Programs page and Explore show them.
        export_frame["known_share"] = (stable_by_id.loc[export_frame["program_id"], "known_share"].to_numpy() * 100).round()
    low = stable_by_id["fit_score_min"] if "fit_score_min" in stable_by_id else stable_by_id["fit_score"]
    low, high = low.loc[export_frame["program_id"]].to_numpy(), stable_by_id.loc[export_frame["program_id"], "fit_score_max"].to_numpy()
    export_frame["fit_range"] = fit_range_text(low, high)
    export_frame["img_range"] = tables.point_range(export_frame["img_friendliness"], export_frame["img_friendliness_max"]).to_numpy()
    export_frame["tier_shown"] = code_words(export_frame["tier"]).to_numpy()  # in words on the page; the download keeps the codes
    added.append("tier_shown")
    interviewed_check: list[str] = []
    if len(workspace.tables()["applications"]):
        # The reflection sits beside the score once the season has started; before that it is unknown everywhere.
        lo_r = stable_by_id.loc[export_frame["program_id"], "factor_reflection_min"].to_numpy()
        hi_r = stable_by_id.loc[export_frame["program_id"], "factor_reflection_max"].to_numpy()
        export_frame["reflection_shown"] = [reflection.label(a, b) for a, b in zip(lo_r, hi_r, strict=True)]
        added.append("reflection_shown")
        main_group = stable_by_id.loc[export_frame["program_id"], "rank_group"].to_numpy() == 0  # not excluded, not ineligible
        interviewed_check = export_frame.loc[main_group, "program_id"].tolist()
    return export_frame, added, interviewed_check
