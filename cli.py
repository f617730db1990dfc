"""Residency Scout without the browser.

    python cli.py check FILE [--table programs|contacts|letters]
    python cli.py rank FILE [--profile PROFILE.json] [--weights WEIGHTS.json]
                            [--contacts CONTACTS.csv] [--as-of YYYY-MM-DD] --out RANKED.csv|.xlsx|.parquet
    python cli.py bench [--quick] [--check]

check exits 0 when the file could be read (even with rejected rows) and 1
when nothing usable could be read. No command prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def _print_errors(errors: pd.DataFrame, limit: int = 200) -> None:
    if errors.empty:
        return
    with pd.option_context("display.max_colwidth", 70, "display.width", 200):
        print(errors.head(limit).to_string(index=False))
    if len(errors) > limit:
        print(f"… and {len(errors) - limit:,} more rejected cells.")


def cmd_check(args: argparse.Namespace) -> int:
    from data.readers import ReadError
    from data.validation import load_path

    try:
        loaded = load_path(args.file, args.table)
    except ReadError as exc:
        print(f"Could not use {args.file}: {exc}", file=sys.stderr)
        return 1
    noun = args.table if args.table != "programs" else "programs"
    print(f"{args.file}: {len(loaded.valid):,} valid {noun}, {len(loaded.rejected):,} rows rejected.")
    for warning in loaded.warnings:
        print(f"Note: {warning}")
    if not loaded.errors.empty:
        print("\nRejected cells (row numbers as in your spreadsheet, header = row 1):")
        _print_errors(loaded.errors)
    return 0


def _read_json(path: str | None, what: str) -> dict | None:
    if path is None:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"Could not read the {what} file {path}: {exc}") from None


def cmd_rank(args: argparse.Namespace) -> int:
    from data import export
    from data.readers import ReadError
    from data.validation import load_path
    from scoring.ranking import ranked_list, score_programs
    from scoring.research_next import research_next
    from scoring.settings import Profile, Weights

    try:
        profile = Profile.from_dict(_read_json(args.profile, "profile"))
        weights = Weights.from_dict(_read_json(args.weights, "weights"))
    except (ValueError, TypeError) as exc:
        print(f"Invalid settings: {exc}", file=sys.stderr)
        return 1
    try:
        loaded = load_path(args.file, "programs")
        contacts = load_path(args.contacts, "contacts").valid if args.contacts else None
    except ReadError as exc:
        print(f"Could not use the file: {exc}", file=sys.stderr)
        return 1
    if loaded.valid.empty:
        print("No valid programs to rank.", file=sys.stderr)
        _print_errors(loaded.errors)
        return 1
    as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
    scored = score_programs(loaded.valid, profile, weights, as_of, contacts)
    todo = research_next(scored, loaded.valid, profile, weights, as_of, contacts)
    ranked = ranked_list(scored, profile, weights, as_of, todo)
    rejected = len(loaded.rejected)
    del scored, todo, loaded  # the export's text copy is the peak: free what it no longer needs
    out = Path(args.out)
    try:
        payload = export.by_extension(ranked, out.suffix, sheet="ranked")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    out.write_bytes(payload)
    tiers = ranked["tier"].value_counts().to_dict()
    print(f"Ranked {len(ranked):,} programs into {out} ({', '.join(f'{k}: {v}' for k, v in tiers.items())}).")
    if rejected:
        print(f"{rejected:,} rows were rejected; run `python cli.py check {args.file}` to see why.")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from scripts.bench import main as bench_main

    return bench_main(quick=args.quick, check=args.check)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    parser = argparse.ArgumentParser(prog="cli.py", description="Residency Scout from the command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a spreadsheet and list rejected cells")
    check.add_argument("file")
    check.add_argument("--table", choices=["programs", "contacts", "letters"], default="programs")
    check.set_defaults(func=cmd_check)
    rank = sub.add_parser("rank", help="score, tier and rank programs into a file")
    rank.add_argument("file")
    rank.add_argument("--profile")
    rank.add_argument("--weights")
    rank.add_argument("--contacts")
    rank.add_argument("--as-of", dest="as_of", help="date to judge reply times and deadlines by (default: today)")
    rank.add_argument("--out", required=True)
    rank.set_defaults(func=cmd_rank)
    bench = sub.add_parser("bench", help="run every speed target and print one table")
    bench.add_argument("--quick", action="store_true", help="smaller sizes, for CI")
    bench.add_argument("--check", action="store_true", help="exit 1 when a ratio is worse than 1.5x its target")
    bench.set_defaults(func=cmd_bench)
    args = parser.parse_args(argv)
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
    raise SystemExit(main())
