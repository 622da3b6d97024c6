"""The import contract (``[tool.importlinter]`` in pyproject.toml) holds, and catches a breach.

Each breach is written into a copy of the package, which ``lint-imports`` then checks with
the repository's own contract: an upward import, the API and the web pages importing each
other, and a service importing the demo must each fail it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = "Layers import only downward"
ADAPTERS = "The API and the web pages never import each other"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where)}  # the copy shadows the installed package
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=where, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_tree_keeps_the_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{LAYERS} KEPT" in result.stdout
    assert f"{ADAPTERS} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("store/db.py", "from accord.services.runtime import Runtime", LAYERS),
        ("matching/score.py", "import accord.store.tables", LAYERS),
        ("api/health.py", "from accord.web.views import render", ADAPTERS),
        ("services/identity/users.py", "from accord.demo.scenario import DEMO_PASSWORD",
         LAYERS),
    ],
    ids=["store-imports-services", "matching-imports-store", "api-imports-web",
         "service-imports-demo"],
)
def test_an_added_upward_import_fails(tmp_path: Path, module: str, line: str,
                                      broken: str) -> None:
    shutil.copytree(ROOT / "accord", tmp_path / "accord",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "locale"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "accord" / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert f"{broken} BROKEN" in result.stdout, result.stdout
    assert module.replace("/", ".").removesuffix(".py") in result.stdout, result.stdout
