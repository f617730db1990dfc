"""One benchmark of the user's jobs: python cli.py bench [--quick] [--check].

Every figure is a ratio to a floor measured in the same run (a bare pipeline,
a bare Streamlit app showing the same rows: scripts/floor_rank.py and
scripts/floor_app.py), so it means something on a busy shared machine. CLI jobs
run as whole processes (time and peak memory of the child); pages run in
headless Chromium (Debian's, through Playwright). --check exits 1 when a ratio
is worse than 1.5x its target.

--quick (for CI, about two minutes on two busy cores) covers: `cli.py rank` and
`cli.py check` at 10,000 programs against their floors, the scaling table at
1,000 and 10,000, and page switches at the example's 44 programs to Explore,
Letters, Outreach, Rank list and Programs. The full run adds 100,000 programs,
a switch to every page at 44 and 300 programs, every page's warm rerun at
100,000 (in seconds, its floor page's beside it), the Rank list warm rerun,
Explore weight changes, cold start and server memory.

Each page is measured against its own floor page (scripts/floor_app.py, FLOOR_MODE=pages):
the same kinds of element as that page of the app, with the same rows, and none of
the app's work, so a page's ratio says what the app adds. Every size's workspace
carries the example's season (contacts, letters, applications; the example itself at 44).
"""

from __future__ import annotations

import gc
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

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from data import bundled, export  # noqa: E402
from data.files import write_atomic  # noqa: E402

AS_OF = date(2026, 11, 22)
SLACK = 1.5  # --check fails a ratio worse than this factor times its target (or its known gap)
# Targets not met yet, at the ratio last measured: --check guards them against regressions.
KNOWN_GAPS: dict[str, float] = {
    k: v for k, v in json.loads((Path(__file__).with_name("bench_known_gaps.json")).read_text(encoding="utf-8")).items() if not k.startswith("_")
}


@dataclass
class Row:
    name: str
    figure: float
    unit: str
    target: float
    higher_is_better: bool
    detail: str = ""

    def passes(self, slack: float = 1.0, gaps: dict[str, float] | None = None) -> bool:
        if self.figure != self.figure:  # not measured here
            return True
        if self.higher_is_better:
            return self.figure * slack >= self.target
        limit = max(self.target, (gaps or {}).get(self.name, self.target))
        return self.figure <= limit * slack


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


def user_sheet(n: int) -> pd.DataFrame:
    """n programs, every column, about 20% of cells unknown, short enough texts that
    100,000 rows stay under the reader's 25 MB limit."""
    frame = synthetic_programs(n)
    frame["program"] = frame["program"].str.replace("Medical Genetics and Genomics", "MGG")
    frame["website"] = frame["website"].str.replace(".example.org/genetics", ".org")
    for column in ("notes", "liked", "questions", "institution"):
        frame[column] = frame[column].str.slice(0, 24)
    rng = np.random.default_rng(0)
    for column in frame.columns:
        if column not in ("program", "program_id", "state"):
            frame[column] = frame[column].mask(rng.random(n) < 0.2)
    return frame


# CLI jobs as whole processes ----------------------------------------------------

_WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)\n"
)


