"""The evaluation framework (整体绩效评价指标框架): the indicator tree, inputs and results.

A :class:`Framework` is the tree 一级 → 二级 → 三级 with points and 评价要点 rules (DOMAIN.md §3).
:class:`Inputs` are what a unit and its evaluator enter: actual values, the final 得分 where the
evaluator sets it, 未完成指标原因分析 reasons and not-applicable items. :func:`evaluate` turns both
into a :class:`Result`: computed and final score per item, subtotals per 一级, bonus and penalty,
total, grade, total deduction, items that lost points without a reason, and framework problems.

Evaluation never raises on bad input: an unreadable rule or actual value becomes an
:class:`Issue` on its item (the item scores its entered score, or 0), so one bad cell never hides
the rest of a form. Structural problems (children not summing to their parent) are issues too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Literal

from .errors import ActualValueError, FrameworkError, PerfscoreError
from .grading import grade
from .parse import parse_rule
from .parts import Gate
from .plaintext import excerpt
from .policies import DEFAULT_POLICIES, Policies
from .rules import Rule, RuleKind
from .spreadsheet_math import round_half_up
from .vocab import MESSAGES

#: What an item contributes: a score (A–E), a bonus (F1) or a penalty (F2); the F section
#: itself, which holds both, is an ``adjustment``.
Role = Literal["score", "bonus", "penalty", "adjustment"]

#: Tolerance for comparing scores (they are sums of halves and tenths).
EPSILON = 1e-9

# ``A11 决策制度的规范性（2 分）`` / ``文件办理率（10分）`` / ``F 加减分项 （≤5 分）``:
# an optional code, the name, and the points in (full- or half-width) brackets at the end.
_LABEL = re.compile(
    r"^\s*(?P<code>[A-Z](?:\d+)?)?\s*(?P<name>.*?)\s*"
    r"(?:[（(]\s*(?P<cap>[≤<]=?)?\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[）)])?\s*$",
    re.S,
)


def label_spaces(text: str) -> str:
    """``text`` with its white space as a label is read: each run of spaces, tabs, line breaks
    and full-width spaces one space, none at the ends (``决策　制度`` → ``决策 制度``)."""
    return re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()


@lru_cache(maxsize=4096)
def parse_label(text: str) -> tuple[str, str, float | None]:
    """Split an indicator label into (code, name, points).

    ``A 部门决策（15 分）`` → ("A", "部门决策", 15.0); ``文件办理率（10分）`` → ("", "文件办理率",
    10.0); ``E1 信息化建设情况`` → ("E1", "信息化建设情况", None). A ``≤`` before the points (F's
    ``（≤5 分）``) is a cap and returns the cap as the points.

    Cached: a form's 一级 and 二级 labels stand on every row they span (filled down), so
    collect reads the same few labels thousands of times.
    """
    compact = label_spaces(text)
    match = _LABEL.match(compact)
    if not match:  # the pattern accepts any text; kept for type checkers
        return "", compact, None
    points = match.group("points")
    return (match.group("code") or "", match.group("name").strip(),
            float(points) if points is not None else None)


def _clean(value: float) -> float:
    """Round a score sum as the spreadsheet shows it (15 significant digits)."""
    return float(f"{value:.15g}") + 0.0


@dataclass(frozen=True)
class Indicator:
    """One node of the framework tree.

    Attributes:
        code: ``A``, ``A1``, ``A11``; 三级 items printed without a code (``文件办理率``) get their
            parent's code plus their position (``C11``), a decision recorded in docs/framework.md.
        name: The name without code and points.
        points: 分值; None where the form gives none (E1, F1, F2: derived or capped).
        level: 1, 2 or 3.
        description: 指标说明.
        rule_text: 评价要点 — the scoring rule of a leaf, as the official form prints it.
        role: ``score`` for A–E, ``bonus`` for F1, ``penalty`` for F2.
        children: The next level down.
        notation: 计分规则（标准写法）: where given, the rule in the standard notation that
            scores instead of the printed 评价要点 (docs/rules.md).
    """

    code: str
    name: str
    points: float | None
    level: int
    description: str = ""
    rule_text: str = ""
    role: Role = "score"
    children: tuple["Indicator", ...] = ()
    notation: str = ""

    @property
    def is_leaf(self) -> bool:
        """True for the items that are scored (they carry the rule)."""
        return not self.children

    @property
    def effective_points(self) -> float:
        """The points, or the sum of the children's where the form omits them (E1)."""
        if self.points is not None:
            return self.points
        return _clean(sum(child.effective_points for child in self.children))

    @property
    def scoring_text(self) -> str:
        """The text that scores: the standard notation where given, else the 评价要点."""
        return self.notation or self.rule_text

    def rule(self, strict: bool = False) -> Rule:
        """The parsed rule of a leaf (cached by :func:`parse_rule`).

        Args:
            strict: Raise on a text the reader cannot read. Not strict (the default), such a
                text is an evaluator-scored rule whose ``unread`` part says why (PS-R007).

        Raises:
            RuleError: PS-R005 for an empty rule; when ``strict``, any rule it cannot read.
        """
        points = None if self.role == "penalty" and self.points is None else self.points
        return parse_rule(self.scoring_text, points, strict=strict)

    def walk(self) -> Iterator["Indicator"]:
        """This node and every node below it, depth first, in form order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], level: int = 1) -> "Indicator":
        """Build a subtree from its JSON form (keys as the attributes, ``children`` nested)."""
        points = data.get("points")
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            points=None if points is None else float(points),
            level=level,
            description=str(data.get("description", "")),
            rule_text=str(data.get("rule_text", "")),
            role=data.get("role", "score"),
            children=tuple(cls.from_dict(child, level + 1) for child in data.get("children", ())),
            notation=str(data.get("notation", "")),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict`."""
        data: dict[str, Any] = {
            "code": self.code, "name": self.name, "points": self.points,
            "description": self.description, "rule_text": self.rule_text, "role": self.role}
        if self.notation:
            data["notation"] = self.notation
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        return data


