"""Checks every browser test runs on each page state: axe-core (vendored in
``tests/e2e/vendor``) finds no serious or critical violation, and nothing is wider than the
viewport (a 390 px phone must not scroll sideways). Screenshots go to ``docs/img`` for the
documentation's tour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "img"
_AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays on.
_RUN = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


class Problems:
    """Script errors and CSP violations a page reports, except while axe-core runs (its
    checks set inline styles, which the page's CSP rightly refuses)."""

    def __init__(self, page: Any) -> None:
        self.found: list[str] = []
        self.listening = True
        page.on("console", lambda m: self._add(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self._add(str(e)))
        page.accord_problems = self

    def _add(self, text: str) -> None:
        if self.listening:
            self.found.append(text)


def assert_accessible(page: Any, state: str) -> None:
    """No serious or critical axe-core violation in the page as it is now."""
    problems = getattr(page, "accord_problems", None)
    if problems is not None:
        problems.listening = False
    try:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(_AXE + "\n;true")
        violations = page.evaluate(_RUN)
        # the browser reports in order: once this line arrives, axe-core's reports are in
        with page.expect_console_message(lambda m: m.text == "accord: axe-core done"):
            page.evaluate("console.error('accord: axe-core done')")
    finally:
        if problems is not None:
            problems.listening = True
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == [], f"{state}: axe-core found {serious}"


def assert_no_overflow(page: Any, state: str) -> None:
    """The document is no wider than the viewport."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{state}: {width} px wide in a {viewport} px viewport"


def screenshot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
