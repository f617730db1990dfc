"""Residency Scout without the browser.

    python cli.py check FILE [--table programs|contacts|letters] [--sheet NAME]
    python cli.py rank FILE [--profile PROFILE.json] [--weights WEIGHTS.json]
                            [--contacts CONTACTS.csv] [--as-of YYYY-MM-DD] --out RANKED.csv|.xlsx|.parquet
    python cli.py bench [--quick] [--check]
    python cli.py season APPLICATIONS.csv [--programs PROGRAMS.csv] [--as-of YYYY-MM-DD] [--season-dates DATES.json]
    (rank also takes --applications APPLICATIONS.csv: statuses and post-interview reflections)

check exits 0 when the file could be read (even with rejected rows) and 1
when nothing usable could be read. No command prints a traceback for bad input.
"""

from __future__ import annotations

import gc

if __name__ == "__main__":
    # Importing pandas and pandera makes hundreds of thousands of objects and no garbage; the
    # collector would walk them again and again while they load (a tenth of a second of CPU).
    gc.disable()

import argparse
import contextlib
import importlib
import json
import os
import sys
import threading
from datetime import date
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def _print_errors(errors: pd.DataFrame, limit: int = 200, what: str = "rejected cells") -> None:
    if errors.empty:
        return
    with pd.option_context("display.max_colwidth", 70, "display.width", 200):
        print(errors.head(limit).to_string(index=False))
    if len(errors) > limit:
        print(f"… and {len(errors) - limit:,} more {what}.")


def _sheet_note(args: argparse.Namespace) -> None:
    if args.sheet and not str(args.file).lower().endswith(".xlsx"):
        print(f"Note: --sheet is for Excel workbooks; {args.file} has no sheets, so it was ignored.", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from data.readers import ReadError
    from data.validation import load_path

    # pandera's import (a fifth of a second, mostly Python) runs while Arrow parses the file
    # on both cores with the interpreter lock released; validation waits for it at first use.
    # Everything else is imported first, so the two threads never import the same module.
    threading.Thread(target=importlib.import_module, args=("data.schemas",), daemon=True).start()
    try:
        _sheet_note(args)
        loaded = load_path(args.file, args.table, sheet=args.sheet)
    except ReadError as exc:
        print(f"Could not use {args.file}: {exc}", file=sys.stderr)
        return 1
    noun = args.table if args.table != "programs" else "programs"
    flagged = f" ({loaded.flagged_programs:,} with cells that need a look, kept as written)" if loaded.flagged_programs else ""
    print(f"{args.file}: {len(loaded.valid):,} valid {noun}{flagged}, {len(loaded.rejected):,} rows rejected.")
    for warning in loaded.warnings:
        print(f"Note: {warning}")
    if not loaded.flagged.empty:
        print("\nCells that need a look (the program loads; each counts as unknown until fixed; the reason says why):")
        _print_errors(loaded.flagged, what="cells that need a look")
    if not loaded.errors.empty:
        print("\nRejected cells (row numbers as in your spreadsheet, header = row 1):")
        _print_errors(loaded.errors)
    return 0


class UsageError(Exception):
    """Bad input on the command line: a message and exit code 2, as argparse does."""


def _read_json(path: str | None, what: str) -> object:
    if path is None:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise UsageError(f"Could not read the {what} file {path}: {exc}") from None


def _same_file(a: Path, b: Path) -> bool:
    # resolve() follows symlinks and "..", samefile() also catches hard links.
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.exists() and a.samefile(b))
    except OSError:
        return False


