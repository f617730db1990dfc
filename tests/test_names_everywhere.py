"""No two programs ever read the same: every page and every download of a workspace
shaped like the real directories, where most programs share one name (23 of 30 are
"Pediatrics-Medical Genetics"), a season under way (applications at every status,
interviews, a final list, letters, the sheet's own outreach log).

A mention of a shared name is only allowed inside the program's full label
(scoring.vocabulary.wording.program_label_series); tables and files may instead give the
institution in a column of its own, so no two of their rows may read the same."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from data import sheet_log
from data.normalise import empty_table
from data.store import Workspace
from data.validation import load_path
from scoring.vocabulary.wording import program_label_parts, program_label_series
from tests.test_pages import APP, PAGES

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "directory_shaped.csv"
SEASON = ["considering", "applied", "invited", "interview-scheduled", "interviewed", "thank-you-sent", "ranked", "withdrawn", "rejected", "interviewed"]


def directory_programs() -> pd.DataFrame:
    loaded = load_path(FIXTURE, "programs")
    assert loaded.errors.empty, loaded.errors
    return loaded.valid


def shared_names(programs: pd.DataFrame) -> list[str]:
    names = programs["program"].astype(str)
    return sorted(set(names[names.duplicated(keep=False)]))


def seed_season(path: Path) -> pd.DataFrame:
    programs = directory_programs()
    ids = programs["program_id"].tolist()
    apps = empty_table("applications")
    rows = []
    for i, status in enumerate(SEASON):
        row = {"program_id": ids[i], "program": programs.loc[i, "program"], "status": status, "deadline": pd.Timestamp("2026-11-25")}
        if status not in ("considering",):
            row["applied_on"] = pd.Timestamp("2026-09-25")
        if status in ("interview-scheduled", "interviewed", "thank-you-sent", "ranked"):
            row["invited_on"] = pd.Timestamp("2026-10-20")
            row["interview_on"] = pd.Timestamp("2026-11-18") if status != "interview-scheduled" else pd.Timestamp("2026-11-26")
        if status in ("thank-you-sent", "ranked"):
            row["thank_you_on"] = pd.Timestamp("2026-11-19")
        if status in ("interviewed", "ranked"):
            row.update(thriving=4, vision=5, supported=3)
        rows.append(row)
    apps = pd.concat([apps, pd.DataFrame(rows)], ignore_index=True).astype(apps.dtypes.to_dict())
    letters = empty_table("letters")
    writers = pd.DataFrame(
        [
            {
                "writer": "Dr. A. Writer",
                "kind": "clinical-geneticist",
                "north_american": True,
                "knows_me": "well",
                "status": "agreed",
                "due_on": pd.Timestamp("2027-01-10"),
            },
            {
                "writer": "Dr. B. Writer",
                "kind": "related-specialty",
                "north_american": True,
                "knows_me": "somewhat",
                "status": "to-ask",
                "due_on": pd.Timestamp("2027-01-20"),
            },
        ]
    )
    letters = pd.concat([letters, writers], ignore_index=True).astype(letters.dtypes.to_dict())
    contacts = sheet_log.merged(empty_table("contacts"), sheet_log.from_sheet(programs).entries)[0]
    interviewed = [ids[i] for i, s in enumerate(SEASON) if s in ("interviewed", "thank-you-sent", "ranked")]
    Workspace(path).save(
        tables={"programs": programs, "contacts": contacts, "letters": letters, "applications": apps},
        settings={
            "profile": {"name": "Real Shape"},
            "weights": {},
            "manual_order": {"order": ids[::-1][:10]},
            "final_order": {"order": interviewed[::-1]},
            "letter_assignments": {pid: ["Dr. A. Writer"] for pid in ids[:12]},
        },
    )
    return programs


def spellings(programs: pd.DataFrame) -> list[str]:
    """Every way a program may be named where it cannot be confused: its full label, and in an
    email to it its name with its institution. Longest first, so none is cut by a shorter one."""
    label = program_label_series(programs).astype(str)
    name, inst = programs["program"].astype(str), programs["institution"].astype("string").fillna("")
    prose = [f"{n} program at {i}" for n, i in zip(name, inst, strict=True) if i] + [f"{n}, {i}" for n, i in zip(name, inst, strict=True) if i]
    return sorted({*label, *prose}, key=len, reverse=True)


def _clean(text: object) -> str:
    return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")


# The specialty's own name, where a sentence speaks of the specialty rather than a program.
SPECIALTY = ("Medical Genetics and Genomics residency", "Medical Genetics and Genomics programs")


def loose_mentions(text: str, labels: list[str], shared: list[str]) -> list[str]:
    """The shared names that text mentions outside a program's full label."""
    rest = _clean(text)
    for phrase in SPECIALTY:
        rest = rest.replace(phrase, "")
    for label in labels:  # longest first, so a label is never cut by a shorter one
        rest = rest.replace(label, "")
    return [name for name in shared if name in rest]