@dataclass(frozen=True)
class Issue:
    """A problem found while evaluating: an error code, a Chinese message, the item and,
    where a workbook reader knows it, the cell (``自评表!K29``)."""

    code: str
    message: str
    item: str = ""
    cell: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON shape shared with :meth:`PerfscoreError.to_dict`."""
        data = {"code": self.code, "message": self.message, "item": self.item}
        if self.cell:
            data["cell"] = self.cell
        return data


@dataclass(frozen=True)
class Framework:
    """An evaluation framework: a title and its 一级 sections (A … F)."""

    title: str
    sections: tuple[Indicator, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Framework":
        """Build a framework from its JSON form (``title`` and nested ``sections``)."""
        return cls(str(data["title"]),
                   tuple(Indicator.from_dict(section) for section in data["sections"]))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict`."""
        return {"title": self.title, "sections": [s.to_dict() for s in self.sections]}

    def walk(self) -> Iterator[Indicator]:
        """Every indicator in form order."""
        for section in self.sections:
            yield from section.walk()

    def leaves(self) -> list[Indicator]:
        """The scored items in form order."""
        return [item for item in self.walk() if item.is_leaf]

    def unread(self) -> list[Issue]:
        """The items whose rule the reader cannot read: the evaluator scores them (PS-R007).

        Each issue names the item and what was not understood; ``--strict`` commands refuse a
        framework with any.
        """
        found = []
        for item in self.leaves():
            try:
                rule = item.rule()
            except PerfscoreError:
                continue  # an empty rule is reported where the framework is read
            if rule.unread is not None:
                found.append(Issue("PS-R007", MESSAGES["unread_item"].format(
                    code=item.code, name=item.name, message=MESSAGES["rule_unread"].format(
                        detail=rule.unread.detail)), item.code))
        return found

    def get(self, code: str) -> Indicator:
        """The indicator with ``code``.

        Raises:
            FrameworkError: PS-F006 when no indicator has that code.
        """
        for item in self.walk():
            if item.code == code:
                return item
        raise FrameworkError(MESSAGES["unknown_code"].format(code=code), code="PS-F006")

    def problems(self, policies: Policies = DEFAULT_POLICIES) -> list[Issue]:
        """Structural problems: duplicate codes, children not summing to their parent, A–E ≠ 100."""
        found: list[Issue] = []
        seen: set[str] = set()
        for item in self.walk():
            if item.code in seen:
                found.append(Issue("PS-F003", MESSAGES["duplicate_code"].format(code=item.code),
                                   item.code))
            seen.add(item.code)
            if item.children and item.points is not None and item.role == "score":
                total = _clean(sum(child.effective_points for child in item.children))
                if abs(total - item.points) > EPSILON:
                    found.append(Issue("PS-F001", MESSAGES["children_sum"].format(
                        code=item.code, name=item.name, points=item.points, total=total),
                        item.code))
        scored = _clean(sum(s.effective_points for s in self.sections if s.role == "score"))
        if abs(scored - policies.total_points) > EPSILON:
            found.append(Issue("PS-F002", MESSAGES["sections_sum"].format(
                total=scored, expected=policies.total_points)))
        return found


