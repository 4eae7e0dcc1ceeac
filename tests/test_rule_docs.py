"""Every rule documents itself with a bad and a good example, and the examples are true.

The examples are shown by `distauth rules CODE` and on the rules page; each is a complete org
file (its `version: 1` line left out) that fires the rule, or does not.
"""

from __future__ import annotations

import pytest

import distauth as da
from tests.conftest import DAY

CODES = [c for c in da.RULES if c.startswith("DA")]


def codes_found(snippet: str, code: str) -> set[str]:
    org = da.loads("version: 1\n" + snippet, "yaml")
    # A snippet's `resources:` stand for the run's inventory too (validate --inventory), which
    # DA304 reads and an org file cannot hold.
    config = da.Config(inventory=org.resources)
    return {f.code for f in da.validate(org, select=[code], on=DAY, config=config)}


@pytest.mark.parametrize("code", CODES)
def test_every_rule_is_documented_with_both_examples(code: str) -> None:
    rule = da.RULES[code]
    assert rule.doc
    assert rule.bad
    assert rule.good


@pytest.mark.parametrize("code", CODES)
def test_the_bad_example_fires_the_rule(code: str) -> None:
    assert codes_found(da.RULES[code].bad, code) == {code}


@pytest.mark.parametrize("code", CODES)
def test_the_good_example_does_not(code: str) -> None:
    assert codes_found(da.RULES[code].good, code) == set()
