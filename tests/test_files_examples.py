"""The example files are dumps of ``examples/acme.py`` and load back to the same orgs."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import distauth as da
from distauth.files import dumps, load

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BROKEN_ON = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def acme() -> ModuleType:
    spec = importlib.util.spec_from_file_location("acme_example", EXAMPLES / "acme.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _without_header(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def test_acme_yaml_loads_to_the_clean_org(acme: ModuleType) -> None:
    assert load(EXAMPLES / "acme.yaml") == acme.build()


def test_acme_broken_yaml_loads_to_the_broken_org(acme: ModuleType) -> None:
    assert load(EXAMPLES / "acme-broken.yaml") == acme.build_broken(on=BROKEN_ON)


def test_acme_yaml_is_the_current_dump(acme: ModuleType) -> None:
    assert _without_header(EXAMPLES / "acme.yaml") == dumps(acme.build())


def test_acme_broken_yaml_is_the_current_dump(acme: ModuleType) -> None:
    assert _without_header(EXAMPLES / "acme-broken.yaml") == dumps(acme.build_broken(on=BROKEN_ON))


@pytest.mark.parametrize("name", ["acme.yaml", "acme-broken.yaml"])
def test_examples_point_editors_at_the_schema(name: str) -> None:
    first = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/distauth/org.schema.json"
    assert (EXAMPLES / "../src/distauth/org.schema.json").is_file()


def test_the_clean_example_validates_without_findings() -> None:
    assert len(da.validate(load(EXAMPLES / "acme.yaml"), on=BROKEN_ON)) == 0


def test_every_rule_fires_on_the_broken_example_with_a_location() -> None:
    org = load(EXAMPLES / "acme-broken.yaml")
    # Its resources stand for the run's inventory too (validate --inventory), which DA304 reads.
    report = da.validate(org, on=BROKEN_ON, config=da.Config(inventory=org.resources))
    builtin = {code for code in da.RULES if code.startswith("DA")}
    assert {f.code for f in report} >= builtin
    assert all(f.location is not None for f in report if f.code != "DA303")
