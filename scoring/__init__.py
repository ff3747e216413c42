"""perfscore's scoring engine: the pure core (standard library only).

Public API:

- :func:`parse_target` — an indicator value (指标值) such as ``≥99%``, ``＝0%``, ``≥5条``, ``健全``.
- :func:`parse_rule` — a 评价要点 scoring rule turned into an executable :class:`Rule`.
- :class:`RuleError` — text that cannot be understood (a ``ValueError`` with a stable code).
- :func:`grade` — 优秀 / 良好 / 中 / 差 from a total.
- :class:`Framework`, :class:`Inputs`, :func:`evaluate`, :class:`Result` — the evaluation model.
- :class:`Policies` and :data:`DEFAULT_POLICIES` — the scoring policies of DOMAIN.md §4.
- :func:`load_example` — the built-in 2024 南京市人民政府办公厅 example.

Workbook I/O (openpyxl), batch (pandas), the CLI and the add-in are edges that call this core;
importing ``scoring`` never imports them.
"""

import os as _os

# openpyxl writes its XML through lxml when lxml is installed (python-docx, which the report
# needs, brings it) and through the standard library otherwise: the same workbook, but the
# lxml path writes every Chinese character as a character reference (&#20869;). The product's
# workbooks are to be the same bytes wherever they are made, so the standard library path is
# chosen, before any part of the product imports openpyxl; a user who set OPENPYXL_LXML keeps
# their choice.
_os.environ.setdefault("OPENPYXL_LXML", "False")

from .errors import (  # noqa: E402
    ActualValueError,
    FrameworkError,
    PerfscoreError,
    RuleError,
    TargetError,
    TargetFormError,
    WorkbookFileError,
)
from .example import Example, load_example
from .framework import (
    Framework,
    Indicator,
    Inputs,
    ItemResult,
    Issue,
    Result,
    capped_total,
    evaluate,
)
from .grading import grade
from .parse import parse_rule
from .policies import DEFAULT_POLICIES, Policies
from .rules import Rule, RuleKind
from .target_form import Funding, TargetForm, TargetIndicator
from .targets import Target, parse_target

__all__ = [
    "ActualValueError", "DEFAULT_POLICIES", "Example", "Framework", "FrameworkError", "Funding",
    "Indicator", "Inputs", "Issue", "ItemResult", "PerfscoreError", "Policies", "Result", "Rule",
    "RuleError", "RuleKind", "Target", "TargetError", "TargetForm", "TargetFormError",
    "TargetIndicator", "WorkbookFileError", "capped_total", "evaluate", "grade", "load_example",
    "parse_rule", "parse_target",
]
