"""Publish the example org's page with the docs, so that the docs show the real thing.

After an HTML build, ``example-site/index.html`` in the output is ``distauth.display.site``
of ``examples/acme.yaml``, exactly as ``distauth site examples/acme.yaml -o example-site``
writes it; ``site.md`` links to it and shows it in a frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

import distauth as da
from distauth import display

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme.yaml"
FOLDER = "example-site"


def _publish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    page = display.site(da.load(EXAMPLE))
    (target / "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _publish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
