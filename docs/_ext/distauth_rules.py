"""Render the rule reference from the live registry, so it cannot drift from the code.

In ``rules.md`` the marker ``<!-- distauth-rules -->`` is replaced, when Sphinx reads the
page, by one section per rule of ``distauth.RULES``: code, name, severity, summary, the
longer explanation and a bad and a good example. Each section is anchored by its code in
lower case (``rules.html#da101``), which the command line's SARIF output links to.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

import distauth
from distauth._formats import format_rule

MARKER = "<!-- distauth-rules -->"


def render() -> str:
    """The Markdown of every registered rule, from the renderer ``distauth rules`` uses too."""
    return "\n".join(
        format_rule(distauth.RULES[code], markdown=True) + "\n" for code in distauth.RULES
    )


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if MARKER in source[0]:
        source[0] = source[0].replace(MARKER, render())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
