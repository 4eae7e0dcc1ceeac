"""YAML traps people fall into are reported in their terms, at the line to fix.

libyaml's own words ("while scanning an alias", "did not find expected key") name its grammar,
and for a key indented too far it notices a line later. Each case is an org file whose line
to fix ends with ``#<``; the error must name that line and say what to do.
"""

from __future__ import annotations

import pytest

import distauth as da

CASES = [
    # A scope starting with '*' is read as an alias.
    ("areas:\n  ops:\n    scopes:\n      - */deploy  #<\n", "quote it, as '*/deploy'"),
    ("areas:\n  ops:\n    scopes: [*/deploy]  #<\n", "quote it, as '*/deploy'"),
    ("areas:\n  ops:\n    scopes: [**]  #<\n", "quote it, as '**'"),
    # Handles and names that YAML cannot start a plain value with.
    ("people:\n  ana: {handles: [@ana]}  #<\n", "must be quoted: write '@ana'"),
    ("people:\n  ana: {name: `Ana`}  #<\n", "must be quoted"),
    # The first key of a mapping indented too far: libyaml notices on the next line.
    (
        "areas:\n  ops:\n      purpose: Run  #<\n    dri: ana\npeople: {ana: {}}\n",
        "indent it by 4 spaces",
    ),
    (
        "people:\n  ana:\n      name: Ana  #<\n    active: false\n",
        "indent it by 4 spaces",
    ),
    # A key indented under a key that already has a value.
    ("areas:\n  ops:\n    purpose: Run\n      dri: ana  #<\n", "already has a value"),
    # A key indented further than its sibling.
    ("people:\n  ana: {}\n    bo: {}  #<\n", "must line up"),
    # A ': ' inside an unquoted value.
    ("areas:\n  ops:\n    purpose: Run: things  #<\n", "quote the value"),
]


@pytest.mark.parametrize(("text", "advice"), CASES)
def test_yaml_traps_say_what_to_do_at_the_line_to_fix(text: str, advice: str) -> None:
    want = next(n for n, row in enumerate(text.splitlines(), start=1) if row.endswith("#<")) + 1
    with pytest.raises(da.OrgFileError) as caught:
        da.loads("version: 1\n" + text, source="org.yaml")
    message = str(caught.value)
    assert message.startswith(f"org.yaml:{want}:"), message
    assert advice in message
    assert "while scanning" not in message
    assert "did not find expected key" not in message
    assert "not allowed in this context" not in message


def test_text_output_shows_the_fix_hints() -> None:
    from distauth._formats import format_text
    from distauth._runs import CheckedFile, Run

    org = da.loads("version: 1\nareas:\n  ops: {purpose: Run}\n", source="org.yaml")
    report = da.validate(org, select=["DA101"])
    (finding,) = report.findings
    assert finding.hint
    text = format_text(Run([CheckedFile("org.yaml", 1, 0, report.findings)]))
    assert f"    hint: {finding.hint}" in text.splitlines()
    assert f"    hint: {finding.hint}" in str(report).splitlines()
