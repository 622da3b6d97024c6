"""Docs that cannot fall behind: every setting documented, the CLI reference regenerated."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

from accord.core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(ACCORD_[A-Z_]+)`", text))
    expected = {f"ACCORD_{name.upper()}" for name in Settings.model_fields}
    assert expected <= documented, f"undocumented settings: {sorted(expected - documented)}"


def test_cli_reference_is_current() -> None:
    script = ROOT / "scripts" / "gen_cli_docs.py"
    spec = importlib.util.spec_from_file_location("gen_cli_docs", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == module.render(), "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


def test_docs_index_links_exist() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\(([^)]+\.md)\)", index):
        assert (ROOT / "docs" / link).is_file(), f"docs/index.md links to a missing {link}"


def test_readme_first_screen_has_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "make demo" in first_screen and "make test" in first_screen


def test_nothing_cites_a_file_outside_the_repository() -> None:
    """A clone stands alone: no file names the design notes or a folder beside the repo."""
    outside = ("DESIGN" + ".md", "../" + "shared")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    cited = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".mo", ".png", ".ico", ".woff", ".woff2", ".gz"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        cited += [f"{name}: {word}" for word in outside if word in text]
    assert not cited, cited
