"""docs/tour.ipynb is stored clean and runs from top to bottom in a real kernel (nbclient).

The kernel is ``python3`` from the interpreter running the tests (ipykernel installed in the
same virtualenv), started in docs/ as Jupyter would.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.helpers import ROOT

TOUR = ROOT / "docs" / "tour.ipynb"

# jupyter_core warns about its coming platformdirs move unless told which paths to use; the
# suite turns warnings into errors.
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

nbformat = pytest.importorskip("nbformat", reason="the notebook test needs nbformat")
nbclient = pytest.importorskip("nbclient", reason="the notebook test needs nbclient")
pytest.importorskip("ipykernel", reason="the notebook test needs ipykernel")


def test_tour_is_stored_without_outputs() -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == []
        assert cell.execution_count is None


def test_tour_runs_without_errors() -> None:
    notebook = nbformat.read(TOUR, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(TOUR.parent)}},
    )
    client.execute()
    outputs: list[dict[str, Any]] = [
        out for cell in notebook.cells for out in cell.get("outputs", [])
    ]
    errors = [out for out in outputs if out["output_type"] == "error"]
    assert errors == []
    data = [out.get("data", {}) for out in outputs]
    htmls = [d["text/html"] for d in data if "text/html" in d]
    assert any("Acme Robotics" in h and "40 areas" in h for h in htmls)
    assert any("DA101" in h for h in htmls)
    assert any("finance/billing/invoices" in h for h in htmls)
    assert any("text/vnd.mermaid" in d for d in data)
    assert any("image/png" in d for d in data)
    stderr = [out["text"] for out in outputs if out.get("name") == "stderr"]
    assert stderr == []
