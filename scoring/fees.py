"""Application cost estimate and NRMP rank-list rules, from a fee schedule
that lives in a data file (so a new season needs no code change)."""

from __future__ import annotations

from typing import Any


def eras_fee(programs: int, schedule: dict[str, Any]) -> float:
    """ERAS fee for applying to `programs` programs in one specialty."""
    total = 0.0
    counted = 0
    for band in schedule["eras_bands"]:
        upper = band["up_to"] if band["up_to"] is not None else max(programs, counted)
        in_band = max(0, min(programs, upper) - counted)
        if in_band:
            total += band["flat"] if "flat" in band else in_band * band["each"]
        counted = max(counted, upper)
        if counted >= programs:
            break
    return total


def nrmp_warnings(ranks: int, schedule: dict[str, Any]) -> list[str]:
    rules = schedule["nrmp"]
    out = []
    if ranks > rules["max_ranks"]:
        out.append(f"A rank order list holds at most {rules['max_ranks']} programs (not confirmed by an official source); this list has {ranks}.")
    if ranks > rules["included_ranks"]:
        extra = ranks - rules["included_ranks"]
        out.append(
            f"Ranking more than {rules['included_ranks']} programs costs extra: {extra} more × "
            f"{rules['extra_rank_fee']} {schedule['currency']} = {extra * rules['extra_rank_fee']} {schedule['currency']}."
        )
    return out