def run_process(args: list[str], repeat: int = 1) -> tuple[float, float]:
    """Best wall time (s) and peak memory (MB) of a child process, each run in a fresh wrapper."""
    best_time, best_mem = float("inf"), float("inf")
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _WRAP, *args], capture_output=True, text=True, cwd=ROOT, check=True)
        elapsed, peak, code = out.stdout.split()
        if code != "0":
            raise RuntimeError(f"{' '.join(args)} exited {code}")
        best_time, best_mem = min(best_time, float(elapsed)), min(best_mem, float(peak))
    return best_time, best_mem


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The best time and the least peak memory of several runs of one job."""
    return min(t for t, _ in runs), min(m for _, m in runs)


FLOOR_CHECK = "import sys, pyarrow.csv\npyarrow.csv.read_csv(sys.argv[1])\n"


def bench_cli(sizes: list[int], tmp: Path, repeat: int) -> tuple[list[Row], list[tuple[int, float, float, float, float]]]:
    """`cli.py rank` and `check` on a sheet written as users write theirs (scripts/user_sheet.py),
    and `check` on the app's own export too, each paired with its floor run by run."""
    import os

    from scripts import user_sheet as user_like

    # The app's modules byte-compiled once, as an install or any first run leaves them: with
    # PYTHONDONTWRITEBYTECODE set (as on the development machine) every run would compile
    # them again, 45 ms that no user's second run pays. Arrow's floor is compiled already.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "cli.py", "data", "scoring", "scripts"], cwd=ROOT, env=env, check=True)
    rows, scaling = [], []
    for n in sizes:
        sheet = user_like.write(n, tmp / f"user-sheet-{n}.csv")
        # Each job and its floor run turn about, so a busy spell on the shared machine falls on both.
        runs = [
            (
                run_process([sys.executable, "cli.py", "rank", str(sheet), "--as-of", AS_OF.isoformat(), "--out", str(tmp / "ranked.csv")]),
                run_process([sys.executable, "scripts/floor_rank.py", str(sheet), str(tmp / "floor.csv")]),
            )
            for _ in range(repeat)
        ]
        rank, floor = _best([r[0] for r in runs]), _best([r[1] for r in runs])
        scaling.append((n, *rank, *floor))
        if n == max(sizes):
            export_sheet = tmp / f"programs-{n}.csv"
            export_sheet.write_bytes(export.to_csv(user_sheet(n)))
            checks = {}
            for what, path in (("user-like sheet", sheet), ("app's export", export_sheet)):
                pairs = [
                    (run_process([sys.executable, "cli.py", "check", str(path)]), run_process([sys.executable, "-c", FLOOR_CHECK, str(path)]))
                    for _ in range(repeat)
                ]
                checks[what] = (_best([p[0] for p in pairs]), _best([p[1] for p in pairs]))
            rows += [
                Row(f"cli.py rank {n:,}, user-like sheet: time / floor pipeline", rank[0] / floor[0], "×", 2.0, False, f"{rank[0]:.1f} s vs {floor[0]:.1f} s"),
                Row(f"cli.py rank {n:,}, user-like sheet: peak memory / floor", rank[1] / floor[1], "×", 2.0, False, f"{rank[1]:.0f} MB vs {floor[1]:.0f} MB"),
            ]
            for what, (check, arrow) in checks.items():
                rows.append(
                    Row(
                        f"cli.py check {n:,}, {what}: time / pyarrow.csv.read_csv",
                        check[0] / arrow[0],
                        "×",
                        5.0,
                        False,
                        f"{check[0]:.2f} s vs {arrow[0]:.2f} s",
                    )
                )
    return rows, scaling


# Pages in headless Chromium -----------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
PORTS = range(8641, 8650)


class RunWatch:
    """When the server says a script run finished (its script_finished message on the
    websocket), seen from Python: the same signal for the app and for every floor app."""

    def __init__(self, page) -> None:
        self.finished: list[float] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if isinstance(payload, str):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        if message.WhichOneof("type") == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.finished.append(time.perf_counter())


def _free_port() -> int:
    import socket

    for port in PORTS:
        with socket.socket() as sock:
            # A port whose last server just stopped waits in TIME_WAIT; a server can listen
            # on it again (as Streamlit's does), so the probe may too.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    with socket.socket() as sock:  # all taken: any free port
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A Streamlit server for one script; peak_mb() is its high-water resident memory."""

    def __init__(self, script: Path, env: dict[str, str]) -> None:
        import os

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port), "--server.headless", "true"],
            cwd=ROOT,
            env={**os.environ, "RESIDENCY_SCOUT_TODAY": AS_OF.isoformat(), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> Server:
        import urllib.request

        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.base + "/_stcore/health", timeout=1).read() == b"ok":
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def peak_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _idle(page, timeout: float = 600) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout * 1000)
    page.wait_for_function("() => !document.querySelector(\"[data-stale='true']\")", timeout=timeout * 1000, polling=20)


def _timed_action(page, action: Callable[[], object], timeout: float = 600) -> float:
    """Seconds from the action to the server's run finished and nothing left stale on the page."""
    watch: RunWatch = page.__dict__["_bench_watch"]
    _idle(page, timeout)
    start = time.perf_counter()
    action()
    deadline = start + timeout
    while not any(t > start for t in watch.finished):
        if time.perf_counter() > deadline:
            raise TimeoutError("the run did not finish")
        page.wait_for_timeout(10)
    _idle(page, timeout)
    return time.perf_counter() - start


def _open(browser, base: str, path: str = "/"):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.__dict__["_bench_watch"] = RunWatch(page)
    page.goto(base + path)
    page.get_by_role("heading").first.wait_for(timeout=120_000)
    _idle(page)
    return page


def _nav(page, title: str) -> Callable[[], object]:
    # A DOM click: Playwright's actionability checks can wait on a busy page's layout.
    return lambda: page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.evaluate("a => a.click()")


