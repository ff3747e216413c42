"""The lights (预警) of the mid-year monitoring form: green, yellow (amber) or red, per row.

The rules are this product's configurable defaults, not a national rule (财政部 asks for
monitoring and early warning but prescribes no colours; docs/monitoring.md):

* an indicator is **green** when its 1-X月执行情况 meets the 半年指标值; **amber** when it does
  not, but the 全年预计完成情况 meets the 全年指标值 and the 完成目标可能性 is not 完全不可能;
  **red** otherwise (no forecast, or an unreadable one, cannot show the year will be met);
* a funds row is **green** when its execution rate (执行数 ÷ 调整后预算数) is at or above the
  time progress (序时进度 = months ÷ 12), **amber** when it is below by at most the tolerance
  (:attr:`scoring.policies.Policies.monitor_tolerance`, 10 percentage points by default;
  exactly at progress − tolerance is amber), **red** below that;
* no light where there is nothing to judge: an indicator row without a 三级指标, an unfilled or
  unreadable 1-X月执行情况, an unreadable 半年指标值; a funds row without an execution rate.

Each rule exists twice, side by side: the engine's (:func:`indicator_light`,
:func:`fund_light`, :func:`execution_rate`) and a native formula writing the same light into a
cell (:func:`indicator_light_formula`, :func:`fund_light_formula`,
:func:`execution_rate_formula`), so a workbook recalculated in Excel, WPS or LibreOffice shows
what ``perfscore score`` computes (a LibreOffice test checks the boundaries). Formulas return
the words of :data:`scoring.vocab.LIGHTS`, or ``""`` for no light.
"""

from __future__ import annotations

import math

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

from . import formula as fx
from . import target_formula as tf
from . import vocab
from .actuals import coerce_choice, is_blank
from .errors import CODES, PerfscoreError
from .spreadsheet_math import round15, subtract
from .targets import Target, parse_target

#: A light; None (no light) where there is nothing to judge.
Light = Literal["green", "amber", "red"]
#: The lights in form order, as counted.
LIGHT_KEYS: tuple[Light, ...] = ("green", "amber", "red")
_IMPOSSIBLE = vocab.LIKELIHOODS["impossible"]


def light_word(light: Light | None) -> str:
    """The word a light cell shows (``绿``), empty for no light."""
    return vocab.LIGHTS[light] if light else ""


def read_target(value: str | Target | None) -> Target | None:
    """An indicator value as a :class:`~scoring.targets.Target`, None when empty or unreadable
    (the target form's checks report those, PS-T001/PS-T002)."""
    if isinstance(value, Target):
        return value
    try:
        return parse_target(value)
    except PerfscoreError:
        return None


def _meets(target: Target | None, value: Any) -> bool:
    """Whether ``value`` meets ``target``; a missing target or an unreadable value does not."""
    if target is None:
        return False
    try:
        return target.is_met(value)
    except PerfscoreError:
        return False


def _ruled_out(likelihood: Any) -> bool:
    """Whether the 完成目标可能性 is 完全不可能 (blank or another word is not)."""
    try:
        return coerce_choice(likelihood, tuple(vocab.LIKELIHOODS.values())) == _IMPOSSIBLE
    except PerfscoreError:
        return False


def indicator_light(half_target: str | Target | None, full_target: str | Target | None,
                    actual: Any, forecast: Any = None, likelihood: Any = None) -> Light | None:
    """The light of one indicator row (see the module docs for the rule).

    Args:
        half_target, full_target: 半年指标值 and 全年指标值, as text or read.
        actual: 1-X月执行情况 (a number, ``97%``, ``6条``, ``健全`` …).
        forecast: 全年预计完成情况.
        likelihood: 完成目标可能性 (确定能 / 有可能 / 完全不可能); blank or another word does not
            rule out amber (the monitoring form reports a word that is none of them, PS-J004).

    Returns:
        ``green``, ``amber``, ``red``, or None when the actual value is blank or unreadable or
        the 半年指标值 is.
    """
    half = read_target(half_target)
    if half is None or is_blank(actual):
        return None
    try:
        if half.is_met(actual):
            return "green"
    except PerfscoreError:
        return None
    if _ruled_out(likelihood) or not _meets(read_target(full_target), forecast):
        return "red"
    return "amber"


