"""Print the README's column reference from data.columns (the schemas' source).

python scripts/readme_columns.py   # tests/test_docs.py checks the README holds exactly this
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.columns import DATE, ENUM, INT, TABLES, TAGS, YESNO, Column

TITLES = {
    "programs": "Programs (one row per program)",
    "contacts": "Contacts (one row per email, open house or conversation)",
    "letters": "Letters (one row per writer)",
    "applications": "Applications (one row per program you apply to)",
}


def kind(c: Column) -> str:
    if c.none_value is not None:  # a cutoff: blank is "not checked yet", `none` is "no cutoff"
        return _kind(c) + ", or `none`"
    return _kind(c)


def _kind(c: Column) -> str:
    if c.kind == YESNO:
        return "yes/no"
    if c.kind == ENUM:
        return " / ".join(f"`{v}`" for v in c.allowed)
    if c.kind == INT:
        bounds = f" {c.min}–{c.max}" if c.min is not None and c.max is not None else ""
        return f"whole number{bounds}"
    if c.kind == DATE:
        return "date (YYYY-MM-DD)"
    if c.kind == TAGS:
        return "tags"
    return c.kind


def reference() -> str:
    lines = []
    for table, columns in TABLES.items():
        lines += [f"#### {TITLES[table]}", "", "| column | type | also accepted as | meaning |", "|---|---|---|---|"]
        for c in columns:
            aliases = ", ".join(f"`{a}`" for a in c.aliases)
            name = f"`{c.name}`" + (" (required)" if c.required else "")
            lines.append(f"| {name} | {kind(c)} | {aliases} | {c.description} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(reference(), end="")
