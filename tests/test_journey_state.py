"""A user's own work and state across pages, reloads and restarts (AppTest):
the first-launch choice, leaving the example, replacing programs, typed text."""

from __future__ import annotations

import pandas as pd
import pytest

from data.settings import Profile, blank_profile
from data.store import Workspace
from tests.test_pages import PAGES, editor_key, open_app


def all_text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "title", "subheader", "warning", "success") for e in getattr(at, kind)]
    parts += [str(w.value) for kind in ("text_input", "text_area") for w in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_first_launch_offers_a_choice_and_shows_no_example(workspace_path):
    at = open_app(example=False)
    assert not Workspace(workspace_path).is_initialised()
    labels = [b.label for b in at.button]
    assert "Start with my own programs" in labels and "Explore the example" in labels
    assert "Example Applicant" not in all_text(at) and "Examplestan" not in all_text(at)
    at.switch_page("app_pages/profile.py").run()
    assert at.text_input(key="p_name").value == "" and at.text_input(key="p_country").value == ""


def test_starting_with_own_programs_gives_an_empty_workspace_and_a_blank_profile(workspace_path):
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    assert not at.exception, at.exception
    ws = Workspace(workspace_path)
    assert ws.is_initialised()
    assert all(ws.load_table(name).empty for name in ("programs", "contacts", "letters"))
    assert Profile.from_dict(ws.load_setting("profile")) == blank_profile()
    assert at.title[0].value == "Your profile"  # straight on to the profile
    assert at.text_input(key="p_name").value == ""
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not [b for b in at.button if b.key == "leave_example"], page
        assert "Example Applicant" not in all_text(at), page


def test_the_example_says_so_on_every_page_and_one_click_leaves_it(workspace_path):
    at = open_app(example=False)
    at.button(key="first_example").click().run()
    ws = Workspace(workspace_path)
    assert len(ws.load_table("programs")) == 44
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert any("fictional example" in m.value for m in at.markdown), page
        assert at.button(key="leave_example")
    at.switch_page("app_pages/profile.py").run()
    assert at.title[0].value == "The example applicant's profile"  # never shown as the user's own
    at.button(key="leave_example").click().run()
    assert at.title[0].value == "Your profile"
    assert not at.exception, at.exception
    assert all(ws.load_table(name).empty for name in ("programs", "contacts", "letters"))
    assert Profile.from_dict(ws.load_setting("profile")) == blank_profile()
    assert (ws.load_setting("manual_order") or {}).get("order") in (None, [])
    assert not (ws.load_setting("letter_assignments") or {})
    assert at.text_input(key="p_name").value == ""  # the page shows the blank profile at once
    assert not [b for b in at.button if b.key == "leave_example"]
    at = open_app("app_pages/start.py")  # a new session: still the user's own
    assert not [b for b in at.button if b.key == "leave_example"]
    assert "Example Applicant" not in all_text(at)


def test_own_profile_comes_back_after_a_look_at_the_example(workspace_path):
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    at.text_input(key="p_name").input("Dr Real Person").run()
    at.switch_page("app_pages/start.py").run()
    at.button(key="start_example").click().run()
    at.button(key="start_example_yes").click().run()
    assert Workspace(workspace_path).load_setting("profile")["name"] == "Example Applicant"
    at.button(key="leave_example").click().run()
    assert Workspace(workspace_path).load_setting("profile")["name"] == "Dr Real Person"


def test_leaving_the_example_brings_back_own_programs_and_notes(workspace_path):
    # Found by the new-user walk: loading the example over one's own programs, then
    # "Leave the example", used to leave an empty workspace.
    own = programs_frame([{"program_id": "p-1", "program": "My First Choice", "state": "OH"}])
    Workspace(workspace_path).save(
        tables={
            "programs": own,
            "contacts": contacts_frame([{"program_id": "p-1", "program": "My First Choice", "channel": "email", "sent_on": "2026-11-01"}]),
        },
        settings={"profile": {"name": "Dr Real Person"}, "example": {"in_use": False}, "email_drafts": {"p-1": {"to": "pd@example.org"}}},
    )
    at = open_app("app_pages/start.py", example=False)
    at.button(key="start_example").click().run()
    at.button(key="start_example_yes").click().run()
    ws = Workspace(workspace_path)
    assert "My First Choice" not in set(ws.load_table("programs")["program"])
    aside = workspace_path.with_name(workspace_path.stem + ".before-example.zip")
    assert aside.is_file() and (aside.stat().st_mode & 0o077) == 0
    at.button(key="leave_example").click().run()
    assert not at.exception
    assert list(ws.load_table("programs")["program"]) == ["My First Choice"]
    assert len(ws.load_table("contacts")) == 1
    assert ws.load_setting("profile")["name"] == "Dr Real Person"
    assert ws.load_setting("email_drafts") == {"p-1": {"to": "pd@example.org"}}
    assert ws.load_setting("example")["in_use"] is False
    assert not aside.exists()


@pytest.mark.parametrize("page", ["app_pages/explore.py", "app_pages/rank_list.py"])
def test_a_workspace_seeded_before_the_choice_counts_as_the_example(workspace_path, page):
    from data import bundled

    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=bundled.example_settings())  # no flag
    at = open_app(page)
    assert at.button(key="leave_example")


