import pandas as pd
import streamlit as st
from plotly.graph_objects import Figure

from app_pages import charts, compare_view, persistence, picker, scores, season_common, session, settings, sidebar, text, workspace
from app_pages.filters import empty_filtered_state, filter_widgets, filtered, stop_without_programs
from data import disagreements, flags, rules
from data.columns import FACT_GROUPS, SILENT_CUTOFF_REASON
from data.settings import Thresholds
from scoring.decision import eligibility, fit, provenance, tiers
from scoring.decision.ranking import unknown_inputs
from scoring.decision.rubric import COMPONENT_LABELS, COMPONENT_MAX, COMPONENTS
from scoring.vocabulary.wording import column_words, plural, words

session.start_session()
weights = sidebar.sidebar_weights()
profile = settings.profile()
st.title("Explore")
st.caption("Move a weight in the sidebar or change a filter: scores, tiers and charts follow at once.")
GOAL_FIT_HELP = (
    "Goal fit is the fit score without IMG-friendliness: how well the program matches your goals "
    "(career focus, research, location, stability, your interest). With research time at least moderate (or not known yet) and "
    "IMG-friendliness above zero, it decides the dream tier; the fit score, which adds IMG-friendliness, decides the rank. "
    "The dotted lines are the tier thresholds. A safety must be IMG-friendly for certain, with every unknown counted at its least, "
    "past IMGs must give at least 2 of 3 points for certain, and it must not be on ACGME warning or probation, so a program past "
    "the safety line can still be solid, and one past the dream line can be solid for its research time: its reason says which."
)


scored = scores.scored()
stop_without_programs(scored, "There are no programs in your workspace yet. Load a spreadsheet on the Programs page.")

chosen = filter_widgets(scored)
shown = filtered(scored, chosen)
if shown.empty:
    empty_filtered_state()
    st.stop()

with st.container(horizontal=True):
    st.metric("Programs", f"{len(shown):,}", border=True)
    st.metric("Eligible (or not yet known)", f"{(shown['eligible'] != 'no').sum():,}", border=True)
    # Every tier, so that the cards add up to the programs shown.
    for tier in tiers.TIERS:
        st.metric(words(tier), f"{(shown['tier'] == tier).sum():,}", border=True)

VIEWS = ["Overview", "Map", "Explain a program", "Compare"]
# The view last chosen comes back after a page switch or a restart (saved with the pickers).
persistence.restore_choice("explore_view", VIEWS)
st.session_state.setdefault("explore_view", "Overview")
if st.session_state["explore_view"] is not None:
    st.session_state["_explore_view_last"] = st.session_state["explore_view"]


def _keep_view() -> None:
    """on_change of the views: a click on the view already chosen deselects it, which would
    show the Overview; the view stays where it was instead."""
    if st.session_state.get("explore_view") is None:
        st.session_state["explore_view"] = st.session_state.get("_explore_view_last", "Overview")
        return
    persistence.keep_choice("explore_view")


view = st.segmented_control("View", VIEWS, key="explore_view", on_change=_keep_view)


def _bars(shown: pd.DataFrame) -> tuple[Figure | None, str, bool, bool]:
    """The overview's bar charts and their description, and whether regions and career focus
    have anything to draw."""
    regions, focus = charts.tier_counts(shown, "region"), charts.focus_counts(shown)
    panels = [(counts, label) for counts, label in ((regions, "Census region"), (focus, "Career focus the program is strong in")) if charts.has_data(counts)]
    bars = charts.tier_bars(panels) if panels else None
    alt = "Bar charts of programs per tier by " + " and by ".join(label[0].lower() + label[1:] for _, label in panels)
    return bars, alt, charts.has_data(regions), charts.has_data(focus)


@st.cache_resource(show_spinner=False, max_entries=4)
def _kept_bars(_shown: pd.DataFrame, built_from: tuple[str, int, str, str], filters: str) -> tuple[Figure | None, str, bool, bool]:
    """_bars for these scores and filters, kept at every size (a few bars, little memory):
    counting 100,000 programs' focuses took a second and more on every rerun."""
    return _bars(_shown)


def _overview(
    shown: pd.DataFrame, thresholds: Thresholds, built_from: tuple[str, int, str, str], filters: str
) -> tuple[Figure, Figure | None, str, bool, bool]:
    """The overview's scatter, its bar charts and their description, and whether regions and
    career focus have anything to draw."""
    # Hover names as every page gives them: several programs may share a name.
    named = shown.assign(program=workspace.label_of(shown["program_id"], shown["program"]))
    return charts.friendliness_vs_fit(named, thresholds), *_kept_bars(shown, built_from, filters)


@st.cache_resource(show_spinner=False, max_entries=4)
def _kept_overview(
    _shown: pd.DataFrame, _thresholds: Thresholds, built_from: tuple[str, int, str, str], filters: str
) -> tuple[Figure, Figure | None, str, bool, bool]:
    """_overview for these scores (built_from) and filters, kept: building the figures costs more
    than the rest of the page, and a page switch changes neither. Shared between sessions, read-only."""
    return _overview(_shown, _thresholds, built_from, filters)


