"""End to end in headless Chromium: type a draft with two problems, see both
highlighted, apply all, see the clean rewrite."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI installs Debian's chromium (.ci/run); only a developer machine without it skips.
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium not installed")

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_playground_highlights_and_applies_all(live_server):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM, "Debian's chromium must be installed (see .ci/run)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(live_server + "/")
            page.fill("#draft", "🙂 You owe us €75 for March. Please calm down.")
            marks = page.locator("#preview mark")
            expect(marks).to_have_count(2, timeout=15000)
            expect(marks.nth(0)).to_have_class("debt")
            expect(marks.nth(0)).to_have_text("You owe us €75")
            expect(marks.nth(1)).to_have_class("dismissive")
            expect(page.locator("#badge")).to_have_text("en")

            page.click("#apply-all")
            expect(page.locator("#draft")).to_have_value(
                "🙂 There is an open balance of €75 for March. I understand how frustrating this is."
            )
            expect(marks).to_have_count(0, timeout=15000)
            expect(page.locator("#verdict")).to_have_class("pass")

            # one suggestion at a time, offsets counted past the emoji
            page.fill("#draft", "🙂 Relax, we will fix it.")
            expect(page.locator("#findings button")).to_have_count(1, timeout=15000)
            page.click("#findings button")
            expect(page.locator("#draft")).to_have_value("🙂 I understand how frustrating this is, we will fix it.")
        finally:
            browser.close()
