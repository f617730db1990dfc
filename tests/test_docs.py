"""The README is kept in step with the code."""

import re
from pathlib import Path

from data.columns import TABLES
from data.schemas import SCHEMAS
from scripts.readme_columns import reference

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_column_reference_matches_the_column_specs():
    block = README.split("<!-- columns:start -->\n", 1)[1].split("<!-- columns:end -->", 1)[0]
    assert block == reference(), "run: python scripts/readme_columns.py and paste it into the README"


def test_every_column_has_a_pandera_field_and_no_more():
    for table, columns in TABLES.items():
        fields = set(SCHEMAS[table].to_schema().columns)
        assert fields == {c.name for c in columns}, table


def test_the_two_quick_start_commands_are_what_ci_runs():
    commands = re.findall(r"```bash\n(.+?)\n```", README.split("## Quick start", 1)[1], flags=re.S)[:2]
    assert commands[0].endswith("streamlit run app.py") and "requirements.txt" in commands[0]
    assert commands[1] == "bash scripts/test"
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()