if view in (None, "Overview"):
    # The scatter is kept only for a sheet a person keeps by hand: a figure of 100,000 points
    # holds tens of MB. The bars are kept at every size (_kept_bars).
    small = len(shown) <= charts.SVG_POINTS
    scatter, bars, bars_alt, any_region, any_focus = (
        _kept_overview(shown, profile.thresholds, scores.scored_from(), repr(chosen))
        if small
        else _overview(shown, profile.thresholds, scores.scored_from(), repr(chosen))
    )
    st.plotly_chart(
        scatter,
        config=charts.PLOTLY_CONFIG,
        alt="Scatter chart of IMG-friendliness against goal fit, one point per program, coloured by tier, with the tier thresholds drawn",
        key="chart_scatter",
    )
    st.caption(GOAL_FIT_HELP)
    if bars is not None:
        st.plotly_chart(
            bars,
            config=charts.PLOTLY_CONFIG,
            alt=bars_alt,
            key="chart_breakdown",
        )
    if not any_region:
        st.info("No program has a known region yet: add each program's state.", icon=":material/bar_chart:")
    if not any_focus:
        st.info(
            "No program is known to be strong in a career focus yet, so there is no focus chart. "
            "Add strengths, pediatric or adult emphasis, a children's hospital, a cancer centre or on-site labs on the Programs page.",
            icon=":material/bar_chart:",
        )

elif view == "Map":
    # Left out by default: a state's colour should say how well the programs you can match there fit.
    with_ineligible = st.toggle("Count programs you are not eligible for", key="map_ineligible", persist_state="session")
    mapped = shown if with_ineligible else shown[shown["eligible"].ne("no").fillna(True)]
    left_out = len(shown) - len(mapped)
    legend = "Average fit,<br>all programs" if with_ineligible else "Average fit,<br>eligible or<br>not yet known"
    st.caption(
        "Each state's colour is the average fit of "
        + ("all the programs shown, those you are not eligible for included." if with_ineligible else "the programs shown that you are eligible for or may be")
        + ("" if with_ineligible else (f" ({plural(left_out, 'program')} you are not eligible for left out)." if left_out else "."))
    )
    st.plotly_chart(
        charts.state_map(mapped, legend),
        config=charts.PLOTLY_CONFIG,
        alt="Map of US states shaded by the average fit score of your programs there"
        + ("" if with_ineligible else ", programs you are not eligible for left out"),
        key="chart_map",
    )
    by_state = mapped.groupby("state").agg(programs=("program_id", "size"), average_fit=("fit_score", "mean")).round(1).reset_index()
    st.dataframe(
        by_state,
        hide_index=True,
        column_config={
            "state": st.column_config.TextColumn("State"),
            "programs": st.column_config.NumberColumn("Programs"),
            "average_fit": st.column_config.NumberColumn("Average fit score", format="%.1f"),
        },
        alt="Programs and average fit by state",
        key="map_table",
    )

