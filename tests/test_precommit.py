"""pre-commit runs this repository's hook: it fails on a broken org file, then passes once fixed.

SLOW (a minute or more the first time): pre-commit builds a virtualenv of its own and pip
installs distauth into it from this repository, fetching the build backend and dependencies
from PyPI. It stays in the default run because CI must prove the hook works as published.

``pre-commit try-repo`` is pointed at a snapshot of the current work tree (tracked and untracked
files, minus what .gitignore ignores), committed to a scratch repository. Pointing it at the
work tree itself would test something else: try-repo clones the repository's HEAD and adds only
*tracked* changes (``git add -u``), so new files not yet committed would be missing, and a
repository without a commit cannot be tried at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GIT = shutil.which("git")

BROKEN = """\
version: 1
people:
  ana: {}
areas:
  company: {dri: ana, purpose: Run it, advisors: [ana]}
  billing: {parent: company, purpose: Get paid, advisors: [ana]}
"""
FIXED = BROKEN.replace("{parent: company,", "{parent: company, dri: ana,")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(GIT is None, reason="pre-commit needs git, which is not installed"),
]


def git(cwd: Path, *args: str) -> str:
    assert GIT is not None
    done = subprocess.run(
        [
            GIT,
            "-c",
            "user.name=distauth tests",
            "-c",
            "user.email=tests@distauth.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def snapshot(root: Path, dest: Path) -> Path:
    """Commit the files of *root*'s work tree, as they are now, to a new repository *dest*."""
    listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    dest.mkdir()
    for name in filter(None, listed.split("\0")):
        source = root / name
        if source.is_file():  # skip files deleted in the work tree but still in the index
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot of the work tree")
    return dest


def pre_commit(cwd: Path, hook_repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "distauth", "--all-files"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_pre_commit_hook_fails_on_a_broken_org_then_passes(tmp_path: Path) -> None:
    hook_repo = snapshot(ROOT, tmp_path / "distauth-snapshot")
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    (project / "distauth.yaml").write_text(BROKEN, encoding="utf-8")
    (project / "notes.yaml").write_text("not: [an org file\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "a broken org")

    failed = pre_commit(project, hook_repo, tmp_path / "pre-commit-home")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "Failed" in output
    assert "distauth.yaml:6:3: DA101 [error] area 'billing' has no DRI in effect" in output
    assert "notes.yaml" not in output  # not an org-file name: the hook never sees it

    (project / "distauth.yaml").write_text(FIXED, encoding="utf-8")
    git(project, "commit", "-q", "-am", "fixed")
    passed = pre_commit(project, hook_repo, tmp_path / "pre-commit-home")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
