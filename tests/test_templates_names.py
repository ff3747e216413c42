"""Every defined name the writer creates is documented in docs/names.md, and vice versa.

The names are the public interface of the workbooks for readers and outside scripts.
"""

from __future__ import annotations

import re
from pathlib import Path

from scoring.commands.template import template_workbooks

DOC = Path(__file__).resolve().parent.parent / "docs" / "names.md"


def documented() -> set[str]:
    return set(re.findall(r"`([a-z][a-z0-9_<>]*)`", DOC.read_text(encoding="utf-8")))


def test_every_name_in_the_workbooks_is_documented():
    names = documented()
    for file, wb in template_workbooks().items():
        for name in wb.defined_names:
            generic = re.sub(r"^subtotal_[A-Z]\d*$", "subtotal_<code>", name)
            assert generic in names, f"{file}: {name} missing from docs/names.md"


def test_every_documented_name_exists_in_some_workbook():
    made = {re.sub(r"^subtotal_[A-Z]\d*$", "subtotal_<code>", name)
            for wb in template_workbooks().values() for name in wb.defined_names}
    missing = {name for name in documented() if name.startswith(("meta_", "eval_", "target_",
                                                                  "funding_", "awards_"))} - made
    assert not missing
    assert {"total_score", "grade", "total_deduction"} <= made
