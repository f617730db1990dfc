"""What applying costs, from the season file's fees (data/seasons.Season), so a
new season needs no code change.

ERAS charges per ERAS specialty and the count starts again in each one (AAMC,
"Fees for the 2026 ERAS season": $11 each for programs 1-30, $30 each from the
31st; the figures themselves live in data/season/<year>.toml with their source).
Extra NRMP ranks are counted from the rank order list, never from applications."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.seasons import Season


def eras_fee(programs: int, season: Season) -> float:
    """ERAS fee for applying to `programs` programs in one ERAS specialty."""
    first = int(season.fee("eras", "first_programs"))
    n = max(0, int(programs))
    return min(n, first) * season.fee("eras", "first_each") + max(0, n - first) * season.fee("eras", "after_each")


def eras_fees(counts: Mapping[str, int], season: Season) -> dict[str, float]:
    """ERAS fee per specialty: {ERAS specialty: programs} -> {ERAS specialty: fee}."""
    return {specialty: eras_fee(n, season) for specialty, n in counts.items() if n}


def counts_by_specialty(eras_specialty: pd.Series) -> dict[str, int]:
    """Programs per ERAS specialty, largest first; those of no known ERAS specialty (under "") last."""
    counts = eras_specialty.astype("string").fillna("").value_counts(sort=False)
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (kv[0] == "", -kv[1], kv[0]))}


def extra_ranks(ranks: int, season: Season) -> int:
    """Ranks on the rank order list beyond those registration includes."""
    return max(0, int(ranks) - int(season.fee("nrmp_extra_ranks", "included")))


def extra_rank_fee(ranks: int, season: Season) -> float:
    """The NRMP fee for a final rank order list of `ranks` programs."""
    return extra_ranks(ranks, season) * season.fee("nrmp_extra_ranks", "each")


def over_max_ranks(ranks: int, season: Season) -> int:
    """How many ranks past the NRMP's limit (0 when within it)."""
    return max(0, int(ranks) - int(season.fee("nrmp_extra_ranks", "max_ranks")))


@dataclass(frozen=True)
class Costs:
    """An IMG's application costs for a season: ERAS per specialty, then the rest."""

    eras: dict[str, float]
    counts: dict[str, int]
    usmle_transcript: float
    nrmp_registration: float
    extra_ranks: float
    currency: str

    @property
    def total(self) -> float:
        return float(np.sum(list(self.eras.values()))) + self.usmle_transcript + self.nrmp_registration + self.extra_ranks


def costs(counts: Mapping[str, int], season: Season, ranks: int | None = None) -> Costs:
    """Every fee: ERAS per specialty for `counts`, the USMLE transcript, NRMP
    registration and, when the final rank list's length is given, its extra ranks."""
    return Costs(
        eras=eras_fees(counts, season),
        counts={k: int(v) for k, v in counts.items() if v},
        usmle_transcript=season.fee("usmle_transcript"),
        nrmp_registration=season.fee("nrmp_registration"),
        extra_ranks=0.0 if ranks is None else extra_rank_fee(ranks, season),
        currency=season.currency,
    )


def money(amount: float, currency: str = "USD") -> str:
    return f"${amount:,.0f}" if currency == "USD" else f"{amount:,.0f} {currency}"


def fee_lines(
    counts: Mapping[str, int],
    season: Season,
    unknown_label: str = "programs of no known ERAS residency specialty (priced as one more specialty)",
    sure_too: bool = True,
) -> list[str]:
    """One line per ERAS specialty: "31 Pediatrics programs: $360 (estimate, 2026 fees)".
    sure_too=False where the ERAS fact's cite() follows the lines, which says how sure it is
    already (a line said "estimate" and its source said it again)."""
    word = season.fees["eras"].word
    note = f" ({word}, {season.fees['eras'].figure_from} fees)" if word and sure_too else ""
    out = []
    for specialty, n in counts.items():
        if not n:
            continue
        what = f"{specialty} program{'s' if n != 1 else ''}" if specialty else unknown_label
        out.append(f"{n:,} {what}: {money(eras_fee(n, season), season.currency)}{note}")
    return out


