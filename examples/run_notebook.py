"""Executes examples/notebook.ipynb headless and fails if any cell errors.

    python examples/run_notebook.py [--slant PATH]

Needs nbclient, nbformat, ipykernel, pandas and matplotlib (pip install).
The executed copy, with its outputs, is written to the temporary folder and
its path printed; the notebook in the repository stays without outputs.
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

here = Path(__file__).resolve().parent
parser = argparse.ArgumentParser()
parser.add_argument("--slant", help="the slant binary (default: target/release, then target/debug)")
args = parser.parse_args()
if args.slant:
    os.environ["SLANT"] = str(Path(args.slant).resolve())
nb = nbformat.read(here / "notebook.ipynb", as_version=4)
client = NotebookClient(nb, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": str(here.parent)}})
try:
    client.execute()
except Exception as e:  # the cell's traceback is in the message
    print(f"notebook failed: {e}", file=sys.stderr)
    sys.exit(1)
out = Path(tempfile.gettempdir()) / "slant-notebook-executed.ipynb"
nbformat.write(nb, out)
print(f"notebook ran: {len(nb.cells)} cells, executed copy in {out}")