def _switches(page, titles: list[str], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {t: [] for t in titles}
    for _ in range(rounds):
        for title in titles:
            times[title].append(_timed_action(page, _nav(page, title)))
    return {t: statistics.median(v) for t, v in times.items()}


def _slider_nudges(page, rounds: int) -> float:
    # The thumb is an <input type="range"> (react-aria): its role is implicit, so [role='slider'] misses it.
    thumb = page.locator("[data-testid='stSidebar']").get_by_role("slider").first
    times = []
    for i in range(rounds):
        # Away from the end the thumb is at: a key that cannot move it starts no run, and the wait never ends.
        at_max = thumb.evaluate("e => Number(e.value) >= Number(e.max)")
        key = "ArrowLeft" if at_max or i % 2 else "ArrowRight"
        times.append(_timed_action(page, lambda k=key: (thumb.focus(), thumb.press(k))))
    return statistics.median(times)


def _reruns(page, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        page.locator("h1").first.click()  # focus the page, not a widget, so "r" reruns
        times.append(_timed_action(page, lambda: page.keyboard.press("r")))
    return statistics.median(times)


def _season_tables(programs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The example's contacts, letters and applications, their programs mapped onto the
    first rows of `programs` (which repeat the example's rows in order), so every size
    shows the season pages with the example's season on them."""
    example = bundled.example_tables()
    ids = dict(zip(example["programs"]["program_id"].astype(str), programs["program_id"].astype(str).iloc[: len(example["programs"])], strict=True))
    names = dict(zip(programs["program_id"].astype(str), programs["program"], strict=False))
    tables = {}
    for name in ("contacts", "letters", "applications"):
        frame = example[name].copy()
        if "program_id" in frame:
            frame["program_id"] = frame["program_id"].astype(str).map(ids).astype(frame["program_id"].dtype)
            if "program" in frame:
                frame["program"] = frame["program_id"].astype(str).map(names).astype(frame["program"].dtype)
        tables[name] = frame
    return tables


def _workspace(tmp: Path, n: int) -> tuple[Path, Path]:
    """A workspace of n programs with the example's season (the example itself at 44),
    and beside it the same rows as parquet for the floor apps (rows-n.parquet and the
    folder tables-n/ of contacts, letters, applications)."""
    from data.store import Workspace

    frame = bundled.example_tables()["programs"] if n == 44 else user_sheet(n)
    path = tmp / f"ws-{n}.sqlite"
    if not path.exists():
        season = bundled.example_tables() if n == 44 else {"programs": frame, **_season_tables(frame)}
        Workspace(path).save(tables={**season, "programs": frame}, settings=bundled.example_settings())
        frame.to_parquet(tmp / f"rows-{n}.parquet")
        (tmp / f"tables-{n}").mkdir(exist_ok=True)
        for name in ("contacts", "letters", "applications"):
            season[name].to_parquet(tmp / f"tables-{n}" / f"{name}.parquet")
    return path, tmp / f"rows-{n}.parquet"


# Every page of the app (app.py's router), each measured against its own floor (scripts/floor_app.py).
APP_PAGES = ["Start", "Profile", "Programs", "Explore", "Rank list", "Outreach", "Letters", "Interview prep", "Applications", "Networking", "Final rank list"]
QUICK_PAGES = ["Explore", "Letters", "Outreach", "Rank list", "Programs"]  # --quick: the pages issue 26 names first, and the two largest tables
SWITCH_TARGET = 1.3


def _page_switches(browser, tmp: Path, floor_app: Path, n: int, titles: list[str], rounds: int) -> list[Row]:
    """Median page switch to each page of the app at n programs, against the same switch in the floor app."""
    ws, data = _workspace(tmp, n)
    measured: dict[str, dict[str, float]] = {}
    for name, script, env in (
        ("ours", ROOT / "app.py", {"RESIDENCY_SCOUT_WORKSPACE": str(ws)}),
        ("floor", floor_app, {"FLOOR_MODE": "pages", "FLOOR_DATA": str(data), "FLOOR_TABLES": str(tmp / f"tables-{n}")}),
    ):
        with Server(script, env) as server:
            page = _open(browser, server.base)
            _switches(page, titles, 1)  # warm
            measured[name] = _switches(page, titles, rounds)
            page.close()
    ours, floor = measured["ours"], measured["floor"]
    return [
        Row(f"page switch to {t}, {n:,} programs / its floor page", ours[t] / floor[t], "×", SWITCH_TARGET, False, f"{ours[t]:.2f} s vs {floor[t]:.2f} s")
        for t in titles
    ]


def bench_pages(tmp: Path, quick: bool) -> list[Row]:
    import shutil

    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        return [Row("pages (need Debian's Chromium; not measured)", float("nan"), "×", 1.3, False)]
    floor_app = ROOT / "scripts" / "floor_app.py"
    rows: list[Row] = []
    rounds = 3 if quick else 5  # --quick: the median of three, as the README says; of two, one slow switch on a busy machine fails CI
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        titles = QUICK_PAGES if quick else APP_PAGES
        for n in [44] if quick else [44, 300]:
            rows += _page_switches(browser, tmp, floor_app, n, titles, rounds)
            print_table(rows[-len(titles) :], SLACK)
        if not quick:
            jobs: list[tuple[str, Callable[[], list[Row]]]] = [
                ("Rank list warm rerun", lambda: _bench_rank_rerun(browser, tmp, floor_app, 10_000, rounds)),
                ("Explore weight change, 1,000", lambda: _bench_weight_change(browser, tmp, floor_app, 1_000, rounds)),
                ("Explore weight change, 10,000", lambda: _bench_weight_change(browser, tmp, floor_app, 10_000, rounds)),
                ("cold start", lambda: _bench_cold_start(browser, tmp, floor_app)),
                ("server peak memory, 100,000", lambda: _bench_server_memory(browser, tmp, floor_app, 100_000)),
                ("every page's warm rerun, 100,000", lambda: _bench_page_reruns(browser, tmp, floor_app, 100_000, 3)),
            ]
            for name, job in jobs:
                try:
                    rows += job()
                except Exception as exc:  # one failed measurement must not lose the others
                    rows.append(Row(f"{name} (not measured)", float("nan"), "×", 1.0, False, f"{type(exc).__name__}: {str(exc)[:80]}"))
                print_table(rows[-1:], SLACK)
        browser.close()
    return rows


def _bench_rank_rerun(browser, tmp: Path, floor_app: Path, n: int, rounds: int) -> list[Row]:
    ws, data = _workspace(tmp, n)
    with Server(ROOT / "app.py", {"RESIDENCY_SCOUT_WORKSPACE": str(ws)}) as server:
        page = _open(browser, server.base)
        _timed_action(page, _nav(page, "Rank list"))
        ours = _reruns(page, rounds)
        page.close()
    with Server(floor_app, {"FLOOR_MODE": "table", "FLOOR_DATA": str(data)}) as server:
        page = _open(browser, server.base)
        floor = _reruns(page, rounds)
        page.close()
    return [Row(f"Rank list warm rerun, {n:,} programs / one-table page", ours / floor, "×", 2.0, False, f"{ours:.2f} s vs {floor:.2f} s")]


RERUN_TARGET = 3.0  # seconds: a page that answers a rerun within it feels responsive


def _bench_page_reruns(browser, tmp: Path, floor_app: Path, n: int, rounds: int) -> list[Row]:
    """Each page's warm rerun at n programs, in seconds; its floor page's rerun beside it."""
    ws, data = _workspace(tmp, n)
    measured: dict[str, dict[str, float]] = {"ours": {}, "floor": {}}
    for name, script, env in (
        ("ours", ROOT / "app.py", {"RESIDENCY_SCOUT_WORKSPACE": str(ws)}),
        ("floor", floor_app, {"FLOOR_MODE": "pages", "FLOOR_DATA": str(data), "FLOOR_TABLES": str(tmp / f"tables-{n}")}),
    ):
        with Server(script, env) as server:
            page = _open(browser, server.base)
            for title in APP_PAGES:
                _timed_action(page, _nav(page, title), timeout=900)
                measured[name][title] = _reruns(page, rounds)
            page.close()
    ours, floor = measured["ours"], measured["floor"]
    return [
        Row(f"{t} warm rerun, {n:,} programs, seconds", ours[t], " s", RERUN_TARGET, False, f"{ours[t]:.2f} s (floor page {floor[t]:.2f} s)") for t in APP_PAGES
    ]


def _bench_weight_change(browser, tmp: Path, floor_app: Path, n: int, rounds: int) -> list[Row]:
    ws, data = _workspace(tmp, n)
    with Server(ROOT / "app.py", {"RESIDENCY_SCOUT_WORKSPACE": str(ws)}) as server:
        page = _open(browser, server.base)
        _timed_action(page, _nav(page, "Explore"))
        _slider_nudges(page, 2)  # warm
        ours = _slider_nudges(page, rounds)
        page.close()
    with Server(floor_app, {"FLOOR_MODE": "scatter", "FLOOR_DATA": str(data)}) as server:
        page = _open(browser, server.base)
        _slider_nudges(page, 2)
        floor = _slider_nudges(page, rounds)
        page.close()
    target = 1.2 if n <= 1_000 else 1.5
    return [Row(f"Explore weight change, {n:,} programs / slider+scatter page", ours / floor, "×", target, False, f"{ours:.2f} s vs {floor:.2f} s")]


def _first_draw(browser, server: Server) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start = time.perf_counter()
    page.goto(server.base + "/")
    page.get_by_role("heading").first.wait_for(timeout=120_000)
    drawn = time.perf_counter() - start
    page.close()
    return drawn


def _bench_cold_start(browser, tmp: Path, floor_app: Path) -> list[Row]:
    ws, _ = _workspace(tmp, 44)
    with Server(ROOT / "app.py", {"RESIDENCY_SCOUT_WORKSPACE": str(ws)}) as server:
        ours = _first_draw(browser, server)
    with Server(floor_app, {"FLOOR_MODE": "hello"}) as server:
        floor = _first_draw(browser, server)
    return [Row("cold start, first page drawn / hello-world app", ours / floor, "×", 1.3, False, f"{ours:.2f} s vs {floor:.2f} s")]


def _bench_server_memory(browser, tmp: Path, floor_app: Path, n: int) -> list[Row]:
    ws, data = _workspace(tmp, n)
    with Server(ROOT / "app.py", {"RESIDENCY_SCOUT_WORKSPACE": str(ws)}) as server:
        page = _open(browser, server.base)
        for title in APP_PAGES:
            _timed_action(page, _nav(page, title), timeout=900)
        ours = server.peak_mb()
        page.close()
    with Server(floor_app, {"FLOOR_MODE": "frame", "FLOOR_DATA": str(data)}) as server:
        page = _open(browser, server.base)
        floor = server.peak_mb()
        page.close()
    return [Row(f"server peak memory, {n:,} programs, every page visited / floor server", ours / floor, "×", 3.0, False, f"{ours:.0f} MB vs {floor:.0f} MB")]


# Output -------------------------------------------------------------------------


def print_table(rows: list[Row], slack: float) -> None:
    print(f"{'measurement':72} {'ratio':>7} {'target':>8}  result  detail")
    for r in rows:
        op = "≥" if r.higher_is_better else "≤"
        if r.figure != r.figure:
            verdict = "n/a"  # not measured: the detail says why
        elif r.passes():
            verdict = "pass"
        elif r.passes(slack):
            verdict = f"ok×{slack:g}"
        else:
            verdict = "gap" if r.passes(slack, KNOWN_GAPS) else "FAIL"
        print(f"{r.name:72} {r.figure:>6.2f}{r.unit} {op}{r.target:>6g}{r.unit}  {verdict:6}  {r.detail}")


def print_legend() -> None:
    print(
        f"pass: target met; ok×{SLACK:g}: within {SLACK:g}x of it; gap: a target not met yet, listed in scripts/bench_known_gaps.json "
        f"(--check fails it only past {SLACK:g}x the ratio last measured); FAIL: a regression."
    )


def print_scaling(scaling: list[tuple[int, float, float, float, float]]) -> None:
    print("\nHow cost grows (`cli.py rank`, whole process; floor pipeline beside it)")
    print(f"{'programs':>10} {'rank time':>10} {'rank peak':>10} {'floor time':>11} {'floor peak':>11}")
    for n, t, m, ft, fm in scaling:
        print(f"{n:>10,} {t:>9.1f}s {m:>8.0f}MB {ft:>10.1f}s {fm:>9.0f}MB")


def main(quick: bool = False, check: bool = False) -> int:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        # Best of three for each process, ours and the floors alike: one run's ratio moves with the machine's other work.
        cli_rows, scaling = bench_cli([1_000, 10_000] if quick else [1_000, 10_000, 100_000], tmp, 3)
        print_table(cli_rows, SLACK)
        print_scaling(scaling)
        print(flush=True)
        rows = cli_rows + bench_pages(tmp, quick)
    print_table(rows, SLACK)
    print_legend()
    print_scaling(scaling)
    results = Path(ROOT / "bench-results")
    results.mkdir(exist_ok=True)
    payload = {"rows": [r.__dict__ for r in rows], "scaling": scaling}
    write_atomic(results / ("quick.json" if quick else "full.json"), json.dumps(payload, indent=2).encode())
    if check:
        failed = [r.name for r in rows if not r.passes(SLACK, KNOWN_GAPS)]
        if failed:
            print(f"benchmark regression beyond {SLACK:g}x its target: {', '.join(failed)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(quick="--quick" in sys.argv, check="--check" in sys.argv))