def execution_rate(executed: float | None, adjusted: float | None) -> float | None:
    """执行率 = 执行数 ÷ 调整后预算数 (DOMAIN §4); None when either is unknown, an amount is
    negative, or there is no budget to execute (调整后预算数 0)."""
    if executed is None or adjusted is None or executed < 0 or adjusted <= 0:
        return None
    rate = executed / adjusted
    return rate if math.isfinite(rate) else None  # 1e300 ÷ 1e-300 is no rate


def fund_light(rate: float | None, progress: float, tolerance: float) -> Light | None:
    """The light of a funds row: ``rate`` against the time ``progress``, ``tolerance`` below it
    still amber; compared at 15 significant digits as the spreadsheet compares."""
    if rate is None:
        return None
    rate = round15(rate)
    if rate >= round15(progress):
        return "green"
    return "amber" if rate >= round15(subtract(progress, tolerance)) else "red"


def needs_explanation(light: Light | None) -> bool:
    """Whether a row with ``light`` must give 偏差原因 and 纠偏措施 (PS-J001, PS-J002)."""
    return light in ("amber", "red")


# --------------------------------------------------------------------------- native formulas
def _word(light: Light) -> str:
    return fx.text(vocab.LIGHTS[light])


@lru_cache(maxsize=1024)
def indicator_light_formula(half_target: str | Target | None, full_target: str | Target | None,
                            actual_ref: str, forecast_ref: str, likelihood_ref: str) -> str:
    """A formula (``=…``) writing :func:`indicator_light` into a cell.

    The targets are fixed when the form is issued, so they are written into the formula; the
    three refs are the row's 1-X月执行情况, 全年预计完成情况 and 完成目标可能性 cells. With no
    readable 半年指标值 the formula is ``=""``. Remembered (a formula is a few KB, so the cache
    holds a few MB at most): a batch's units mostly share their 指标值 row by row, and
    ``perfscore fill`` asks for each row's formula for every unit.
    """
    half = read_target(half_target)
    if half is None:
        return '=""'
    full = read_target(full_target)
    forecast_meets = tf.meets(full, forecast_ref) if full is not None else "FALSE()"
    hopeful = f"IFERROR({tf.squeezed(likelihood_ref)}<>{fx.text(_IMPOSSIBLE)},TRUE())"
    return (f'=IF({tf.blank(actual_ref)},"",IF({tf.reads(half, actual_ref)},'
            f"IF({tf.meets(half, actual_ref)},{_word('green')},"
            f"IF(AND({forecast_meets},{hopeful}),{_word('amber')},{_word('red')})),\"\"))")


def execution_rate_formula(executed_ref: str, adjusted_ref: str) -> str:
    """A formula (``=…``) writing :func:`execution_rate` into a cell (``""`` for none)."""
    e, a = executed_ref, adjusted_ref
    return f'=IF(AND(ISNUMBER({e}),ISNUMBER({a})),IF(AND({e}>=0,{a}>0),{e}/{a},""),"")'


def fund_light_formula(rate_ref: str, progress_ref: str, tolerance: float) -> str:
    """A formula (``=…``) writing :func:`fund_light` into a cell; ``tolerance`` is the policy in
    force when the form is issued (:attr:`~scoring.policies.Policies.monitor_tolerance`)."""
    r, p = rate_ref, progress_ref
    return (f"=IF(ISNUMBER({r}),IF({r}>={p},{_word('green')},"
            f"IF({r}>={p}-{fx.num(tolerance)},{_word('amber')},{_word('red')})),\"\")")


def explanation_check_formula(light_ref: str, reason_refs: Sequence[str],
                              measures_ref: str) -> str:
    """A formula (``=…``) for a row's check cell: ``[PS-J001] 偏差原因未填写；`` when the row is
    amber or red and every one of ``reason_refs`` (an indicator's type and text, a funds row's
    偏差原因) is blank, ``[PS-J002] 纠偏措施未填写；`` when ``measures_ref`` is; else ``""``."""
    warned = f"OR({light_ref}={_word('amber')},{light_ref}={_word('red')})"
    empty = ",".join(tf.blank(ref) for ref in reason_refs)

    def message(code: str) -> str:
        return fx.text(vocab.MONITOR_CHECK.format(code=code, title=CODES[code]))

    return (f'=IF(AND({warned},{empty}),{message("PS-J001")},"")'
            f'&IF(AND({warned},{tf.blank(measures_ref)}),{message("PS-J002")},"")')
