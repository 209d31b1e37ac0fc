"""Executes examples/python/liquidbot_tour.ipynb headless (nbclient + ipykernel) so it cannot rot."""
import os
import pathlib

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")
pytest.importorskip("ipykernel")

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python" / "liquidbot_tour.ipynb"


def test_notebook_runs():
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # inline PNG outputs
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # distribution, shock curves, ladder
    text = "".join(o.get("text", "") for o in outputs)
    assert "repay" in text and "supply" in text