def cmd_rank(args: argparse.Namespace) -> int:
    from data import memory

    memory.give_back_freed_memory()
    from data import export
    from data.readers import ReadError
    from data.settings import SettingsError, parse_profile, parse_weights
    from data.validation import load_path
    from scoring.decision.ranking import RESEARCH_ITEMS_LISTED, ranked_list, score_programs
    from scoring.decision.research_next import research_next

    out = Path(args.out)
    inputs = [Path(p) for p in (args.file, args.contacts, getattr(args, "applications", None), args.profile, args.weights) if p]
    try:
        clash = next((p for p in inputs if _same_file(p, out)), None)
        if clash is not None:
            raise UsageError(f"--out {args.out} is the same file as the input {clash}; choose another output file so your input is not overwritten.")
        if out.suffix.lower() not in (".csv", ".xlsx", ".parquet"):
            raise UsageError(f"Cannot write '{out.suffix or out.name}' files; use .csv, .xlsx or .parquet for --out.")
        problems = []
        for path, what, parse in ((args.profile, "profile", parse_profile), (args.weights, "weights", parse_weights)):
            try:
                parse(_read_json(path, what))
            except SettingsError as exc:
                problems += [f"{path}: {p}" for p in exc.problems]
        if problems:
            raise UsageError("Invalid settings:\n  " + "\n  ".join(problems))
        profile = parse_profile(_read_json(args.profile, "profile"))
        weights = parse_weights(_read_json(args.weights, "weights"))
        as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValueError:
        print(f"--as-of must be a date as YYYY-MM-DD, not {args.as_of!r}.", file=sys.stderr)
        return 2
    # As in check: pandera is imported on a second thread while Arrow reads (everything else
    # this command imports before reading is imported by now).
    threading.Thread(target=importlib.import_module, args=("data.schemas",), daemon=True).start()
    try:
        _sheet_note(args)
        loaded = load_path(args.file, "programs", sheet=args.sheet)
        contacts = load_path(args.contacts, "contacts").valid if args.contacts else None
        applications = load_path(args.applications, "applications").valid if getattr(args, "applications", None) else None
    except ReadError as exc:
        print(f"Could not use the file: {exc}", file=sys.stderr)
        return 1
    if loaded.valid.empty:
        print("No valid programs to rank.", file=sys.stderr)
        _print_errors(loaded.errors)
        return 1
    from scoring.vocabulary import specialty

    # A program of a specialty with no pack is never scored as another: it is set aside, kept whole, in its own file.
    # No second name for the programs: `del loaded` below must let them go.
    loaded.valid, aside = specialty.split(loaded.valid)
    if len(aside):
        aside_path = out.with_name(f"{out.stem}.set-aside.csv")
        with aside_path.open("wb") as sink:
            export.write_csv(aside, sink)
        counts = ", ".join(f"{k}: {v:,}" for k, v in aside["specialty"].value_counts().items())
        noun = "program" if len(aside) == 1 else "programs"
        print(f"{len(aside):,} {noun} set aside, no specialty pack for them ({counts}); every column kept in {aside_path}.")
        if loaded.valid.empty:
            print("No programs of a specialty with a pack to rank.", file=sys.stderr)
            return 1
    scored = score_programs(loaded.valid, profile, weights, as_of, contacts, applications=applications)
    # Peak memory is the sum of what is alive at once, so each stage drops what the next does
    # not read, and Arrow's allocator (which keeps freed blocks for reuse) gives them back.
    # Only the items the ranked list shows are written out as text.
    todo = research_next(
        scored, loaded.valid, profile, weights, as_of, contacts, applications=applications, first=RESEARCH_ITEMS_LISTED, only=("program_id", "todo")
    )
    rejected = len(loaded.rejected)
    del loaded  # every score is made
    memory.release()
    # A CSV is written from text alone, so its sentences can be held once per distinct one; that
    # pays only when it is written in several blocks (in one, the categories are one more copy).
    compact = out.suffix.lower() == ".csv" and len(scored) > export.WRITE_ROWS
    ranked = ranked_list(scored, profile, weights, as_of, todo, compact=compact)
    del scored, todo  # the export's text copy comes next
    memory.release()
    ranked = _with_applications(ranked, applications)
    from data.files import write_atomic

    try:
        # Through a temporary file renamed into place: a full disk or a second run writing the
        # same --out leaves the previous file whole, never a truncated or mixed one.
        if out.suffix.lower() == ".csv":
            # Straight to the file: the whole CSV is never held in memory as well.
            write_atomic(out, lambda sink: export.write_csv(ranked, sink))
        else:
            write_atomic(out, export.by_extension(ranked, out.suffix, sheet="ranked"))
    except OSError as exc:
        print(f"Could not write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    tiers = ranked["tier"].value_counts().to_dict()
    print(f"Ranked {len(ranked):,} programs into {out} ({', '.join(f'{k}: {v}' for k, v in tiers.items())}).")
    _print_fees(ranked)
    if rejected:
        print(f"{rejected:,} rows were rejected; run `python cli.py check {args.file}` to see why.")
    return 0


def _print_fees(ranked: pd.DataFrame) -> None:
    """The ERAS fee estimate per ERAS specialty and in total, for the programs worth applying
    to (every tier but excluded, among those not known to be ineligible)."""
    from data.bundled import season
    from scoring.calendar import fees
    from scoring.vocabulary import specialty

    facts = season()
    applying = ranked[ranked["tier"].isin(["dream", "solid", "safety", "low-priority"]) & ranked["eligible"].ne("no")]
    counts = fees.counts_by_specialty(specialty.eras_specialty(applying))
    lines = fees.fee_lines(counts, facts, sure_too=False)  # the total's line says how sure
    total = sum(fees.eras_fees(counts, facts).values())
    print(f"ERAS fees for the {len(applying):,} programs to apply to, per ERAS specialty ({facts.label}):")
    for line in lines or ["none"]:
        print(f"  {line}")
    print(f"  Total: {fees.money(total, facts.currency)} ({facts.fees['eras'].cite()})")
    for row in fees.other_costs(facts):
        print(f"  Also: {row['Fee']}: {row['Amount']} ({row['How sure']}, {row['Source']})")


def _with_applications(ranked: pd.DataFrame, applications: pd.DataFrame | None) -> pd.DataFrame:
    """The ranked export with each program's application status and reflection, when an applications file was given."""
    if applications is None:
        return ranked
    from scoring.calendar import season
    from scoring.decision import reflection

    linked = (
        season.link(applications, ranked[[c for c in ("program_id", "program", "institution", "city", "state", "nrmp_code") if c in ranked]])
        .drop_duplicates("program_id", keep="last")
        .set_index("program_id")
    )
    lo, hi = reflection.factor(ranked["program_id"], linked.reset_index())
    out = ranked.copy()
    out["application_status"] = out["program_id"].map(linked["status"]).astype("string")
    out["reflection"] = [reflection.label(a, b) for a, b in zip(lo, hi, strict=True)]
    return out


def cmd_season(args: argparse.Namespace) -> int:
    from data import bundled
    from data.readers import ReadError
    from data.validation import load_path
    from scoring.calendar import season

    try:
        loaded = load_path(args.file, "applications")
    except ReadError as exc:
        print(f"Could not use {args.file}: {exc}", file=sys.stderr)
        return 1
    if not loaded.errors.empty:
        print(f"{len(loaded.rejected):,} rows were rejected; run `python cli.py check {args.file} --table applications` to see why.")
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
        shipped = bundled.season()
        dates = season.season_dates(shipped, _read_json(args.season_dates, "season dates"))
    except ValueError as exc:
        print(f"Invalid date: {exc}", file=sys.stderr)
        return 1
    apps = loaded.valid
    if args.programs:
        try:
            apps = season.link(apps, load_path(args.programs, "programs").valid)
        except ReadError as exc:
            print(f"Could not use {args.programs}: {exc}", file=sys.stderr)
            return 1
    apps = apps.assign(program=apps["program"].fillna(apps["program_id"]))
    board = season.board(apps)
    counts = ", ".join(f"{row.label.lower()}: {row.count}" for row in board.itertuples() if row.count)
    n = len(apps)
    print(f"{n:,} application{'s' if n != 1 else ''} ({counts or 'none yet'}), as of {as_of.isoformat()}.")
    plan = season.agenda(apps, as_of, dates)
    for title, part in (("Overdue", plan[plan["overdue"]]), ("Due in the next 7 days", plan[~plan["overdue"]])):
        print(f"\n{title} ({len(part)}):")
        if part.empty:
            print("  nothing")
        for row in part.itertuples():
            where = "" if pd.isna(row.program) else f" — {row.program}"
            print(f"  {row.on:%Y-%m-%d}  {row.what}{where}")
    print(f"\nSeason dates ({shipped.label}, from data/season/{shipped.file}):")
    saved = _read_json(args.season_dates, "season dates")
    for key, label in season.SEASON_DATE_LABELS.items():
        when = dates.get(key)
        said = season.date_word(shipped, key, saved if isinstance(saved, dict) else None)
        print(f"  {label}: {when.isoformat() if when else 'not set'}{f' ({said})' if said else ''}")
    stale = season.staleness(shipped, as_of)
    if stale:
        print(f"\n{stale}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from scripts.bench import main as bench_main

    return bench_main(quick=args.quick, check=args.check)


def _exit_now(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (| head) takes no more: nothing more can be said.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    parser = argparse.ArgumentParser(prog="cli.py", description="Residency Scout from the command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a spreadsheet and list rejected cells")
    check.add_argument("file")
    check.add_argument("--table", choices=["programs", "contacts", "letters", "applications"], default="programs")
    check.add_argument("--sheet", help="the workbook sheet to read (default: the one named programs, or the first)")
    check.set_defaults(func=cmd_check)
    rank = sub.add_parser("rank", help="score, tier and rank programs into a file")
    rank.add_argument("file")
    rank.add_argument("--profile")
    rank.add_argument("--weights")
    rank.add_argument("--contacts")
    rank.add_argument("--as-of", dest="as_of", help="date to judge reply times and deadlines by (default: today)")
    rank.add_argument("--out", required=True)
    rank.add_argument("--applications", help="your applications (statuses and reflections); adds them to the ranked file")
    rank.add_argument("--sheet", help="the workbook sheet to read (default: the one named programs, or the first)")
    rank.set_defaults(func=cmd_rank)
    season_cmd = sub.add_parser("season", help="print what is overdue and due this week from an applications file")
    season_cmd.add_argument("file")
    season_cmd.add_argument("--as-of", dest="as_of", help="the date to judge by (default: today)")
    season_cmd.add_argument("--programs", help="your programs file, to show names for program ids")
    season_cmd.add_argument("--season-dates", dest="season_dates", help='a JSON file overriding the season\'s dates, e.g. {"match_day": "2027-03-19"}')
    season_cmd.set_defaults(func=cmd_season)
    bench = sub.add_parser("bench", help="run every speed target and print one table")
    bench.add_argument("--quick", action="store_true", help="smaller sizes, for CI")
    bench.add_argument("--check", action="store_true", help="exit 1 when a ratio is worse than 1.5x its target")
    bench.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
    if args.command != "check" and not gc.isenabled():
        # check makes its frames, prints and exits: nothing it leaves for the collector would be
        # freed before the end (its peak stays the same, about 410 MB at 100,000 programs), so
        # the collector stays off. The other commands hold large frames one after another, so it
        # runs again, and what was imported is set aside where it is never walked.
        gc.freeze()
        gc.enable()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except Exception as exc:  # a last guard: a message, never a traceback
        print(f"Unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    # pandera imports hypothesis, when it is installed (the test tools bring it), only to offer
    # data synthesis, which no command here uses: a fifth of a 100,000-row check's time.
    # Without it, pandera skips that import, as it does on an install of requirements.txt alone.
    sys.modules.setdefault("hypothesis", None)  # type: ignore[arg-type]
    # pandera also tries geopandas (not a requirement) at its first validation: a failed search of
    # every path entry, 50 ms of a check. Marked absent here, it fails at once, as it does when missing.
    sys.modules.setdefault("geopandas", None)  # type: ignore[arg-type]
    code = main()
    if sys.argv[1:2] in (["check"], ["rank"], ["season"]):
        # Everything these commands write is closed by now. Python's own teardown would free
        # every module and frame one object at a time: 0.3 s of a 100,000-row check spent
        # after its last line is printed, pandera's import alone a sixth of a second of it.
        _exit_now(code)
    raise SystemExit(code)
