"""The house keeps its shape: floors whose arrows point only down, and no circle.

Every module's imports are read from its source (ast, lazy imports inside functions
included), so a circle hidden in a function body counts as one. The floors, top to bottom
(ARCHITECTURE.md says what each holds):

    app.py                    the router
    app_pages/ | cli.py       the two front ends (neither imports the other)
    scoring/applying/         the work of applying, built on the decision
    scoring/decision/         friendliness, eligibility, fit, tiers, ranking, research next
    scoring/calendar/         the season's statuses, dates and fees
    scoring/vocabulary/       the words and specialties every stage speaks
    data/                     the ground: files, the workspace, and the contract of
                              tables (columns), settings, packs, seasons and rules

A module may import its own floor or any floor below it, never one above, nor a
sibling on the same level.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (floor, level): higher imports lower; the same level with another name is a sibling.
FLOORS: list[tuple[str, int]] = [
    ("app", 6),
    ("app_pages", 5),
    ("cli", 5),
    ("scoring.applying", 4),
    ("scoring.decision", 3),
    ("scoring.calendar", 2),
    ("scoring.vocabulary", 1),
    ("scoring", 1),  # the package itself: its __init__ holds a docstring only
    ("data", 0),
]
SOURCES = ("app.py", "cli.py", "app_pages", "scoring", "data")
STREAMLIT_FLOORS = ("app", "app_pages")  # the house rule: Streamlit only in the UI


def module_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for source in SOURCES:
        path = ROOT / source
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            parts = list(file.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = file
    return files


def imports_of(file: Path, name: str, known: set[str]) -> set[str]:
    """The project modules `file` imports (a `from package import name` that names a module counts as that module)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def streamlit_users(files: dict[str, Path]) -> set[str]:
    users = set()
    for name, file in files.items():
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "streamlit" for a in node.names)) or (
                isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit"
            ):
                users.add(name)
    return users


def floor_of(module: str) -> tuple[str, int] | None:
    for floor, level in FLOORS:
        if module == floor or module.startswith(floor + "."):
            return floor, level
    return None


def upward(graph: dict[str, set[str]]) -> list[str]:
    """Every arrow that points up a floor or across to a sibling, as 'a -> b (floor a -> floor b)'."""
    wrong = []
    for source, targets in sorted(graph.items()):
        here = floor_of(source)
        for target in sorted(targets):
            there = floor_of(target)
            if here is None or there is None:
                continue
            if there[1] > here[1] or (there[1] == here[1] and there[0] != here[0] and {here[0], there[0]} != {"scoring", "scoring.vocabulary"}):
                wrong.append(f"{source} -> {target} ({here[0]} -> {there[0]})")
    return wrong


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    files = module_files()
    known = set(files)
    return {name: imports_of(file, name, known) for name, file in files.items()}


def test_every_module_sits_on_a_floor(graph):
    assert not [m for m in graph if floor_of(m) is None], "place the new package in FLOORS (and in ARCHITECTURE.md)"


def test_no_arrow_points_up_a_floor(graph):
    assert upward(graph) == []


def test_no_circle(graph):
    assert circles(graph) == []


def test_streamlit_only_in_the_pages_and_the_router():
    files = module_files()
    assert sorted(m for m in streamlit_users(files) if floor_of(m)[0] not in STREAMLIT_FLOORS) == []  # type: ignore[index]


def test_the_old_flat_names_are_gone(graph):
    # No shim left behind: the split page helpers and the flat scoring modules do not come back.
    assert "app_pages.common" not in graph
    assert not [m for m in graph if m.count(".") == 1 and m.startswith("scoring.") and m not in dict(FLOORS)]


# The checker itself can fail: made-up graphs with the faults it must see.
@pytest.mark.parametrize(
    ("made_up", "found"),
    [
        ({"data.bundle": {"data.settings"}}, []),
        ({"data.bundle": {"scoring.decision.ranking"}}, ["data.bundle -> scoring.decision.ranking (data -> scoring.decision)"]),
        ({"scoring.decision.fit": {"scoring.applying.outreach"}}, ["scoring.decision.fit -> scoring.applying.outreach (scoring.decision -> scoring.applying)"]),
        ({"scoring.calendar.season": {"app_pages.workspace"}}, ["scoring.calendar.season -> app_pages.workspace (scoring.calendar -> app_pages)"]),
        ({"cli": {"app_pages.scores"}}, ["cli -> app_pages.scores (cli -> app_pages)"]),
        ({"app_pages.scores": {"cli"}}, ["app_pages.scores -> cli (app_pages -> cli)"]),
        ({"app": {"app_pages.recovery", "data.memory"}, "app_pages.sidebar": {"scoring.decision.ranking", "data.settings"}}, []),
    ],
)
def test_the_checker_sees_an_upward_arrow(made_up, found):
    assert upward(made_up) == found


@pytest.mark.parametrize(
    ("made_up", "found"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_checker_sees_a_circle(made_up, found):
    assert circles(made_up) == found


def test_a_lazy_import_inside_a_function_counts(tmp_path):
    file = tmp_path / "m.py"
    file.write_text("def f():\n    from scoring.decision import ranking\n    return ranking\n", encoding="utf-8")
    assert imports_of(file, "scoring.decision.fit", {"scoring.decision.ranking", "scoring.decision.fit"}) == {"scoring.decision.ranking"}