@dataclass(frozen=True)
class Inputs:
    """What a unit and its evaluator entered on the self-evaluation form.

    Attributes:
        actuals: Item code → actual value (实际完成值): a number (0.97), a text ("97%", "健全"),
            for F1 a list of awards, for discretionary items the evaluator's score.
        scores: Item code → the final 得分 the evaluator wrote, where written. It may differ from
            the computed score (seed B11: 1.5 where the rule alone gives 2).
        reasons: Item code → 未完成指标原因分析.
        not_applicable: Codes of items marked 不适用.
    """

    actuals: Mapping[str, Any] = field(default_factory=dict)
    scores: Mapping[str, float] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)
    not_applicable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ItemResult:
    """The outcome for one indicator (leaf or parent).

    ``computed`` is what the rule gives (None for parents, unreadable input, or not applicable);
    ``final`` is the 得分 that counts: the evaluator's score where entered, else the computed
    one; for parents the sum of their children.
    """

    code: str
    name: str
    level: int
    role: Role
    points: float | None
    computed: float | None
    final: float
    overridden: bool = False
    reason: str = ""
    lost: float = 0.0
    needs_reason: bool = False
    not_applicable: bool = False
    rule_kind: str = ""
    leaf: bool = True
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Result:
    """The evaluation of a whole framework."""

    items: tuple[ItemResult, ...]
    subtotals: dict[str, float]
    base: float
    bonus: float
    penalty: float
    total: float
    grade: str
    deduction: float
    vetoed: bool
    issues: tuple[Issue, ...]

    @property
    def missing_reasons(self) -> list[str]:
        """Codes of leaves that lost points without a 未完成指标原因分析."""
        return [item.code for item in self.items if item.needs_reason]

    @property
    def flagged(self) -> list[ItemResult]:
        """Leaves whose veto, gate or disqualification was triggered (取消评比资格 …)."""
        return [item for item in self.items if item.flags]

    @property
    def lost_items(self) -> list[ItemResult]:
        """Leaves that scored below their points."""
        return [item for item in self.items if item.leaf and item.lost > EPSILON]

    def item(self, code: str) -> ItemResult:
        """The result of the item with ``code`` (the first, should two share it)."""
        found = self._by_code.get(code)
        if found is None:
            raise FrameworkError(MESSAGES["unknown_code"].format(code=code), code="PS-F006")
        return found

    @cached_property
    def _by_code(self) -> dict[str, ItemResult]:
        """Code → result, built once: a workbook's reader looks up every item's three cells."""
        found: dict[str, ItemResult] = {}
        for item in self.items:
            found.setdefault(item.code, item)
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON shape printed by ``perfscore score --json`` and used by the batch summary."""
        return {
            "total": self.total,
            "grade": self.grade,
            "deduction": self.deduction,
            "subtotals": dict(self.subtotals),
            "bonus": self.bonus,
            "penalty": self.penalty,
            "vetoed": self.vetoed,
            "lost_items": [
                {"code": i.code, "name": i.name, "points": i.points, "final": i.final,
                 "lost": i.lost, "reason": i.reason} for i in self.lost_items],
            "missing_reasons": self.missing_reasons,
            "flags": [{"code": i.code, "name": i.name, "flags": list(i.flags)} for i in self.flagged],
            "issues": [issue.to_dict() for issue in self.issues],
            "items": [item.to_dict() for item in self.items],
        }


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def capped_total(scores: Iterable[float | None], bonus: float = 0.0, penalty: float = 0.0,
                 policies: Policies = DEFAULT_POLICIES) -> float:
    """Total = sum of A–E + F1 (capped) − F2, kept within 0 … full points (DOMAIN.md §4).

    Args:
        scores: The A–E scores; None entries (empty cells) are skipped.
        bonus: The F1 bonus before the cap; never negative.
        penalty: The F2 deduction. The form shows deductions as negative numbers (−1), so −3
            and 3 both deduct 3 points, as in :func:`evaluate`.
        policies: Gives the bonus cap and the full points.

    Raises:
        ActualValueError: PS-V004 for a negative bonus (a deduction belongs in ``penalty``).
    """
    base = sum(float(s) for s in scores if s is not None)
    if float(bonus or 0.0) < 0:
        raise ActualValueError(MESSAGES["negative_bonus"].format(bonus=float(bonus)),
                               code="PS-V004")
    bonus = min(float(bonus or 0.0), policies.bonus_cap)
    total = base + bonus - abs(float(penalty or 0.0))
    return _clean(min(max(total, 0.0), policies.total_points))


class _Evaluation:
    """One run of :func:`evaluate`; holds the issues found on the way."""

    def __init__(self, framework: Framework, inputs: Inputs, policies: Policies) -> None:
        self.framework = framework
        self.inputs = inputs
        self.policies = policies
        self.issues: list[Issue] = list(framework.problems(policies))
        self.results: list[ItemResult] = []
        self.vetoed = False

    def leaf(self, item: Indicator) -> ItemResult:
        """Score one leaf: computed from its rule and actual, final from the evaluator's score."""
        inputs = self.inputs
        if item.code in inputs.not_applicable:
            return ItemResult(item.code, item.name, item.level, item.role, item.points,
                              None, 0.0, not_applicable=True)
        actual = inputs.actuals.get(item.code)
        computed: float | None = None
        kind = ""
        flags: tuple[str, ...] = ()
        try:
            rule = item.rule()
            kind = rule.kind.value
            if rule.unread is not None:
                self.issues.append(Issue("PS-R007", MESSAGES["rule_unread"].format(
                    detail=rule.unread.detail), item.code))
            score, finding = rule.read(actual, self.policies)
            computed = _clean(score)
            if finding is not None:
                self.issues.append(Issue("PS-V006", MESSAGES["actual_finding"].format(
                    text=excerpt(actual), reading=rule.written(finding)), item.code))
            # the triggers once, on the value as read (a finding's reading needs no second read)
            triggered = rule.triggered_parts(actual if finding is None else finding, self.policies)
            self.vetoed = self.vetoed or any(not isinstance(part, Gate) for part in triggered)
            flags = tuple(part.flag for part in triggered)
            if flags:
                self.issues.append(Issue("PS-F009", MESSAGES["flagged_item"].format(
                    code=item.code, name=item.name, flag="、".join(flags)), item.code))
        except PerfscoreError as exc:
            self.issues.append(Issue(exc.code, exc.message, item.code))
            unusable = exc.code.startswith(("PS-V", "PS-T"))
        else:
            unusable = False
        entered = inputs.scores.get(item.code)
        if entered is not None and not math.isfinite(float(entered)):
            # nan would make every sum nan and inf would clamp to full points: not a score
            self.issues.append(Issue("PS-F004", MESSAGES["score_not_finite"].format(
                code=item.code, score=entered), item.code))
            entered = None
        final = computed if entered is None else float(entered)
        cap = self.policies.bonus_item_cap(item.points) if item.role == "bonus" else item.points
        if entered is not None and (final < -EPSILON or (cap is not None and final > cap + EPSILON)):
            self.issues.append(Issue("PS-F004", MESSAGES["score_out_of_range"].format(
                code=item.code, score=final, points=cap), item.code))
            final = min(max(final, 0.0), cap if cap is not None else final)
        if entered is None and _is_blank(actual) and item.role == "score" and kind:
            unusable = True
            evaluator = kind in (RuleKind.DISCRETIONARY.value, RuleKind.UNREAD.value)
            code, key = ("PS-F007", "needs_evaluator") if evaluator else ("PS-F008", "not_filled")
            self.issues.append(Issue(code, MESSAGES[key].format(code=item.code, name=item.name),
                                     item.code))
        final = _clean(final or 0.0)
        reason = str(inputs.reasons.get(item.code) or "").strip()
        lost = _clean(item.points - final) if item.role == "score" and item.points is not None else 0.0
        # One message per problem: points lost for a missing or unusable value are reported as
        # that (PS-F007/F008, PS-V…/T…), not again as a missing reason.
        needs_reason = lost > EPSILON and not reason and not (unusable and entered is None)
        if needs_reason:
            self.issues.append(Issue("PS-F005", MESSAGES["missing_reason"].format(
                code=item.code, name=item.name, lost=lost), item.code))
        overridden = entered is not None and (computed is None or abs(final - computed) > EPSILON)
        return ItemResult(item.code, item.name, item.level, item.role, item.points, computed,
                          final, overridden, reason, max(lost, 0.0), needs_reason, False, kind,
                          flags=flags)

    def node(self, item: Indicator) -> tuple[float, float, bool]:
        """Evaluate ``item`` and its subtree; returns (score, applicable points, all N/A).

        Under the ``redistribute`` policy a parent whose children are partly not applicable
        scales their scores up to its own points; under ``rescale`` the scaling happens once,
        over the whole framework, in :meth:`run`.
        """
        if item.is_leaf:
            result = self.leaf(item)
            self.results.append(result)
            points = 0.0 if result.not_applicable else item.effective_points
            return result.final, points, result.not_applicable
        index = len(self.results)
        self.results.append(None)  # type: ignore[arg-type]  # placeholder keeps form order
        score = points = 0.0
        all_na = True
        for child in item.children:
            child_score, child_points, child_na = self.node(child)
            score += child_score
            points += child_points
            all_na = all_na and child_na
        own = item.effective_points
        if (self.policies.not_applicable == "redistribute" and not all_na
                and points > EPSILON and abs(points - own) > EPSILON and item.role == "score"):
            score = round_half_up(score * own / points, self.policies.rescale_digits)
            points = own
        score = _clean(score)
        lost = _clean(own - score) if item.role == "score" and not all_na else 0.0
        self.results[index] = ItemResult(
            item.code, item.name, item.level, item.role, item.points, None, score,
            lost=max(lost, 0.0), not_applicable=all_na, leaf=False)
        return score, _clean(points), all_na

    def run(self) -> Result:
        """Evaluate every section and combine them into the total (DOMAIN.md §4)."""
        policies = self.policies
        subtotals: dict[str, float] = {}
        base = applicable = 0.0
        for section in self.framework.sections:
            score, points, _ = self.node(section)
            subtotals[section.code] = score
            if section.role == "score":
                base += score
                applicable += points
        leaves = [r for r in self.results if r.leaf]
        bonus = sum(r.final for r in leaves if r.role == "bonus")
        penalty = _clean(sum(abs(r.final) for r in leaves if r.role == "penalty"))
        full = applicable  # the points the base is measured against
        # Under ``rescale`` every not-applicable item is made up here; under ``redistribute`` the
        # parents have already shared their items' points, and what is left (a whole 一级 not
        # applicable) can only be shared among the other sections, which is the same rescale.
        if EPSILON < applicable < policies.total_points - EPSILON:
            base = round_half_up(base * policies.total_points / applicable, policies.rescale_digits)
            full = policies.total_points
        bonus = _clean(min(bonus, policies.bonus_cap))
        for section in self.framework.sections:
            if section.role != "score":
                subtotals[section.code] = _clean(bonus - penalty)
        total = capped_total([base], bonus, penalty, policies)
        band = grade(total, policies.grade_bands)
        if self.vetoed:
            if policies.veto == "zero_total":
                total = 0.0
            band = grade(0.0, policies.grade_bands)
        # What the base falls short of its full points, plus F2: −1 in the seed. Measured on the
        # rescaled base, so that the total row's two cells always agree (total = full + deduction
        # + bonus).
        deduction = _clean(base - full - penalty)
        if self.vetoed and policies.veto == "zero_total":
            deduction = -policies.total_points  # the whole score is forfeited, bonus included
        return Result(tuple(self.results), subtotals, _clean(base), bonus, penalty, total, band,
                      deduction, self.vetoed, tuple(self.issues))


def evaluate(framework: Framework, inputs: Inputs | None = None,
             policies: Policies = DEFAULT_POLICIES) -> Result:
    """Score a framework with the entered inputs under the given policies.

    Args:
        framework: The indicator tree with rules.
        inputs: Actual values, evaluator scores, reasons and not-applicable items.
        policies: The scoring policies (DOMAIN.md §4 defaults).

    Returns:
        The :class:`Result`; bad rules or values are reported as issues, never raised.
    """
    return _Evaluation(framework, inputs or Inputs(), policies).run()
