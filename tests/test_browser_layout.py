"""Nothing cut off at 1280 px, in a real Chromium: Compare's row labels and long
cells, and the night-before tables on Interview prep (static tables that wrap)."""

from __future__ import annotations

from tests.test_browser import browser, server, wait_idle  # noqa: F401 - pytest fixtures

OVERFLOWING = """
() => [...document.querySelectorAll("[data-testid='stTable'] th, [data-testid='stTable'] td")]
  .filter(cell => cell.scrollWidth > cell.clientWidth + 1 || cell.getBoundingClientRect().right > window.innerWidth)
  .map(cell => cell.innerText)
"""


def test_compare_and_night_before_tables_are_not_cut_off_at_1280(server, browser):  # noqa: F811
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base + "/explore")
    wait_idle(page)
    page.get_by_role("radio", name="Compare").click()
    wait_idle(page)
    table = page.locator("[data-testid='stTable']")
    table.first.wait_for(timeout=30_000)
    text = table.first.inner_text()
    assert "IMG-friendliness" in text and "Why" in text
    assert page.evaluate(OVERFLOWING) == []

    page.goto(base + "/interview-prep")
    wait_idle(page)
    page.get_by_role("heading", name="The night before").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stTable']").count() >= 3  # facts, IMG-friendliness parts, fit factors
    assert page.evaluate(OVERFLOWING) == []
    page.close()