elif view == "Explain a program":
    ELIGIBLE_WORDS = {"yes": "yes", "unknown": "not known yet", "no": "no"}

    def _visa_and_training_notes(row: pd.Series) -> list[str]:
        """What an H-1B applicant and an applicant trained abroad should know about this program."""
        notes = []
        h1b = row.get("h1b")
        if profile.visa_need in ("h1b", "either") and isinstance(h1b, str) and h1b in ("yes", "considered"):
            exempt = row.get("h1b_cap_exempt")
            said = {
                True: "this institution is exempt from the H-1B cap, so no lottery",
                False: "this institution is not cap-exempt, so its H-1B goes through the lottery",
            }.get(None if pd.isna(exempt) else bool(exempt), "whether this institution is exempt from the H-1B cap is not checked yet")
            notes.append(f"H-1B: {said}. {rules.rule('h1b_cap_exempt').text}")
        level = row.get("entry_level")
        required = row.get("requires_prior_residency")
        asks_training = (not pd.isna(required) and bool(required)) or (isinstance(level, str) and level in ("after-2-years", "after-residency"))
        if profile.prior_residency not in ("", "none") and profile.prior_residency_where == "abroad" and asks_training:
            notes.append(
                "Your residency abroad does not meet this program's US or Canadian training requirement, but it is an asset: describe it in your application."
            )
        return notes

    names = {pid: workspace.labels().get(pid, pid) for pid in shown["program_id"].astype(str)}
    persistence.restore_choice("explain_program", list(names))
    # The shared picker, as every other page's: the choice kept in the "pickers" setting, and a search box past PICKER_LIMIT programs.
    pid = picker.program_selectbox("Program", names, "explain_program", on_change=persistence.keep_choice, args=("explain_program",))
    row = shown.set_index("program_id").loc[pid]
    one = shown[shown["program_id"] == pid]
    reasons = tiers.reasons(one.assign(ineligible_reasons=eligibility.reasons(one, one, profile, workspace.today())), profile.thresholds).iloc[0]
    st.subheader(text.md(names[pid]))
    c1, c2, c3 = st.columns(3)
    low = row["fit_score_min"] if "fit_score_min" in row else row["fit_score"]
    known = f" You know {row['known_share']:.0%} of its scoring input." if "known_share" in row else ""
    c1.metric(
        "Fit score",
        f"{row['fit_score']:.1f}",
        help=f"Between {low:.1f} and {row['fit_score_max']:.1f} depending on what is still unknown.{known} {GOAL_FIT_HELP}",
        border=True,
    )
    c2.metric(
        "IMG-friendliness",
        f"{row['img_friendliness']:g}" + (f"–{row['img_friendliness_max']:g}" if row["img_friendliness_max"] > row["img_friendliness"] else ""),
        border=True,
    )
    c3.metric("Tier", words(row["tier"]), border=True)
    st.write(f"**Why this tier:** {text.md(reasons)}")
    eligible_reasons = eligibility.reasons(one, one, profile, workspace.today()).iloc[0]
    st.write(f"**Eligible:** {ELIGIBLE_WORDS.get(str(row['eligible']), '')}" + (f" ({text.md(eligible_reasons)})" if eligible_reasons else ""))
    for note in _visa_and_training_notes(row):
        st.caption(note)
    lines = pd.DataFrame(fit.explain(row, weights, fit.unsaid_for(one, profile)))
    st.dataframe(
        lines[["factor", "value", "weight", "points", "could_be"]],
        hide_index=True,
        column_config={
            "factor": st.column_config.TextColumn("Factor"),
            "value": st.column_config.TextColumn("Value", width="large"),
            "weight": st.column_config.NumberColumn("Weight"),
            "points": st.column_config.NumberColumn("Points", format="%.1f"),
            "could_be": st.column_config.NumberColumn("Could reach", help="Points once every unknown is at its most", format="%.1f"),
        },
        alt="The fit score factor by factor",
        key="explain_table",
    )
    components = pd.DataFrame(
        {
            "component": [COMPONENT_LABELS[c] for c in COMPONENTS],
            "points": [row[f"{c}_lo"] for c in COMPONENTS],
            "could be": [row[f"{c}_hi"] for c in COMPONENTS],
            "out of": [COMPONENT_MAX[c] for c in COMPONENTS],
        }
    )
    st.dataframe(
        components,
        hide_index=True,
        column_config={
            "component": st.column_config.TextColumn("Rubric component"),
            "points": st.column_config.NumberColumn("Points", format="%g"),
            "could be": st.column_config.NumberColumn("Could be", help="Points once every unknown is at its most", format="%g"),
            "out of": st.column_config.NumberColumn("Out of", format="%g"),
        },
        alt="IMG-friendliness rubric components",
        key="explain_components",
    )
    unknown = unknown_inputs(one, profile).iloc[0]
    if unknown:
        st.caption(f"Still unknown: {unknown}.")
    # Where each group of facts came from, and whether it is from an earlier season.
    saved = workspace.tables()["programs"]
    mine = saved[saved["program_id"] == pid]
    if not mine.empty:
        opens = provenance.season_opening(season_common.shipped(), season_common.saved_dates())
        contacts = workspace.tables()["contacts"]
        stale = provenance.earlier_season(mine, opens, contacts).iloc[0]
        lines_said = provenance.describe(mine.iloc[0], stale, provenance.dates(mine, contacts).iloc[0], provenance.sources(mine, contacts).iloc[0])
        if lines_said:
            old = [FACT_GROUPS[g] for g, is_old in stale.items() if is_old]
            with st.expander(
                f"Where these facts came from ({len(old)} {'group' if len(old) == 1 else 'groups'} to check again: undated or {provenance.EARLIER})"
                if old
                else "Where these facts came from",
                icon=":material/history:",
            ):
                st.markdown("\n".join(f"- {text.md(line)}" for line in lines_said))
                st.caption("Set each group's source and date in the Programs table; a reply logged on Outreach dates the responsiveness facts.")
        differ = disagreements.table(mine)
        if not differ.empty:
            # Both sources side by side: the first is the one scored, until you pick one on the Programs page.
            st.markdown(
                f"**Two sources disagree** ({plural(len(differ), 'fact')}; the first is the one scored until you settle it on the Programs page):\n"
                + "\n".join(f"- {text.md(line)}" for line in provenance.disagreement_lines(differ))
            )
        cells = flags.table(mine, column_words)  # the user's header, else the column in words, never its code
        # A cutoff the program does not state was read: it is a question for the program, not a cell to fix.
        silent = cells[cells["reason"].eq(SILENT_CUTOFF_REASON)] if not cells.empty else cells
        cells = cells[~cells.index.isin(silent.index)]
        if not cells.empty:
            st.caption(
                "Cells that could not be read, counted as unknown: "
                + text.md("; ".join(f"{h} ('{v}': {r})" for h, v, r in zip(cells["header"], cells["value"], cells["reason"], strict=True)))
                + ". Fix them on the Programs page."
            )
        if not silent.empty:
            st.caption(
                "Cutoffs the program does not state, counted as unknown, not as no cutoff: "
                + text.md("; ".join(f"{h} ('{v}')" for h, v in zip(silent["header"], silent["value"], strict=True)))
                + ". Ask the program, and write none there if it has none."
            )

else:
    compare_view.show(shown, profile)
