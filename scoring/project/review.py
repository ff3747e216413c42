"""Review checks (审核提示) of a project self-evaluation: the usual signs of an inflated or
perfunctory self-evaluation that a finance bureau's reviewer asks about.

Each check is a pure function of the filled-in form, its profile and its scores, and returns
:class:`~scoring.framework.Issue` values that carry a code (PS-X101 …), a Chinese message and the
row they concern (``indicator.3``, ``funds.total``, ``field.problems``). :data:`CHECKS` lists them
by code; :func:`review_project` runs them all. A check says what looks wrong; it changes no score.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..errors import PerfscoreError
from ..framework import Issue
from ..normalise import characters
from .form import ProjectEvaluation
from .profiles import NATIONAL, ProjectProfile
from .score import (EPSILON, ProjectResult, evaluate_project, field_location, fund_location,
                    indicator_location, read_amount, read_target)
from . import vocab

#: Differences in money (万元) up to this are rounding, not an error: 0.01 万元 = 100 元, the last
#: digit forms show when every row is rounded to two decimals.
MONEY_TOLERANCE = 0.01

Check = Callable[[ProjectEvaluation, ProjectProfile, ProjectResult], list[Issue]]

_FILLER_CHARS = re.compile("[" + re.escape(vocab.FILLER_PUNCTUATION) + r"\s]")
_EMPTY = frozenset(_FILLER_CHARS.sub("", characters(word)) for word in vocab.EMPTY_ANSWERS)


def filler(text: object) -> str | None:
    """The text as shown when it says nothing (``""``, ``无``, ``—``, ``暂无。``), else None."""
    shown = "" if text is None else str(text).strip()
    return shown if _FILLER_CHARS.sub("", characters(shown)) in _EMPTY else None


def _issue(code: str, item: str, key: str, **fields: object) -> Issue:
    return Issue(code, vocab.MESSAGES[key].format(**fields), item)


def dominant_indicators(evaluation: ProjectEvaluation, profile: ProjectProfile,
                        result: ProjectResult) -> list[Issue]:
    """PS-X101: an indicator weighted over :attr:`~ProjectProfile.dominant_share` (half) of all
    indicator points: one indicator then decides the score."""
    total = sum(row.points for row in result.indicators)
    found = []
    for row in result.indicators:
        if total > 0 and row.points > profile.dominant_share * total + EPSILON:
            item, where = indicator_location(row.index, evaluation.indicators[row.index - 1])
            found.append(_issue("PS-X101", item, "dominant_indicator", where=where,
                                points=row.points, total=total, share=profile.dominant_share))
    return found


def numbers_as_text(evaluation: ProjectEvaluation, profile: ProjectProfile,
                    result: ProjectResult) -> list[Issue]:
    """PS-X102: a word (``完成``, ``达成``, ``是``) where the target asks for a number (``≥95%``)."""
    found = []
    for index, indicator in enumerate(evaluation.indicators, start=1):
        text = characters(str(indicator.actual)) if isinstance(indicator.actual, str) else ""
        if not text or any(ch.isdigit() for ch in text) or indicator.not_applicable:
            continue
        try:
            target = read_target(indicator)
        except PerfscoreError:
            continue  # an unreadable target is reported by the scoring
        if target is not None:
            item, where = indicator_location(index, indicator)
            found.append(_issue("PS-X102", item, "text_for_number", where=where, target=target.text,
                                actual=profile.label("actual"), text=indicator.actual))
    return found


def missing_reasons(evaluation: ProjectEvaluation, profile: ProjectProfile,
                    result: ProjectResult) -> list[Issue]:
    """PS-X103: points lost (or an execution rate below the profile's line) and the reason beside
    them empty or a filler (``无``, ``—``). Forms without a reason per row (湖北) are checked
    against their one 偏差原因分析 cell."""
    found = []
    for row in result.funds:
        shown = filler(evaluation.fund_reason)
        if row.reason_required and shown is not None and row.rate is not None:
            item, where = fund_location(profile, row.key)
            found.append(_issue("PS-X103", item, "fund_reason_missing", where=where, rate=row.rate,
                                limit=profile.fund_reason_below, label=profile.label("fund_reason"),
                                state=_state(shown)))
    for row in result.indicators:
        if not row.reason_required:
            continue
        indicator = evaluation.indicators[row.index - 1]
        reason, label = ((indicator.reason, profile.label("reason")) if profile.reason_per_row
                         else (evaluation.deviation, profile.label("deviation")))
        shown = filler(reason)
        if shown is not None:
            item, where = indicator_location(row.index, indicator)
            found.append(_issue("PS-X103", item, "reason_missing", where=where, lost=row.lost,
                                label=label, state=_state(shown)))
    return found


def _state(shown: str) -> str:
    return (vocab.MESSAGES["reason_state_filler"].format(text=shown) if shown
            else vocab.MESSAGES["reason_state_empty"])


def filler_conclusions(evaluation: ProjectEvaluation, profile: ProjectProfile,
                       result: ProjectResult) -> list[Issue]:
    """PS-X104: 存在问题 or 改进措施 answered with ``无`` (or left empty) where the form has them."""
    found = []
    for key in ("problems", "measures"):
        text = getattr(evaluation, key)
        shown = None if text is None else filler(text)
        if shown is not None:
            item, where = field_location(profile, key)
            found.append(_issue("PS-X104", item, "filler_answer", where=where,
                                text=shown or "（空白）", label=profile.label(key)))
    return found


def targets_too_low(evaluation: ProjectEvaluation, profile: ProjectProfile,
                    result: ProjectResult) -> list[Issue]:
    """PS-X105: an actual more than :attr:`~ProjectProfile.overshoot_limit` times better than its
    target (≥10个 done 30个): the target was likely set too low (10号 asks for the cause)."""
    found = []
    for row in result.indicators:
        if row.ratio is not None and row.ratio > profile.overshoot_limit + EPSILON:
            item, where = indicator_location(row.index, evaluation.indicators[row.index - 1])
            found.append(_issue("PS-X105", item, "target_too_low", where=where,
                                ratio=row.ratio, limit=profile.overshoot_limit))
    return found


def missing_blocks(evaluation: ProjectEvaluation, profile: ProjectProfile,
                   result: ProjectResult) -> list[Issue]:
    """PS-X106: no indicator of a block the profile weighs (产出, 效益, 满意度), named in the 一级 or
    the 二级 label (some copies put 满意度指标 under 效益指标)."""
    return block_issues([(row.level1, row.level2) for row in evaluation.indicators], profile,
                        vocab.FORM_NAMES["evaluation"])


def block_issues(levels: Iterable[tuple[object, object]], profile: ProjectProfile,
                 form: str) -> list[Issue]:
    """PS-X106 of any project form: each block of ``profile`` no (一级, 二级) pair names.

    Args:
        levels: The 一级 and 二级 labels of the form's indicator rows.
        profile: Its profile (the blocks it weighs).
        form: The form's name in the message (:data:`vocab.FORM_NAMES`).
    """
    labels = [characters(f"{level1}|{level2}") for level1, level2 in levels]
    expected = [key for weight in profile.block_points for key in weight.blocks]
    names = "、".join(vocab.BLOCK_NAMES[key] for key in expected)
    return [_issue("PS-X106", "indicators", "block_missing", block=vocab.BLOCK_NAMES[key],
                   blocks=names, form=form)
            for key in expected if not any(vocab.BLOCK_WORDS[key] in label for label in labels)]


def funds_sum(evaluation: ProjectEvaluation, profile: ProjectProfile,
              result: ProjectResult) -> list[Issue]:
    """PS-X107: the total funds row is not the sum of its parts (年度资金总额 = 当年财政拨款 + 上年结转资金
    + 其他资金 on the national form), column by column, where the total and a part are filled."""
    (total_key, _), *parts = profile.fund_rows
    if not parts:
        return []
    found = []
    item, _ = fund_location(profile, total_key)
    for column in ("initial", "budget", "executed"):
        if column not in profile.fund_columns:
            continue
        try:
            total = read_amount(getattr(evaluation.funds.get(total_key), column, None))
            amounts = [read_amount(getattr(evaluation.funds.get(key), column, None))
                       for key, _ in parts]
        except PerfscoreError:
            continue  # an unreadable amount is reported by the scoring
        found.extend(sum_issues(item, profile.label(column), total,
                                [(label, amount) for (_, label), amount in zip(parts, amounts)]))
    return found


def sum_issues(item: str, column: str, total: float | None,
               parts: list[tuple[str, float | None]]) -> list[Issue]:
    """PS-X107 of one funds column of any project form: the total is not the sum of its parts
    (beyond :data:`MONEY_TOLERANCE`); nothing when the total or every part is blank.

    Args:
        item: Where the finding is (``funds.total``).
        column: The column's label in the message.
        total: The total as read.
        parts: (label, amount as read) of each part.
    """
    if total is None or all(amount is None for _, amount in parts):
        return []
    summed = sum(amount or 0.0 for _, amount in parts)
    if abs(total - summed) <= MONEY_TOLERANCE + EPSILON:
        return []
    return [_issue("PS-X107", item, "funds_sum", column=column, total=total, sum=round(summed, 6),
                   parts="、".join(label.removeprefix("其中：") for label, _ in parts))]


def rates_above_full(evaluation: ProjectEvaluation, profile: ProjectProfile,
                     result: ProjectResult) -> list[Issue]:
    """PS-X108: a funds row executed beyond its budget (执行率 > 100%)."""
    found = []
    for row in result.funds:
        if row.rate is not None and row.rate > 1.0 + EPSILON:
            item, where = fund_location(profile, row.key)
            found.append(_issue("PS-X108", item, "rate_above_full", where=where,
                                executed=row.executed, budget=row.budget, rate=row.rate))
    return found


def too_long(evaluation: ProjectEvaluation, profile: ProjectProfile,
             result: ProjectResult) -> list[Issue]:
    """PS-X109: a text longer than the form allows (四川: 100 and 200 字). Every character but
    white space counts as one 字, punctuation included."""
    found = []
    for key, limit in profile.word_limits.items():
        text = getattr(evaluation, key, None) or ""
        length = len(re.sub(r"\s", "", str(text)))
        if length > limit:
            item, where = field_location(profile, key)
            found.append(_issue("PS-X109", item, "too_long", where=where, length=length, limit=limit))
    return found


#: Every review check by its code, in the order they are reported.
CHECKS: dict[str, Check] = {
    "PS-X101": dominant_indicators,
    "PS-X102": numbers_as_text,
    "PS-X103": missing_reasons,
    "PS-X104": filler_conclusions,
    "PS-X105": targets_too_low,
    "PS-X106": missing_blocks,
    "PS-X107": funds_sum,
    "PS-X108": rates_above_full,
    "PS-X109": too_long,
}


def review_project(evaluation: ProjectEvaluation, profile: ProjectProfile = NATIONAL,
                   result: ProjectResult | None = None) -> list[Issue]:
    """Every review finding of a project self-evaluation, check by check.

    Args:
        evaluation: The filled-in form.
        profile: Its copy of the form and conventions.
        result: Its scores, when already computed (else computed here).

    Returns:
        The findings; empty when nothing looks wrong.
    """
    scored = result if result is not None else evaluate_project(evaluation, profile)
    return [issue for check in CHECKS.values() for issue in check(evaluation, profile, scored)]