def nrmp_warnings(ranks: int, season: Season) -> list[str]:
    """Warnings for a final rank order list of `ranks` programs."""
    out = []
    over = over_max_ranks(ranks, season)
    cite = season.fees["nrmp_extra_ranks"]
    if over:
        # The 300 limit comes from a third-party page only (data/season: nrmp_extra_ranks).
        out.append(
            f"A rank order list holds at most {int(season.fee('nrmp_extra_ranks', 'max_ranks'))} programs (not confirmed by an official source); this list has {ranks}."
        )
    extra = extra_ranks(ranks, season)
    if extra:
        out.append(
            f"Ranking more than {int(season.fee('nrmp_extra_ranks', 'included'))} programs costs extra: {extra} more × "
            f"{money(season.fee('nrmp_extra_ranks', 'each'), season.currency)} = {money(extra_rank_fee(ranks, season), season.currency)} "
            f"({cite.cite()})."
        )
    return out


def other_costs(season: Season, ranks: int | None = None) -> list[dict[str, str]]:
    """What else an IMG pays besides ERAS program fees, each with how sure and its source.
    Extra ranks are counted from the final rank order list (`ranks`), never from applications."""
    extra = season.fees["nrmp_extra_ranks"]
    included, each = int(extra.values["included"]), season.fee("nrmp_extra_ranks", "each")
    rows = [
        (season.fees["usmle_transcript"], money(season.fee("usmle_transcript"), season.currency), "once a season, with your first ERAS applications"),
        (
            season.fees["nrmp_registration"],
            money(season.fee("nrmp_registration"), season.currency),
            f"when you register for the Match (plus {money(float(season.fees['nrmp_registration'].values.get('late_fee', 0)), season.currency)} after the standard deadline)"
            if season.fees["nrmp_registration"].values.get("late_fee")
            else "when you register for the Match",
        ),
        (
            extra,
            f"{money(each, season.currency)} each past {included}"
            + ("" if ranks is None else f": {money(extra_rank_fee(ranks, season), season.currency)} for your {ranks} ranks"),
            "when you certify your rank order list; counted from your final list",
        ),
    ]
    # "How sure" has its own column: the source does not say it again.
    return [{"Fee": f.label, "Amount": amount, "When": when, "How sure": f.word or "official", "Source": f.cite(sure_too=False)} for f, amount, when in rows]


@dataclass(frozen=True)
class SignalCount:
    eras_specialty: str
    used: int
    allowed: int | None  # None: the season file gives no number
    status: str  # official / estimate / not-confirmed, or "" when the season file says nothing
    participates: bool | None  # False: the specialty does not use signals; None: not known
    message: str


def signal_counts(signalled: pd.Series, season: Season) -> list[SignalCount]:
    """Signals used per ERAS specialty against the season's count, with a warning past it.

    signalled: the ERAS specialty of each program you mark as signalled."""
    out = []
    for specialty, used in counts_by_specialty(signalled).items():
        fact = season.signals.get(specialty)
        name = specialty or "programs whose ERAS specialty is not known"
        if fact is None:
            out.append(SignalCount(specialty, used, None, "", None, f"{name}: {used} signalled; whether this specialty uses signals is not confirmed."))
            continue
        participates = fact.values.get("participates")
        allowed = fact.values.get("count")
        sure = f" ({fact.word})" if fact.word else ""
        if participates is False:
            message = f"{name}: {used} signalled, but this specialty does not use program signals{sure}; {fact.cite()}."
        elif allowed is None:
            message = f"{name}: {used} signalled; the number of signals allowed is not confirmed; {fact.cite()}."
        elif used > allowed:
            message = f"{name}: {used} signalled, more than the {allowed} allowed{sure}: choose which {allowed} to keep; {fact.cite()}."
        else:
            message = f"{name}: {used} of {allowed} signals used{sure}; {fact.cite()}."
        out.append(SignalCount(specialty, used, allowed, fact.status, participates, message))
    return out