# Replacing programs -------------------------------------------------------------------

from data import merge  # noqa: E402
from data.validation import validate_edited  # noqa: E402
from tests.helpers import contacts_frame, programs_frame  # noqa: E402


def replace_case():
    current = programs_frame(
        [
            {"program_id": "EX1", "program": "Alpha Genetics", "liked": "good mentors"},
            {"program_id": "EX2", "program": "Beta Genetics"},
            {"program_id": "EX3", "program": "Gamma Genetics", "questions": "call schedule?"},
        ]
    )
    incoming = programs_frame([{"program_id": "p-1", "program": "alpha  GENETICS"}, {"program_id": "p-2", "program": "Delta Genetics"}])
    contacts = contacts_frame(
        [
            {"program_id": "EX1", "channel": "email", "sent_on": "2026-10-01"},
            {"program_id": "EX2", "channel": "email", "sent_on": "2026-10-02"},
            {"program_id": "EX3", "channel": "resident", "sent_on": "2026-10-03"},
            {"program": "Delta Genetics", "channel": "other", "sent_on": "2026-10-04"},
        ]
    )
    return current, incoming, contacts, {"EX1": ["Dr A"], "EX2": ["Dr B"]}, ["EX2", "EX1", "EX3"]


def test_leftovers_count_what_points_at_removed_programs():
    left = merge.leftovers(*replace_case())
    assert left == merge.Leftovers(contacts=3, contacts_matched=1, assignments=2, assignments_matched=1, notes=2, notes_matched=1, ordered=3, ordered_matched=1)
    assert left.lines()[0] == "3 contact log entries (1 matching a program in the new file by name)"
    assert left.lines()[1].startswith("2 programs with letters assigned")


def test_nothing_is_left_over_in_an_empty_workspace():
    from data.normalise import empty_table

    incoming = programs_frame([{"program": "A"}])
    assert not merge.leftovers(empty_table("programs"), incoming, empty_table("contacts"), {}, []).any
    carried = merge.carry_over(empty_table("programs"), incoming, empty_table("contacts"), {}, [], keep=True)
    assert list(carried.programs["program"]) == ["A"] and carried.contacts.empty


@pytest.mark.parametrize(
    ("keep", "ids", "names", "assignments", "order", "liked"),
    [
        (
            True,
            ["p-1", None, None, "p-2"],
            ["alpha  GENETICS", "Beta Genetics", "Gamma Genetics", "Delta Genetics"],
            {"p-1": ["Dr A"]},
            ["p-1"],
            "good mentors",
        ),
        (False, [None], ["Delta Genetics"], {}, [], None),
    ],
)
def test_replace_keeps_by_name_or_removes(keep, ids, names, assignments, order, liked):
    current, incoming, contacts, assigned, ordered = replace_case()
    carried = merge.carry_over(current, incoming, contacts, assigned, ordered, keep=keep)
    assert list(carried.programs["program_id"]) == ["p-1", "p-2"]
    assert [None if pd.isna(v) else v for v in carried.contacts["program_id"]] == ids
    assert list(carried.contacts["program"]) == names
    assert carried.assignments == assignments and carried.order == order
    got = carried.programs.set_index("program_id").at["p-1", "liked"]
    assert (None if pd.isna(got) else got) == liked
    # Whatever is kept saves: no row lacks both an id and a name.
    checked = validate_edited(carried.contacts, "contacts", source="test")
    assert checked.errors.empty, checked.errors


def applications_case():
    from data.normalise import empty_table

    frame = pd.DataFrame(
        [
            {"program_id": "EX1", "program": "Alpha Genetics", "status": "interviewed"},
            {"program_id": "EX2", "program": "Beta Genetics", "status": "applied"},
            {"program_id": "p-2", "program": "Delta Genetics", "status": "considering"},
        ]
    )
    return pd.concat([empty_table("applications"), frame], ignore_index=True).astype(empty_table("applications").dtypes.to_dict())


