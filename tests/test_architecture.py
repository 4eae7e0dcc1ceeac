"""The boundaries CI keeps: private reach-ins fail lint, imports point down, private names stay.

Each check is shown to fail on a new violation, not only to pass on the code as it is: the lint
rule on a reach-in fed to ruff under a module's path, the layer check on a copy of the package
with one upward import added.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
BIN = Path(sys.executable).parent


def tool(name: str) -> Path:
    """A command-line tool of the dev extra, beside this Python (a failure in CI, else a skip)."""
    path = BIN / name
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed beside {sys.executable}")
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return path


REACH_IN = """
from distauth._org import Org


def peek(org: Org) -> object:
    return org._graph
"""


def ruff_slf(path: str, text: str) -> subprocess.CompletedProcess[str]:
    """Ruff's SLF001 on *text* as if it were the file at *path* (with the project's ignores)."""
    return subprocess.run(
        [tool("ruff"), "check", "--no-cache", "--select", "SLF001", "--stdin-filename", path, "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    "path", ["src/distauth/display.py", "src/distauth/rules/structure.py", "src/distauth/cli.py"]
)
def test_a_reach_into_the_org_fails_lint_outside_the_friend_modules(path: str) -> None:
    result = ruff_slf(path, REACH_IN)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "SLF001" in result.stdout


@pytest.mark.parametrize("path", ["src/distauth/_graph.py", "src/distauth/rules/_facts.py"])
def test_the_friend_modules_may_reach_in(path: str) -> None:
    result = ruff_slf(path, REACH_IN)
    assert result.returncode == 0, result.stdout + result.stderr


def lint_imports(cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [tool("lint-imports"), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_the_imports_point_down() -> None:
    result = lint_imports(SRC, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_layer_check(tmp_path: Path) -> None:
    shutil.copytree(SRC / "distauth", tmp_path / "distauth", ignore=shutil.ignore_patterns("*.pyc"))
    model = tmp_path / "distauth" / "_model.py"
    model.write_text(model.read_text() + "\nfrom distauth import cli  # upwards\n")
    result = lint_imports(tmp_path, ROOT / "pyproject.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "distauth._model is not allowed to import distauth.cli" in result.stdout


#: Private names imported from another module, each with the reason it is still there. A new
#: one fails the test: import a documented public-in-package name from its owner instead.
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str, str]] = set()


def private_imports() -> set[tuple[str, str, str]]:
    """``(importer, module, name)`` for every private name imported from another package."""
    found = set()
    for path in sorted((SRC / "distauth").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        importer = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        home = ".".join(parts[:-1])  # the package the importer belongs to
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            if not node.module.startswith("distauth"):
                continue
            base = SRC.joinpath(*node.module.split("."))
            owner = node.module if base.is_dir() else node.module.rpartition(".")[0]
            if owner == home != "distauth":
                continue  # the modules of a subpackage (scopes, files) share its names
            for alias in node.names:
                name = alias.name
                if not name.startswith("_") or name.startswith("__"):
                    continue
                if (base / f"{name}.py").exists() or (base / name).is_dir():
                    continue  # a private module, imported from its package
                found.add((importer, node.module, name))
    return found


def test_no_private_name_is_imported_from_another_module() -> None:
    assert private_imports() == KNOWN_PRIVATE_IMPORTS
