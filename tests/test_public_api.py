"""The public surface: what `import distauth` offers, what the docs name, and what it costs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import distauth

DOCS = Path(__file__).resolve().parent.parent / "docs"


def isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each alphabetical (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_every_name_exists() -> None:
    assert distauth.__all__ == sorted(distauth.__all__, key=isort_key)
    assert len(set(distauth.__all__)) == len(distauth.__all__)
    for name in distauth.__all__:
        assert getattr(distauth, name) is not None


def test_the_contract_names_are_all_there() -> None:
    contract = {
        "Person", "Area", "Role", "DRI", "EscalationPath", "Decision", "Finding", "Report",
        "Severity", "Org", "validate", "json_schema", "load", "loads", "dump", "dumps", "RULES",
        "DistauthError", "OrgFileError",
    }  # fmt: skip
    assert contract <= set(distauth.__all__)


def test_every_public_name_is_in_the_api_reference() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"distauth\.([A-Za-z_]+)\b", text))
    missing = set(distauth.__all__) - documented
    assert not missing, f"not in docs/api.md: {sorted(missing)}"


def test_the_api_reference_names_nothing_that_is_not_public() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    submodules = {"strategies", "testing", "display", "scopes", "files", "rules", "interop"}
    named = set(re.findall(r"\.\. auto\w+:: distauth\.([A-Za-z_]+)\b", text))
    assert named - submodules <= set(distauth.__all__)


def test_import_distauth_stays_light() -> None:
    heavy = ("hypothesis", "pandas", "matplotlib", "ruamel", "cattrs", "yaml", "jsonschema",
             "IPython", "tomli_w")  # fmt: skip
    code = "import sys, distauth; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert [m for m in loaded if m.split(".")[0] in heavy] == []


def test_the_package_is_typed() -> None:
    assert (Path(distauth.__file__).parent / "py.typed").is_file()