def test_leftovers_count_applications_and_the_final_list():
    current, incoming, contacts, assigned, ordered = replace_case()
    left = merge.leftovers(current, incoming, contacts, assigned, ordered, applications_case(), ["EX2", "EX1"])
    assert (left.applications, left.applications_matched, left.final_ordered, left.final_ordered_matched) == (2, 1, 2, 1)
    assert "2 applications (1 matching a program in the new file by name)" in left.lines()
    assert "2 programs on your final rank list (1 matching a program in the new file by name)" in left.lines()


@pytest.mark.parametrize(
    ("keep", "ids", "names", "final"),
    [
        (True, ["p-1", None, "p-2"], ["alpha  GENETICS", "Beta Genetics", "Delta Genetics"], ["p-1"]),
        (False, ["p-2"], ["Delta Genetics"], []),
    ],
)
def test_replace_keeps_applications_by_name_or_removes_them(keep, ids, names, final):
    current, incoming, contacts, assigned, ordered = replace_case()
    carried = merge.carry_over(current, incoming, contacts, assigned, ordered, keep=keep, applications=applications_case(), final_order=["EX2", "EX1"])
    assert [None if pd.isna(v) else v for v in carried.applications["program_id"]] == ids
    assert list(carried.applications["program"]) == names
    assert carried.final_order == final
    checked = validate_edited(carried.applications, "applications", source="test")
    assert checked.errors.empty, checked.errors  # what is kept saves


# Aldermoor has moved state (saved in MA), so the upload does not name the saved program and a
# replace must carry its work over by name; a program named with its saved state keeps its id
# (tests/test_merge.py).
GUIDE_UPLOAD = (
    b'Program name,"City, state",J-1? Y/N\nAldermoor Medical Genetics and Genomics,"Aldermoor, Connecticut",Y\nBrand New Genetics,"Columbus, Ohio",N\n'
)


