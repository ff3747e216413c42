"""The pure core imports only the standard library (STYLE.md §4).

Run in a fresh interpreter so that what other tests imported does not count.
"""

import subprocess
import sys
from pathlib import Path

#: Every top-level module of the core (scoring/*.py), found on disk so a new one is covered.
CORE = ["scoring", "scoring.cli"] + sorted(
    f"scoring.{path.stem}" for path in (Path(__file__).resolve().parent.parent / "scoring").glob("*.py")
    if path.stem not in ("__init__", "cli")) + [
    # The project forms' core (issue #16) is a package of its own.
    "scoring.project"] + sorted(
    f"scoring.project.{path.stem}" for path in
    (Path(__file__).resolve().parent.parent / "scoring" / "project").glob("*.py")
    if path.stem != "__init__")


def test_core_does_not_import_edges():
    code = (
        "import sys\n"
        f"for name in {CORE!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in ('openpyxl', 'pandas', 'xlwings', 'numpy', 'python_calamine')"
        " if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_help_lists_every_command_without_loading_edges():
    code = (
        "import sys, contextlib, io\n"
        "from scoring.cli import COMMANDS, build_parser\n"
        "text = build_parser().format_help()\n"
        "missing = [name for name in COMMANDS if name not in text]\n"
        "bad = [m for m in ('openpyxl', 'pandas', 'xlwings') if m in sys.modules]\n"
        "print(missing, bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"
