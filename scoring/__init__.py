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

from .errors import (
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
