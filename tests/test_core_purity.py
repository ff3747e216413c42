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


def test_no_class_defines_a_method_twice():
    """A second ``def`` of a name in one class silently replaces the first (a new
    ``Assembly._heading`` once replaced the gloss check of that name; every rule with
    ``档案管理(2分)`` read otherwise). ``@overload`` stubs are declarations, not definitions."""
    import ast

    root = Path(__file__).resolve().parent.parent
    twice = []
    for path in sorted((root / "scoring").rglob("*.py")) + sorted((root / "addin").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            names = [item.name for item in node.body
                     if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and not any(
                         isinstance(d, ast.Name) and d.id == "overload" for d in item.decorator_list)]
            twice += [f"{path.relative_to(root)}: {node.name}.{name}"
                      for name in sorted(set(names)) if names.count(name) > 1]
    assert not twice, twice
