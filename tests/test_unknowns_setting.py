"""How unknowns count is saved with the weights and survives the sidebar's sliders and presets."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from data.normalise import empty_table
from data.store import Workspace
from tests.helpers import programs_frame

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_a_slider_or_preset_keeps_the_saved_choice_of_how_unknowns_count(workspace_path):
    Workspace(workspace_path).save(
        tables={"programs": programs_frame([{"program": "A"}]), "contacts": empty_table("contacts"), "letters": empty_table("letters")},
        settings={"profile": {}, "weights": {"interest": 4.0, "unknowns": "most"}},
    )
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/explore.py").run()
    at.slider(key="w_interest").set_value(9.0).run()
    assert not at.exception, at.exception
    saved = Workspace(workspace_path).load_setting("weights")
    assert (saved["interest"], saved["unknowns"]) == (9.0, "most")
    at.selectbox(key="w_preset").set_value("visa first").run()
    saved = Workspace(workspace_path).load_setting("weights")
    assert (saved["friendliness"], saved["unknowns"]) == (10.0, "most")