class Downloads:
    """Every download button's file, as its click would give it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: dict[str, bytes] = {}
        add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

        def kept(data: object) -> bytes:
            return data if isinstance(data, bytes) else str(data).encode("utf-8")

        def on_add(mgr, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):  # type: ignore[no-untyped-def]
            if file_name:
                self.files[file_name] = kept(path_or_data)
            return add(mgr, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

        def on_deferred(mgr, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):  # type: ignore[no-untyped-def]
            if file_name:
                self.files[file_name] = kept(data_callable())
            return add_deferred(mgr, data_callable, mimetype, coordinates, file_name, element_id=element_id)

        monkeypatch.setattr(MediaFileManager, "add", on_add)
        monkeypatch.setattr(MediaFileManager, "add_deferred", on_deferred)


def page_problems(at: AppTest, where: str, labels: list[str], shared: list[str]) -> list[str]:
    problems = []
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.get("table")] + [e.value for e in at.data_editor]:
        frame = frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame
        frame = pd.DataFrame(frame).astype(str).map(_clean)
        frame.columns = [_clean(c) for c in frame.columns]
        for cells in [frame.columns.tolist(), *frame.to_numpy().tolist()]:
            for cell in cells:
                if loose_mentions(cell, labels, shared) and "institution" not in frame.columns:
                    problems.append(f"{where}: table cell {cell!r}")
        if "program" in frame.columns and frame.duplicated().any():
            problems.append(f"{where}: two rows read the same: {frame[frame.duplicated(keep=False)].head(2).to_dict('records')}")
    for picker in [p for p in [*at.selectbox, *at.multiselect] if "specialt" not in str(p.label).lower()]:  # a specialty is not a program
        options = [_clean(o) for o in picker.options]
        named = [o for o in options if any(name in o for name in shared)]
        if len(named) != len(set(named)):
            problems.append(f"{where}: picker {picker.label!r} has two choices that read the same")
        problems += [f"{where}: picker {picker.label!r} choice {o!r}" for o in named if loose_mentions(o, labels, shared)]
    lines: list[str] = []
    for element in [*at.markdown, *at.caption, *at.text, *at.warning, *at.info, *at.error, *at.success, *at.subheader, *at.code]:
        lines += [line for line in _clean(element.value).splitlines() if any(name in line for name in shared)]
    problems += [f"{where}: line {line!r}" for line in lines if loose_mentions(line, labels, shared)]
    listed = [line for line in lines if line.strip()]
    problems += [f"{where}: the line {line!r} appears twice" for line in {x for x in listed if listed.count(x) > 1}]
    return problems


def file_problems(name: str, content: bytes, labels: list[str], shared: list[str]) -> list[str]:
    problems = []
    if name.endswith(".csv"):
        frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype=str, keep_default_na=False)
        tables = [frame]
    elif name.endswith(".parquet"):
        tables = [pd.read_parquet(io.BytesIO(content)).astype(str)]
    elif name.endswith(".xlsx"):
        tables = [pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=str).popitem()[1].fillna("")]
    else:
        tables = []
        text = content.decode("utf-8", errors="replace")
        if name.endswith(".ics"):
            text = re.sub(r"\r?\n[ \t]", "", text).replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
        if name.endswith(".html"):
            rows = [re.sub(r"<[^>]+>", "|", row) for row in re.findall(r"<tr>(.*?)</tr>", text)]
            if len(rows) != len(set(rows)):
                problems.append(f"{name}: two table rows read the same")
            text = re.sub(r"<table>.*?</table>|<head>.*?</head>", "", text, flags=re.S)
            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        if name.endswith(".docx"):
            xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
            text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml))
        for line in text.splitlines():
            if loose_mentions(line, labels, shared):
                problems.append(f"{name}: line {line!r}")
        mentioned = [line for line in text.splitlines() if any(n in line for n in shared) and not line.startswith(("UID", "DTSTAMP"))]
        problems += [f"{name}: the line {line!r} appears twice" for line in {x for x in mentioned if mentioned.count(x) > 1}]
    for frame in tables:
        if frame.duplicated().any():
            problems.append(f"{name}: two rows read the same")
        named = [c for c in frame.columns if str(c).lower() in ("program", "programs")]
        if named and "institution" not in frame.columns:
            problems += [f"{name}: cell {v!r}" for c in named for v in frame[c] if loose_mentions(v, labels, shared)]
    return problems


def visits(at: AppTest, page: str) -> list[tuple[str, AppTest]]:
    """The page, and its other views where it has them."""
    out = [(page, at)]
    if page.endswith("explore.py"):
        for view in ("Map", "Explain a program", "Compare"):
            at.segmented_control(key="explore_view").set_value(view).run()
            out.append((f"{page} ({view})", at))
    if page.endswith("rank_list.py"):
        at.segmented_control(key="rank_view").set_value("By tier").run()
        out.append((f"{page} (by tier)", at))
    return out


def test_the_fixture_is_shaped_like_the_directories():
    programs = directory_programs()
    assert (programs["program"] == "Pediatrics-Medical Genetics").sum() == 23
    assert {"Medical Genetics and Genomics", "Internal Medicine-Medical Genetics"} <= set(programs["program"])
    assert programs["nrmp_code"].dropna().str.fullmatch(r"\d{7}[CPRA]\d").all() and programs["nrmp_code"].isna().any()
    assert programs["imgs_last_5y"].isna().any() and programs["research_time"].isna().any()  # not looked at yet


def test_labels_are_unique_and_lead_with_what_differs():
    programs = directory_programs()
    labels = program_label_series(programs)
    assert labels.is_unique
    shared = programs["program"].duplicated(keep=False)
    assert all(
        label.startswith(institution) for label, institution in zip(labels[shared], programs.loc[shared, "institution"], strict=True)
    )  # visible in a narrow column
    assert not labels.isin(shared_names(programs)).any()


def test_label_parts_read_as_the_label_and_never_alike():
    """The Rank list gives the place its own column (a single label column cut the institution off
    at 1280 px): the two columns together must say what the label says, and no two rows read alike."""
    programs = directory_programs()
    labels = program_label_series(programs)
    parts = program_label_parts(programs)
    assert not parts.duplicated().any()
    assert (parts["place"] != "").all()  # every program's place is shown, unique name or not
    joined = parts["place"] + " — " + parts["program"]
    assert ((joined == labels) | (parts["program"] == labels)).all()
    assert not parts["program"].str.contains(" — ").any()


def test_the_rank_list_keeps_the_place_in_view():
    from app_pages import rank_list_columns

    assert rank_list_columns.COLUMNS[:3] == ["rank", "institution", "program"]
    pinned = [rank_list_columns.CONFIG[c] for c in ("rank", "institution", "program")]
    assert all(c.get("pinned") for c in pinned)
    # Streamlit unpins columns wider together than 60% of the grid (818 px at 1280 px): under it, they stay in view.
    assert sum(c["width"] for c in pinned) <= 0.6 * 818 - 10


def test_every_page_and_download_tells_programs_apart(workspace_path, monkeypatch):
    programs = seed_season(workspace_path)
    labels = spellings(programs)
    shared = shared_names(programs)
    downloads = Downloads(monkeypatch)
    problems: list[str] = []
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=90).run()
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        for where, seen in visits(at, page):
            assert not seen.exception, (where, seen.exception)
            problems += page_problems(seen, where, labels, shared)
    wanted = {"ranked-list.csv", "ranked-list.xlsx", "ranked-list.parquet", "ranked-list.html", "final-rank-list.csv", "applications.csv", "season.ics"}
    assert wanted <= set(downloads.files), sorted(downloads.files)
    assert any(n.endswith(".md") for n in downloads.files) and any(n.endswith(".docx") for n in downloads.files)
    for name, content in downloads.files.items():
        if name.endswith((".zip", "template.csv", "template.xlsx")):
            continue
        problems += file_problems(name, content, labels, shared)
    assert not problems, "\n".join(problems[:40])


def test_the_final_rank_list_file_carries_the_codes(workspace_path, monkeypatch):
    seed_season(workspace_path)
    downloads = Downloads(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("app_pages/final_list.py").run()
    assert not at.exception
    final = pd.read_csv(io.BytesIO(downloads.files["final-rank-list.csv"]), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(final.columns[:7]) == ["rank", "program", "institution", "city", "state", "nrmp_code", "acgme_id"]
    assert final["nrmp_code"].str.fullmatch(r"\d{7}C0").all()
    assert not final[["program", "institution", "state"]].duplicated().any()
    # IMG-friendliness as the ranked list writes it (the contract's two numeric ends), not the screen's range text.
    assert {"img_friendliness", "img_friendliness_max"} <= set(final.columns)
    ends = final[["img_friendliness", "img_friendliness_max"]].replace("", None).astype(float)
    assert (ends["img_friendliness"] <= ends["img_friendliness_max"]).all()
