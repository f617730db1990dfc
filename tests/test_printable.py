"""Printable pages escape every value from the user's data."""

import pandas as pd

from app_pages.printable import document, paragraphs, ranked_page


def test_ranked_page_escapes_and_lists_in_rank_order():
    ranked = pd.DataFrame(
        {
            "rank": [1, 2],
            "program": ["<script>alert(1)</script>", "Plain"],
            "city": ["a", "b"],
            "state": ["TX", "MA"],
            "tier": ["not-eligible", "dream"],
            "eligible": ["yes", "no"],
            "fit_score": [1.0, 2.0],
            "img_friendliness": [3, 4],
            "tier_reason": ['<img src=x onerror="x()">', "fine"],
        }
    )
    html = ranked_page(ranked)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert html.index("&lt;script&gt;") < html.index("Plain")  # rank order, not grouped by tier
    assert "<th>Fit score</th>" in html and "fit_score" not in html
    assert "Content-Security-Policy" in html
    assert "<td>Not eligible</td>" in html and "not-eligible" not in html  # the tier in words


def test_paragraphs_escape_text():
    assert paragraphs("<b>bold</b>\n\nnext") == "<p>&lt;b&gt;bold&lt;/b&gt;</p><p>next</p>"
    assert "nothing yet" in document("T", [("S", paragraphs(""))])


def test_ranked_page_shows_the_img_friendliness_range():
    ranked = pd.DataFrame(
        {
            "rank": [1, 2],
            "program": ["A", "B"],
            "city": ["a", "b"],
            "state": ["TX", "MA"],
            "tier": ["solid", "dream"],
            "eligible": ["yes", "yes"],
            "fit_score": [1.0, 2.0],
            "img_friendliness": [3.0, 6.5],
            "img_friendliness_max": [9.0, 6.5],
            "tier_reason": ["x", "y"],
        }
    )
    html = ranked_page(ranked)
    assert "<td>3–9</td>" in html and "<td>6.5</td>" in html
    assert "anywhere" not in html  # words are not broken mid-word