def test_replacing_own_programs_asks_and_keeps_the_log_saveable(workspace_path):
    from data import bundled

    ex = bundled.example_tables()
    # The user's own workspace (not the example) that happens to hold these programs and contacts,
    # two of them under names of their own (the example's are shared, as the directory's are).
    own_names = {"EX1300": "Aldermoor Medical Genetics and Genomics", "EX1301": "Brightwater Medical Genetics and Genomics (combined)"}
    ex["programs"] = ex["programs"].assign(program=ex["programs"]["program_id"].map(own_names).fillna(ex["programs"]["program"]).astype("string"))
    apps = applications_case().assign(
        program_id=["EX1300", "EX1301", pd.NA], program=["Aldermoor Medical Genetics and Genomics", "Brightwater", "Gone Genetics"]
    )
    Workspace(workspace_path).save(
        tables={**ex, "applications": apps},
        settings={"example": {"in_use": False}, "letter_assignments": {"EX1300": ["Dr Own"]}, "final_order": {"order": ["EX1301", "EX1300"]}},
    )
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("mine.csv", GUIDE_UPLOAD).run()
    at.segmented_control(key="upload_mode").set_value("replace").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "contact log entries" in shown and "1 program with letters assigned" in shown
    assert "2 applications \\(1 matching" in shown and "2 programs on your final rank list \\(1 matching" in shown  # (markdown-escaped)
    at.radio(key="upload_leftovers").set_value("keep").run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception, at.exception
    ws = Workspace(workspace_path)
    contacts = ws.load_table("contacts")
    assert len(contacts) == len(ex["contacts"])  # kept
    assert contacts["program"].notna().all()  # by name, at least
    new_id = ws.load_table("programs").set_index("program")["program_id"]["Aldermoor Medical Genetics and Genomics"]
    assert ws.load_setting("letter_assignments") == {new_id: ["Dr Own"]}
    assert ws.load_setting("final_order") == {"order": [new_id]}
    kept = ws.load_table("applications")
    assert kept["program_id"].tolist()[0] == new_id  # followed the program of the same name
    assert kept["program"].tolist()[1] == "Brightwater Medical Genetics and Genomics (combined)" and pd.isna(kept["program_id"].tolist()[1])  # kept by its name
    # Outreach: the log with orphaned rows saves with a new entry.
    at.switch_page("app_pages/outreach.py").run()
    assert not at.exception, at.exception
    key = editor_key(at, "contacts_")
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"program": "Brand New Genetics", "channel": "email", "sent_on": "2026-11-20"}],
        "deleted_rows": [],
    }
    at.button(key="contacts_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(Workspace(workspace_path).load_table("contacts")) == len(ex["contacts"]) + 1


def test_an_old_orphaned_log_still_saves(workspace_path):
    from data import bundled

    ex = bundled.example_tables()
    programs = programs_frame([{"program_id": "p-1", "program": "Mine"}])
    Workspace(workspace_path).save(tables={**ex, "programs": programs}, settings={"example": {"in_use": False}})  # the broken state
    at = open_app("app_pages/outreach.py")
    assert not at.exception, at.exception
    key = editor_key(at, "contacts_")
    at.session_state[key] = {"edited_rows": {}, "added_rows": [{"program": "Mine", "channel": "email", "sent_on": "2026-11-20"}], "deleted_rows": []}
    at.button(key="contacts_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(Workspace(workspace_path).load_table("contacts")) == len(ex["contacts"]) + 1


# Typed text survives a reload and a restart ---------------------------------------------


def text_boxes(at):
    # Filters (keys f_*) are a view kept for the session, and a form's box (an "add" form, the
    # open-house notes) becomes a saved row when submitted: neither is text kept as typed.
    return [w for kind in ("text_input", "text_area") for w in getattr(at, kind) if not str(w.key or "").startswith(("f_", "add_")) and not w.form_id]


@pytest.mark.parametrize("page", PAGES)
def test_every_typed_text_survives_a_reload(workspace_path, page):
    at = open_app(page)
    typed = {}
    # Looked up afresh each time: a box keyed on what was typed before it (Networking's
    # message, keyed on its draft) is a new box once the earlier ones change.
    for i in range(len(text_boxes(at))):
        box = text_boxes(at)[i]
        value = f"typed {i} on {page.rsplit('/', 1)[-1]}"
        typed[(box.label, box.key)] = value
        box.set_value(value).run()
        assert not at.exception, at.exception
    at = open_app(page)  # a new session on the same workspace: a reload, or a restart
    again = {(box.label, box.key): box.value for box in text_boxes(at)}
    for where, value in typed.items():
        assert again.get(where) == value, f"{page}: {where[0]!r} shows {again.get(where)!r} after a reload"
    if page in ("app_pages/letters.py", "app_pages/outreach.py", "app_pages/interview.py", "app_pages/profile.py"):
        assert typed, f"{page} has no text box to test"


# Profile -------------------------------------------------------------------------------


def test_divisions_read_with_their_region_and_states_and_only_three_are_kept(workspace_path):
    """The ERAS geographic preference takes three divisions at most (AAMC MyERAS); where you
    would like to live is your own answer, with no cap."""
    at = open_app("app_pages/profile.py")
    picker = at.multiselect(key="p_eras_divisions")
    labels = picker.options  # as shown, which is what typing filters on
    assert any("Midwest" in label and "OH" in label for label in labels)
    assert sum("Northeast" in label for label in labels) == 2  # typing the region offers both of its divisions
    picker.set_value(["New England", "Middle Atlantic", "Pacific", "Mountain"]).run()
    assert not at.exception, at.exception
    assert any("at most 3" in i.value for i in at.info)
    assert Workspace(workspace_path).load_setting("profile")["eras_divisions"] == ["New England", "Middle Atlantic", "Pacific"]
    assert at.multiselect(key="p_eras_divisions").value == ["New England", "Middle Atlantic", "Pacific"]
    four = ["New England", "Middle Atlantic", "Pacific", "Mountain"]
    at.multiselect(key="p_preferred_divisions").set_value(four).run()
    assert Workspace(workspace_path).load_setting("profile")["preferred_divisions"] == four


def test_expected_ecfmg_date_hides_once_certified(workspace_path):
    at = open_app("app_pages/profile.py")
    assert [d for d in at.date_input if d.key == "p_ecfmg_expected"]
    at.toggle(key="p_ecfmg_certified").set_value(True).run()
    assert not at.exception, at.exception
    assert not [d for d in at.date_input if d.key == "p_ecfmg_expected"]
    saved = Workspace(workspace_path).load_setting("profile")
    assert saved["ecfmg_certified"] is True


def test_programs_show_how_much_is_known(workspace_path, monkeypatch):
    from app_pages import scores as common
    from scoring.decision import ranking

    if "known_share" not in ranking.by_rank.__code__.co_names:  # until scoring adds it, add it here
        monkeypatch.setattr(common, "by_rank", lambda frame: ranking.by_rank(frame).assign(known_share=0.25))
    at = open_app("app_pages/programs.py")
    assert not at.exception, at.exception
    table = next(e for e in at.dataframe if "known_share" in e.value.columns)
    assert table.value["known_share"].between(0, 1).all()


def test_how_unknowns_count_sits_with_the_weights_and_is_saved(workspace_path):
    at = open_app("app_pages/explore.py")
    choice = at.sidebar.radio(key="w_unknowns")
    assert choice.value == "middle" and choice.label == "How unknowns count"
    choice.set_value("most").run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/outreach.py").run()
    at.switch_page("app_pages/rank_list.py").run()
    assert at.sidebar.radio(key="w_unknowns").value == "most"
    assert Workspace(workspace_path).load_setting("weights")["unknowns"] == "most"
    assert open_app("app_pages/explore.py").sidebar.radio(key="w_unknowns").value == "most"


def test_every_page_draws_after_a_replace_left_applications_and_orders_behind(workspace_path):
    # Applications, letter assignments and both orders still name programs the new list lacks.
    from data import bundled
    from data.normalise import empty_table

    ex = bundled.example_tables()
    apps = pd.concat(
        [
            empty_table("applications"),
            pd.DataFrame(
                [
                    {"program_id": "EX1300", "program": "Aldermoor Medical Genetics and Genomics", "status": "interviewed"},
                    {"program_id": "EX1301", "program": "Brightwater Medical Genetics and Genomics (combined)", "status": "applied"},
                    {"program_id": "EX1302", "program": pd.NA, "status": "interviewed"},
                ]
            ),
        ],
        ignore_index=True,
    ).astype(empty_table("applications").dtypes.to_dict())
    Workspace(workspace_path).save(
        tables={**ex, "applications": apps},
        settings={
            "example": {"in_use": False},
            "letter_assignments": {"EX1300": ["Dr Own"]},
            "manual_order": {"order": ["EX1301", "EX1300"]},
            "final_order": {"order": ["EX1302", "EX1300"]},
        },
    )
    Workspace(workspace_path).save(tables={"programs": ex["programs"][ex["programs"]["program_id"].isin(["EX1303", "EX1304"])].reset_index(drop=True)})
    at = open_app()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    at.switch_page("app_pages/applications.py").run()
    labels = at.selectbox(key="step_program").options  # as shown
    assert "Aldermoor Medical Genetics and Genomics (no longer in your programs)" in labels
    assert all(label and "EX13" not in label for label in labels)  # never a blank or an internal id


def test_saving_applications_keeps_the_name_of_a_program_that_is_gone(workspace_path):
    from data import bundled

    ex = bundled.example_tables()
    apps = applications_case().assign(program_id=["EX1300", "EX1303", pd.NA], program=["Aldermoor Old Name", "Dunmere", "Gone Genetics"])
    Workspace(workspace_path).save(tables={**ex, "applications": apps}, settings={"example": {"in_use": False}})
    Workspace(workspace_path).save(tables={"programs": ex["programs"][ex["programs"]["program_id"] != "EX1300"].reset_index(drop=True)})
    at = open_app("app_pages/applications.py")
    assert "Aldermoor Old Name (no longer in your programs)" in set(at.data_editor[0].value["program"])  # never a blank cell
    at.button(key="applications_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    saved = Workspace(workspace_path).load_table("applications")
    assert saved.loc[saved["program_id"] == "EX1300", "program"].tolist() == ["Aldermoor Old Name"]  # its id kept, its name not marked


@pytest.mark.parametrize(
    ("page", "key", "view"),
    [
        ("app_pages/explore.py", "explain_program", "Explain a program"),
        ("app_pages/interview.py", "interview_program", None),
        ("app_pages/outreach.py", "draft_program", None),
        ("app_pages/networking.py", "net_program", None),
    ],
)
def test_the_program_chosen_in_a_picker_is_still_chosen_after_a_reload(workspace_path, page, key, view):
    def opened():
        at = open_app(page)
        if view:
            at.segmented_control(key="explore_view").set_value(view).run()
        return at

    at = opened()
    options = at.selectbox(key=key).options
    picked = at.selectbox(key=key).value
    other = next(pid for pid in Workspace(workspace_path).load_table("programs")["program_id"] if pid != picked)
    at.selectbox(key=key).set_value(other).run()
    assert not at.exception
    at.switch_page("app_pages/start.py").run()
    at.switch_page(page).run()
    assert at.selectbox(key=key).value == other  # a page switch keeps it
    again = opened()  # a new session: the browser reloaded, or the app restarted
    assert at.selectbox(key=key).options == options and again.selectbox(key=key).value == other
