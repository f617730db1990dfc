"""One benchmark command for every speed target: python cli.py bench [--quick] [--check].

Each timing is reported with its baseline measured in the same run (the
per-row reference scorer, plain pandas reading, an empty Streamlit page), so
the figures mean something on a busy shared machine. --check exits 1 only on
a regression of more than 3x against a target, so CI noise does not fail it.
"""

from __future__ import annotations

import gc
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from data import bundled, export  # noqa: E402
from data.validation import load_bytes  # noqa: E402
from scoring import reference  # noqa: E402
from scoring.ranking import score_programs  # noqa: E402
from scoring.settings import Profile, Weights  # noqa: E402
from scoring.stability import stability  # noqa: E402

AS_OF = date(2026, 11, 22)
SLACK = 3.0  # --check tolerates this factor against each target


@dataclass
class Row:
    name: str
    figure: float
    unit: str
    target: float
    higher_is_better: bool
    detail: str = ""

    def passes(self, slack: float = 1.0) -> bool:
        if self.figure != self.figure:  # not measured here
            return True
        return self.figure * slack >= self.target if self.higher_is_better else self.figure <= self.target * slack


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic_programs(n: int) -> pd.DataFrame:
    base = bundled.example_tables()["programs"]
    reps = -(-n // len(base))
    frame = pd.concat([base] * reps, ignore_index=True).iloc[:n].copy()
    frame["program_id"] = pd.array([f"B{i:07d}" for i in range(n)], dtype="string")
    frame["program"] = frame["program"] + pd.array([f" #{i}" for i in range(n)], dtype="string")
    return frame.reset_index(drop=True)


def bench_reading(n: int) -> list[Row]:
    content = export.to_csv(synthetic_programs(n))
    ours = best_of(lambda: load_bytes(content, "bench.csv"), 3)
    plain = best_of(lambda: pd.read_csv(io.BytesIO(content), dtype=str), 3)
    return [Row(f"read + validate {n:,} programs", ours, "s", 1.0, False, f"{ours / plain:.1f}× a bare pandas.read_csv ({plain * 1000:.0f} ms)")]


def bench_scoring(n_compare: int, n_big: int) -> list[Row]:
    profile, weights = Profile(visa_need="j1", step2_score=235, attempts=1, graduation_year=2021), Weights()
    small = synthetic_programs(n_compare)
    fast = best_of(lambda: score_programs(small, profile, weights, AS_OF), 5)
    slow = best_of(lambda: reference.score(small, profile, weights, AS_OF), 1)
    big = synthetic_programs(n_big)
    big_time = best_of(lambda: score_programs(big, profile, weights, AS_OF), 3)
    return [
        Row(f"score + tier {n_compare:,}: speed-up over per-row reference", slow / fast, "×", 50.0, True, f"{fast * 1000:.0f} ms vs {slow * 1000:.0f} ms"),
        Row(f"score + tier {n_big:,} programs", big_time, "s", 0.3, False, f"{big_time / fast:.1f}× the {n_compare:,}-program time"),
    ]


def bench_memory(n: int) -> list[Row]:
    # A fresh process that does what the app does: open the workspace, load the table, score it.
    from data.normalise import empty_table
    from data.store import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.sqlite"
        Workspace(path).save(tables={"programs": synthetic_programs(n), "contacts": empty_table("contacts")})
        code = (
            f"import resource, sys, datetime; sys.path.insert(0, {str(ROOT)!r})\n"
            "from data.store import Workspace\nfrom scoring.ranking import score_programs\nfrom scoring.settings import Profile, Weights\n"
            f"ws = Workspace({str(path)!r})\n"
            "score_programs(ws.load_table('programs'), Profile(), Weights(), datetime.date(2026, 11, 22), ws.load_table('contacts'))\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    peak = float(out.stdout.strip().splitlines()[-1])
    return [Row(f"peak memory loading and scoring {n:,} programs (whole process)", peak, "MB", 300.0, False)]


def bench_stability(programs: int, draws: int) -> list[Row]:
    frame = synthetic_programs(programs)
    scored = score_programs(frame, Profile(), Weights(), AS_OF)
    elapsed = best_of(lambda: stability(scored, Weights(), Profile().thresholds, draws=draws), 3)
    return [Row(f"rank stability, {draws:,} draws × {programs:,} programs", elapsed, "s", 0.5, False)]


EMPTY_PAGE = "import streamlit as st\nst.title('empty')\n"


def bench_reruns(sizes: list[int], reruns: int) -> list[Row]:
    import os

    from streamlit.testing.v1 import AppTest

    from data.normalise import empty_table
    from data.store import Workspace

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty_script = Path(tmp) / "empty.py"
        empty_script.write_text(EMPTY_PAGE)
        empty = AppTest.from_file(str(empty_script), default_timeout=60).run()
        baseline = statistics.median(_timed(lambda: empty.run()) for _ in range(reruns))
        for n in sizes:
            path = Path(tmp) / f"w{n}.sqlite"
            Workspace(path).save(
                tables={"programs": synthetic_programs(n), "contacts": empty_table("contacts"), "letters": empty_table("letters")},
                settings={"profile": {}, "weights": {}},
            )
            os.environ["RESIDENCY_SCOUT_WORKSPACE"] = str(path)
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
            at.switch_page("app_pages/explore.py").run()
            times = []
            for i in range(reruns):
                value = 2.0 + (i % 2)
                times.append(_timed(lambda app=at, v=value: app.slider(key="w_research").set_value(v).run()))
            assert not at.exception, at.exception
            median = statistics.median(times)
            target = 0.15 if n <= 1000 else 0.5
            rows.append(
                Row(
                    f"Explore rerun after a weight change, {n:,} programs",
                    median,
                    "s",
                    target,
                    False,
                    f"{median / baseline:.0f}× an empty page ({baseline * 1000:.1f} ms)",
                )
            )
        os.environ.pop("RESIDENCY_SCOUT_WORKSPACE", None)
    return rows


def _first_draw(script: Path, heading: str, env: dict[str, str], last: str | None = None) -> tuple[float, float]:
    """Seconds from the server answering its health check to the page's heading
    being drawn, and to its last section (text `last`) being drawn."""
    import os
    import shutil
    import socket
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(base + "/")
            page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
            drawn = time.perf_counter() - start
            if last:
                page.get_by_text(last).first.wait_for(timeout=60_000)
            complete = time.perf_counter() - start
            browser.close()
        return drawn, complete
    finally:
        server.terminate()
        server.wait(timeout=20)


def bench_cold_start() -> list[Row]:
    import shutil

    if not shutil.which("chromium"):
        return [Row("cold start: first page drawn (needs Chromium; not measured)", float("nan"), "s", 2.0, False)]
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text(EMPTY_PAGE)
        baseline, _ = _first_draw(empty, "empty", {})
        workspace = {"RESIDENCY_SCOUT_WORKSPACE": str(Path(tmp) / "w.sqlite")}
        first, first_done = _first_draw(ROOT / "app.py", "Residency Scout", workspace, "What to do next")  # creates the workspace
        saved, saved_done = _first_draw(ROOT / "app.py", "Residency Scout", workspace, "What to do next")  # a later start
    return [
        Row(
            "cold start, first launch: first page drawn",
            first,
            "s",
            2.0,
            False,
            f"{first / baseline:.1f}× an empty page ({baseline:.2f} s); whole page {first_done:.2f} s",
        ),
        Row("cold start, saved workspace: first page drawn", saved, "s", 2.0, False, f"{saved / baseline:.1f}× an empty page; whole page {saved_done:.2f} s"),
    ]


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def print_table(rows: list[Row], slack: float) -> None:
    print(f"{'measurement':62} {'figure':>10} {'target':>10}  result  detail")
    for r in rows:
        op = "≥" if r.higher_is_better else "≤"
        verdict = "pass" if r.passes() else ("ok×3" if r.passes(slack) else "FAIL")
        print(f"{r.name:62} {r.figure:>8.3g} {r.unit:<2}{op}{r.target:>7g} {r.unit:<2} {verdict:6}  {r.detail}")


def main(quick: bool = False, check: bool = False) -> int:
    rows: list[Row] = []
    rows += bench_reading(2_000 if quick else 10_000)
    rows += bench_scoring(10_000, 20_000 if quick else 100_000)
    rows += bench_memory(20_000 if quick else 100_000)
    rows += bench_stability(1_000, 200 if quick else 1_000)
    rows += bench_reruns([1_000] if quick else [1_000, 10_000], 8 if quick else 20)
    rows += bench_cold_start()
    print_table(rows, SLACK)
    results = Path(ROOT / "bench-results")
    results.mkdir(exist_ok=True)
    (results / ("quick.json" if quick else "full.json")).write_text(json.dumps([r.__dict__ for r in rows], indent=2))
    if check:
        failed = [r.name for r in rows if not r.passes(SLACK)]
        if failed:
            print(f"benchmark regression beyond {SLACK:g}x: {', '.join(failed)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(quick="--quick" in sys.argv, check="--check" in sys.argv))
