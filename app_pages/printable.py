"""A print-friendly HTML page. Every value from the user's data is escaped."""

from __future__ import annotations

from html import escape

import pandas as pd

from scoring.vocabulary.wording import code_words

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
@media print { body { margin: 0.5cm; } }
"""


def table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def document(title: str, sections: list[tuple[str, str]]) -> str:
    """sections: (heading, already-escaped HTML body)."""
    body = "".join(f"<h2>{escape(h)}</h2>{b}" for h, b in sections)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def paragraphs(text: str) -> str:
    lines = [escape(line) for line in str(text or "").splitlines() if line.strip()]
    return "".join(f"<p>{line}</p>" for line in lines) or "<p>(nothing yet)</p>"


RANKED_COLUMNS = {
    "rank": "Rank",
    "program": "Program",
    "institution": "Institution",
    "nrmp_code": "NRMP code",
    "city": "City",
    "state": "State",
    "tier": "Tier",
    "eligible": "Eligible",
    "fit_score": "Fit score",
    "img_friendliness": "IMG-friendliness",
    "tier_reason": "Why",
}


def ranked_page(ranked: pd.DataFrame) -> str:
    """The ranked list for printing: one table in rank order, the tier as a column
    (grouping by tier would make the overall ranks skip within each group)."""
    # Institution and NRMP code beside the name: most programs of a specialty share one.
    table = ranked.sort_values("rank", kind="stable").reindex(columns=list(RANKED_COLUMNS))
    if "img_friendliness_max" in ranked:
        # The whole range, as the screen shows it: its low end alone reads as the score.
        low = table["img_friendliness"].map("{:g}".format, na_action="ignore")
        high = ranked.loc[table.index, "img_friendliness_max"].map("{:g}".format, na_action="ignore")
        table = table.assign(img_friendliness=low.where(low == high, low + "–" + high))
    table = table.assign(tier=code_words(table["tier"])).rename(columns=RANKED_COLUMNS)
    return document("Ranked list", [("In rank order", table_html(table))])
