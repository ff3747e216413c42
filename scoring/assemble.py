"""Stage four of the rule reader: turn the clauses of a text into a :class:`~scoring.rules.Rule`.

Each clause (:mod:`scoring.clauses`) becomes one or more *facts*: an award for a condition, a
deduction per unit, a cap, a formula, a veto … Assembly then builds the parts from the facts:

1. deductions per unit become steps against a line on the same measure (``在99%以上得10分，
   每降低5%扣2分``), counted penalties, or bonuses per unit;
2. the remaining awards for numbers become bands of one measure per unit (a proportional or a
   straight-line rule where the text says so);
3. the awards for words become a qualitative condition, tiers or a checklist (the points decide:
   tiers' best equals the item's points, a checklist's items add up to them), unless they state
   the full points a deduction starts from;
4. vetoes and gates become parts of their own (a gate that negates a condition reads that
   condition's answer).

Every fact the rule is built from is marked used. A fact with scoring meaning left unused, or a
fragment no clause shape reads, is refused (PS-R001 naming it, caret under it) rather than
dropped; :func:`scoring.parse.parse_rule` turns the refusal into an evaluator-scored item unless
the caller is strict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from . import vocab
from .actuals import unit_factor
from .answers import positive as positive_word, quality_word
from .clauses import UNIT_FAMILY, Clause, Comparison, Token, value_of
from .errors import RuleError
from .parts import (Awards, Band, Bands, Checklist, CountBonus, CountPenalty, Deductions,
                    Discretionary, EvaluatorDeduction, Gate, Interpolate, Numeric, Part, Proportional,
                    Qualitative, Rank, Rescale, Step, Tiers, Veto, Weighted, fmt, tier_words)
from .rules import Rule
from .spreadsheet_math import round15

_W = vocab.RULE_WORDS
_NEUTRAL = frozenset({"until_zero", "item", "each_item", "basis", "not_cumulative",
                      "cumulative", "example", "no_deduct_plain"})
_MEASURED = frozenset({"per", "deduct", "formula", "proportional", "linear"})
_STEP_VERB = {verb: kind for kind, verbs in vocab.STEP_VERBS.items() for verb in verbs}
_FULL_POINTS = re.compile("|".join(re.escape(word) for word in _W["full_points"]))
_IF = tuple(sorted(_W["if"], key=len, reverse=True))
_THEN = tuple(sorted(_W["then"], key=len, reverse=True))
_ENDS = tuple(sorted(_W["condition_end"], key=len, reverse=True))
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
#: Words that make a clause part of the scoring, so it is never read as a mere standard.
_SCORING_WORDS = re.compile("|".join(re.escape(w) for key in ("per", "deduct", "gain", "bonus",
                                                              "points") for w in _W[key]))
_OPERATOR_WORDS = tuple(w for ws in (*vocab.OPERATOR_WORDS_BEFORE.values(),
                                     *vocab.OPERATOR_WORDS_AFTER.values()) for w in ws if len(w) > 1)
_OPERATOR_WORDS += _W["per"]
#: Facts that state a weight (or a component to weigh) of a weighted composite.
_WEIGHTS = ("weight_each", "weight_pairs", "weight", "weight_share", "weight_as", "weight_ref",
            "weighted_sum")
_WEIGHT_VALUE = re.compile(r"(\d+(?:\.\d+)?)(%)?")
_C = vocab.COMPONENT_WORDS


@dataclass
class Fact:
    """What one clause (or one part of it) says, before the rule is assembled.

    Attributes:
        kind: ``award``, ``zero``, ``deduct``, ``bonus``, ``per``, ``cap``, ``partial``,
            ``formula``, ``proportional``, ``linear``, ``veto``, ``gate``, ``discretionary``,
            ``rank``, ``base``, ``standard``, ``exempt``, ``example``, or a neutral kind.
        clause: The clause it comes from.
        token: The token it was read from (None for a clause of words only).
        cmp: The number of its condition, if any.
        words: The words of its condition (``内控制度完善``), if it has no number.
        amount: Points of an award, amount of a deduction or bonus, a cap, a base.
        share: A share of the item's points (``得满分`` 1.0) instead of an amount.
        data: Further fields of the token (a step's verb, unit and size …).
    """

    kind: str
    clause: Clause
    token: Token | None
    cmp: Comparison | None = None
    words: str = ""
    amount: float | None = None
    share: float | None = None
    data: dict[str, Any] = field(default_factory=dict)
    used: bool = False

    @property
    def start(self) -> int:
        return self.token.start if self.token else self.clause.start

    @property
    def sentence(self) -> int:
        return self.clause.sentence

    @property
    def text(self) -> str:
        return self.clause.text


def _scope(fact: Fact) -> tuple[str, int]:
    """The numbered item a fact belongs to, else its sentence."""
    if fact.clause.item is not None:
        return ("item", fact.clause.item)
    return ("sentence", fact.clause.sentence)


def _fail(text: str, message: str, position: int | None = None, code: str = "PS-R001") -> RuleError:
    return RuleError(message, code=code, text=text, position=position)


def _unreadable(text: str, clause: Clause) -> RuleError:
    """PS-R001 for a clause the reader cannot read as it stands (the caret at its start)."""
    return _fail(text, vocab.MESSAGES["rule_unreadable"].format(part=clause.text[:30]), clause.start)


def _bad(text: str, detail_key: str, **fields: Any) -> RuleError:
    detail = vocab.MESSAGES[detail_key].format(**fields)
    return RuleError(vocab.MESSAGES["rule_bad_numbers"].format(detail=detail), code="PS-R004",
                     text=text)


def _condition(text: str) -> str:
    """Condition words without if/then words, connectors and the trailing 的/时/者/后 (not the
    时 of 及时, 按时 …, nor the 后 of 滞后 …); ``否则``/``其余`` alone is no condition."""
    text = text.strip(",;:、")
    if _otherwise(text):
        return ""
    for word in _IF:
        if text.startswith(word) and len(text) > len(word):
            text = text[len(word):]
            break
    changed = True
    while changed:
        changed = False
        text = text.strip(",;:、").removesuffix("(")  # 档案管理规范(2分,…: the item's points
        for word in _THEN + _ENDS:
            if text.endswith(word) and len(text) > len(word) and \
                    not text.endswith(_W["time_words"] + _W["whole_words"]):
                text, changed = text[: -len(word)], True
                break
    return text


def _same_rate(name: str, other: str) -> bool:
    """Whether two names may be of one measure: a name left out is the measure in use; one
    name within the other (预算执行率, 执行率), or rates of one stem (预算执行率, 当年执行率), are
    one; any other two (执行率 and 结余率, 执行率 and 满意度) are not."""
    if not name or not other or name in other or other in name:
        return True
    rates = name.endswith(vocab.MEASURE_ENDINGS) and other.endswith(vocab.MEASURE_ENDINGS)
    return rates and _rate_stem(name) == _rate_stem(other)  # 满意度, 满意率


def _rate_stem(name: str) -> str:
    """What a rate's name measures: the two characters before its ending (执行 of 预算执行率)."""
    for ending in sorted(vocab.MEASURE_ENDINGS, key=len, reverse=True):
        if name.endswith(ending):
            return name[: len(name) - len(ending)][-2:]
    return name


_COUNT_VERBS_LONGEST = sorted(vocab.COUNT_VERBS, key=len, reverse=True)
#: The verbs of finding among them (发现, 出现, 存在, 有): they count, and name nothing.
_FINDING_VERBS = sorted(vocab.COUNT_VERBS[:4], key=len, reverse=True)
#: How a deduction's words end in "otherwise" (按时报送,否则扣1分; 则 is cut as a joining word).
_OTHERWISE_TAILS = (*_W["otherwise"], _W["otherwise"][0][0])
#: A comparison word alone (超过的, 低于的): beyond the measure's own line.
_BEYOND = frozenset(vocab.OPERATOR_WORDS_BEFORE[">"] + vocab.OPERATOR_WORDS_BEFORE["<"])


def _bound_words(bound: Fact) -> str:
    """The name a bound's clause gives what it bounds (``有5处以上逻辑审核错误`` → 逻辑审核错误,
    ``迟报4天以上`` → 迟报), without the number, its comparison words or a counting verb."""
    assert bound.cmp is not None
    text = bound.clause.text
    words = text[: bound.cmp.start - bound.clause.start] + text[bound.cmp.end - bound.clause.start:
                                                               (bound.token.start if bound.token
                                                                else bound.clause.end) - bound.clause.start]
    words = _condition(words).strip(",")
    verb = True
    while verb:  # 发现有2次及以上: the verbs of finding alone name nothing
        verb = next((v for v in _FINDING_VERBS if words.startswith(v)), "")
        words = words[len(verb):]
    if words in vocab.COUNT_VERBS:
        return words  # 漏报3次以上: 漏报 itself (not 报, after 漏)
    for verb in _COUNT_VERBS_LONGEST:  # 迟报4天以上 → 迟报 stays (漏报 is not 迟报)
        if words.startswith(verb) and len(words) > len(verb):
            return words[len(verb):]
    return words


def _names_same_measure(words: str, step: Fact) -> bool:
    """Whether a bound's words (:func:`_bound_words`) name what a step counts, and nothing more,
    or nothing at all: ``迟报4天以上`` and ``每迟报1天``, ``有5处以上逻辑审核错误`` and ``每一处逻辑
    审核错误``, ``15%或以上`` (not ``重大安全事故`` beside ``一般安全事故``, nor ``结余率`` beside
    ``执行率每降低``)."""
    named = {_condition(step.data.get(key) or "").strip(",") for key in ("noun", "verb")}
    # a bound without a name of its own (15%或以上得零分) is on the measure in use
    return not words or words.removesuffix(vocab.RULE_WORDS["of"][0]) in named


def _line_cmp(award: Fact) -> Comparison:
    """The comparison that makes an award a step's line: its own, or the one number among its
    compound condition's words (``至少召开4次会议,专门研究信访工作``)."""
    cmp = award.cmp or award.data.get("joined")
    assert cmp is not None
    return cmp


def _otherwise_condition(clause: Clause, token: Token) -> str | None:
    """The condition X of ``X,否则不得分`` before ``token`` (without a closing 的), or None."""
    before = clause.text[: token.start - clause.start].rstrip(",;")
    word = next((w for w in _W["otherwise"] if before.endswith(w)), None)
    if word is None:
        return None
    condition = before[: len(before) - len(word)].rstrip(",;")
    return condition.removesuffix(_W["condition_end"][0]).rstrip(",") or None  # 达到100%的,否则


def _after_zero(fact: Fact) -> bool:
    """Points in brackets right after X,否则不得分 (``…,否则不得分(10分)``): the item's points."""
    return fact.token is not None and any(
        token.name in ("zero", "gate") and token.end == fact.token.start
        and _otherwise_condition(fact.clause, token) for token in fact.clause.tokens)


def _otherwise(words: str) -> bool:
    return words.startswith(_W["otherwise"])


# ============================================================================ facts
def _pieces(clause: Clause) -> list[tuple[int, int]]:
    """Spans (relative) of the comma-separated pieces of a clause, outside brackets."""
    spans, depth, start = [], 0, 0
    for index, ch in enumerate(clause.text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(clause.text)))
    return spans


def _piece_of(clause: Clause, cmp: Comparison) -> int:
    """The index of the comma-separated piece a comparison stands in."""
    return next(index for index, (start, end) in enumerate(_pieces(clause))
                if start <= cmp.start - clause.start <= end)


def _case_before(clause: Clause, position: int) -> bool:
    """Whether the words before ``position`` state a case (``专项资金被挤占挪用的``), not a
    requirement (``遵守财经纪律``): a deduction after a case is one, after a requirement a heading."""
    return clause.text[: position - clause.start].rstrip(",").endswith("的")


def _before(clause: Clause, token: Token) -> str:
    """The clause's text before a token, as a condition."""
    return _condition(clause.text[: token.start - clause.start])


def _compound(clause: Clause, token: Token) -> bool:
    """Whether the condition before ``token`` joins conditions in pieces of its own: a table
    row ``完成率80-99%,培训资料全面,培训层次较全面`` (several comparisons, or words after the
    comparison's piece). Words before the comparison are its subject (``县(区)收到…之日起``)."""
    before = [c for c in clause.comparisons if c.end <= token.start]
    if len(before) > 1:
        return len({_piece_of(clause, c) for c in before}) == len(before)
    if len(before) != 1:
        return False
    pieces = _pieces(clause)
    _, piece_end = pieces[_piece_of(clause, before[0])]
    after = clause.text[piece_end + 1: token.start - clause.start] if \
        piece_end + clause.start < token.start else ""
    return bool(_condition(after))


def facts_of(clause: Clause) -> list[Fact]:
    """The facts of one clause, in order."""
    found: list[Fact] = []
    comparisons = clause.comparisons
    tokens = [token for token in clause.tokens if token.name not in
              ("range", "between", "op_before", "op_after", "bare")]
    if not tokens:
        kind = "context" if not comparisons else "orphan"
        return [Fact(kind, clause, None, comparisons[0] if comparisons else None, clause.words)]
    respectively = next((t for t in tokens if t.name == "respectively"), None)
    if respectively is not None:
        amounts = [float(n) for n in _NUMBER.findall(respectively.groups["list"] or "")]
        cmps = [c for c in comparisons if c.end <= respectively.start]
        ranks = len(cmps) == 1 and cmps[0].low is not None and cmps[0].high is not None and \
            float(cmps[0].high - cmps[0].low + 1) == len(amounts) and float(cmps[0].low).is_integer()
        if ranks:
            # 排名1-5名的依次赋予60分、57分…: one value each (of one measure, named once)
            low = int(cmps[0].low)  # type: ignore[arg-type]
            cmps = [replace(cmps[0], low=float(low + k), high=float(low + k), low_inclusive=True,
                            high_inclusive=True) for k in range(len(amounts))]
        sign = respectively.groups.get("sign") or ""
        # 低于80%、70%、60%的,分别扣1分、2分、3分: deductions (or bonuses) paired likewise
        kind = "deduct" if sign in _W["deduct"] else "bonus" if sign in _W["bonus"] else "award"
        names = [name for name in _condition(clause.text[: respectively.start - clause.start])
                 .split("、") if name]
        if not cmps and len(names) == len(amounts) > 1:
            # 产业、民生、功能分别加15、8、6分: words paired with the amounts
            return [Fact(kind, clause, respectively, None, name, amount)
                    for name, amount in zip(names, amounts)]
        if len(cmps) != len(amounts) or (kind == "bonus" and cmps) or (not ranks and any(
                re.sub("[、,和及与或]", "", _condition(c.subject)) for c in cmps[1:])):
            # 执行率低于90%、结余率高于10%的,分别扣1分、2分: two measures; bonuses by bands
            # (高于80%、90%的分别加1分、2分) would stack: neither is read
            return [Fact("orphan", clause, respectively)]
        if cmps and not cmps[0].bare and _one_sided(cmps[0]) and all(
                c.bare and c.unit == cmps[0].unit for c in cmps[1:]):
            # 低于80%、70%、60%的: the first number's comparison word is every number's
            first = cmps[0]
            cmps = [first] + [replace(first, low=c.low if first.low is not None else None,
                                      high=c.low if first.high is not None else None,
                                      start=c.start, end=c.end) for c in cmps[1:]]
        return [Fact(kind, clause, respectively, cmp, amount=amount, data={"respectively": True})
                for cmp, amount in zip(cmps, amounts)]
    for token in tokens:
        found.extend(_token_facts(clause, token))
    for fact in found:
        basis = next((other for other in found if other.kind == "basis" and other.start < fact.start),
                     None)
        if fact.kind == "deduct" and fact.amount is None and fact.share is None and basis:
            # 不规范的按照考核细则扣分: by rules the text does not give (not 扣分 of all points);
            # after a requirement (严格执行财务制度,按考核细则扣分:…) a heading, see Assembly.run
            fact.kind, fact.data = "unstated_deduction", {"case": _case_before(clause, basis.start)}
    return found


def _token_facts(clause: Clause, token: Token) -> list[Fact]:
    name, g = token.name, token.groups
    cmp = next((c for c in reversed(clause.comparisons) if c.end <= token.start), None)
    joined: Comparison | None = None  # the one number among a compound condition's words
    words = _before(clause, token) if cmp is None else ""
    otherwise = cmp is None and _otherwise(clause.text[: token.start - clause.start].strip(",;"))
    condition = _otherwise_condition(clause, token) if name in ("zero", "gate") else None
    if condition:
        # X,否则(该项)不得分: the condition X keeps the item's points, the rest none (not: X takes
        # them, nor a gate X,否 that 是 would trigger). X a number (污水处理率达80%以上), words
        # (按时报送), or both (项目按计划完成,验收合格率100%: both must hold, a condition in words);
        # two numbers (执行率≥90%且结余率≤5%) are no one measure: refused.
        numbers = [c for c in clause.comparisons if c.end <= token.start]
        if len(numbers) > 1:
            return [Fact("orphan", clause, token)]
        alone = cmp is not None and len(condition) == cmp.end - clause.start and "," not in condition
        words = _condition(clause.text[: cmp.start - clause.start]) if alone and cmp else \
            _condition(condition)
        award = Fact("award", clause, token, cmp if alone else None, words, share=1.0,
                     data={"otherwise_full": True})
        return [award, Fact("zero", clause, token, None, "", data={"otherwise": True})]
    if cmp is not None and name in ("award", "share", "zero", "deduct", "bonus"):
        joint = [c for c in clause.comparisons if c.end <= token.start]
        if len(joint) > 1 and not _compound(clause, token):
            return [Fact("orphan", clause, token)]  # 90%以上(不含80%): two numbers, one condition
        if _compound(clause, token):
            joined, cmp, words = cmp if len(joint) == 1 else None, None, _before(clause, token)
    if name in ("award", "share"):
        amount = next((float(g[k]) for k in ("pts", "pts2", "pts3", "pts4") if g.get(k)), None)
        share = vocab.SHARE_WORDS.get(g.get("share") or "") if name == "share" else None
        percent = g.get("percent") or g.get("percent2")
        if name == "share" and percent:
            share = float(percent) / 100  # 得到指标分值的40% · 得80%分值
        if share is not None and amount is not None:
            share = None  # 得满分6分: the six points are the full points
        gloss = bool(g.get("pts3")) and clause.text[token.start - clause.start] == "("
        fact = Fact("award", clause, token, cmp, words, amount, share,
                    data={"otherwise": otherwise, "gloss": gloss, "joined": joined})
        before = clause.text[: token.start - clause.start]
        if cmp is None and name == "award" and before.endswith(_W["each_share"]) and words:
            subjects = _subjects(before[: -max(len(w) for w in _W["each_share"]
                                               if before.endswith(w))])
            if len(subjects) > 1:
                fact.kind, fact.data["subjects"] = "each", subjects
        return [fact]
    if name == "zero":
        return [Fact("zero", clause, token, cmp, words, data={"otherwise": otherwise})]
    if name in ("deduct", "bonus") and words.split(",")[-1].startswith(_W["per"]):
        # 每降低扣2分: a step without its size (not 每月对账盘点,账实不符扣1分: how often)
        return [Fact("orphan", clause, token)]
    if name == "deduct":
        share = float(g["percent"]) / 100 if g.get("percent") else None
        if "," in words and words.startswith(_W["per"]):
            # 每月10日前报送报表,迟报扣0.5分: the duty (how often) before the failing that costs
            # the points; an answer naming the duty (按时报送) is not that failing
            words = words.rsplit(",", 1)[1]
        return [Fact("deduct", clause, token, cmp, words, float(g["pts"]) if g.get("pts") else None,
                     share)]
    if name == "bonus":
        return [Fact("bonus", clause, token, cmp, words, float(g["pts"]))]
    if name in ("per_step", "per_gain", "per_count", "per_slash", "per_all"):
        data = {key: g.get(key) for key in ("verb", "n", "unit", "noun", "sign", "line")}
        data["shape"] = name
        if name in ("per_slash", "per_all"):
            data["sign"] = _W["deduct"][0]
        amount = float(g["amount"]) if g.get("amount") else None
        share = float(g["share"]) / 100 if g.get("share") else None  # 扣该指标分值的10%
        line_cmp = next((c for c in clause.comparisons if c.end <= token.start), None)
        return [Fact("per", clause, token, line_cmp, _before(clause, token), amount, share,
                     data=data)]
    if name == "cap":
        sign = g.get("sign") or g.get("sign3") or _W["deduct"][0]
        cap = float(g.get("cap") or g.get("cap2") or g.get("cap3") or 0)
        return [Fact("cap", clause, token, amount=cap, data={"sign": sign})]
    if name.startswith("partial_"):
        return [Fact("partial", clause, token, data={"policy": name.split("_", 1)[1]})]
    if name == "example":
        what = "lost" if g.get("lost") else "score"
        amount = float(g.get("lost") or g.get("pts") or 0)
        value = value_of(g["value"], g.get("unit"))
        return [Fact("example", clause, token, amount=amount, data={"value": value, "what": what})]
    if name == "standard":
        unit = g.get("unit") or g.get("unit2")
        return [Fact("standard", clause, token, amount=value_of(g.get("line") or g["line2"], unit),
                     data={"unit": unit})]
    if name == "base":
        return [Fact("base", clause, token, amount=float(g["pts"]))]
    if name == "formula":
        return [Fact("formula", clause, token, cmp, words,
                     float(g["pts"] or g["pts3"]) if (g.get("pts") or g.get("pts3")) else None,
                     data={"expr": g.get("expr") or g.get("expr2") or g.get("expr3") or "",
                           "more": g.get("more") or ""})]
    if name == "proportional" and cmp is not None and cmp.low is not None and cmp.high is not None:
        name = "linear"  # 15-30日按比例减分: a straight line between two limits
    if name in ("proportional", "linear", "discretionary", "veto", "gate", "evaluator"):
        return [Fact(name, clause, token, cmp, _before(clause, token) if name != "linear" else words)]
    if name == "disqualify":
        return [Fact("gate", clause, token, cmp, _before(clause, token),
                     data={"disqualify": (g.get("what") or "").strip(",")})]
    if name == "verdict":
        return [Fact("veto", clause, token, cmp, _before(clause, token),
                     data={"verdict": (g.get("verdict") or g.get("verdict2") or "").strip(",")})]
    if name == "rank":
        return [Fact("rank", clause, token, amount=float(g["step"]) if g.get("step") else None)]
    if name == "each_award":
        return [Fact("each_award", clause, token, amount=float(g["pts"]))]
    if name == "no_deduct":
        kind = "exempt" if words or cmp else "no_deduct_plain"
        return [Fact(kind, clause, token, cmp, words)]
    if name == "basis" and clause.text[: token.end - clause.start].endswith(_W["deduct"][0] + "分") \
            and (cmp is not None or _before(clause, token)):
        # 未到位的,按规定扣分: a deduction on a condition that says no amount, not how the whole
        # rule is scored (按考核细则扣分); no part takes it, so the rule is refused, not scored
        # as if the condition cost nothing
        return [Fact("unstated_deduction", clause, token, cmp, _before(clause, token),
                     data={"case": _case_before(clause, token.start)})]
    return [Fact(name, clause, token)]


# ============================================================================ assembly
@dataclass
class Draft:
    """A part in the making: where it stands in the text, the fact it came from, and the
    measure it reads (drafts of one measure share an input)."""

    position: int
    part: Part
    source: Fact
    measure: str
    points_open: bool = False  # its points are the item's, known only at the end
    #: The reading to take instead when the part may not stand beside other measures.
    fallback: Part | None = None
    #: A bonus past a line reads the input of the measure of that family (``%``, ``money``…).
    joins: str | None = None


class Assembly:
    """One assembly run: the facts, the drafts made so far and the text for messages."""

    def __init__(self, text: str, clauses: list[Clause], given: float | None) -> None:
        self.text = text
        self.clauses = clauses
        self.given = given
        self.facts = [fact for clause in clauses for fact in facts_of(clause)]
        self.drafts: list[Draft] = []
        self.full: float | None = None       # full points a rule of deductions starts from
        self.title: float | None = None      # 低保动态管理计2分: the item's points, stated first
        self.aggregation: str | None = None
        self.each: Fact | None = None         # ``A和B…各占1分``: the measure once per subject
        self.scope_points: dict[tuple[str, int], float] = {}  # ``(1)办理率(5分):…``, by scope
        self.scope_labels: dict[tuple[str, int], str] = {}    # ``办理率``: what that item measures

    # ------------------------------------------------------------------ helpers
    def of(self, *kinds: str, used: bool | None = False) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds and (used is None or f.used == used)]

    @staticmethod
    def use(*facts: Fact) -> None:
        for fact in facts:
            fact.used = True

    def draft(self, fact: Fact, part: Part, measure: str | None = None, *,
              position: int | None = None, points_open: bool = False) -> Draft:
        made = Draft(fact.start if position is None else position, part, fact,
                     measure or f"#{len(self.drafts)}", points_open)
        self.drafts.append(made)
        return made

    def family(self, unit: str | None) -> str:
        return UNIT_FAMILY.get(unit or "", "none")

    def stated(self) -> float | None:
        """Points the text states for the whole item: ``满分5分``, ``基础分为10分``, a title."""
        bases = [f.amount for f in self.of("base", used=None) if f.amount is not None]
        if bases:
            return max(bases)
        return self.title

    def points_for(self, text_points: float | None, *, required: bool = True) -> float | None:
        """The item's points: given (checked against the text's), else the text's."""
        given = self.given
        if given is not None and text_points is not None and abs(given - text_points) > 1e-9:
            raise RuleError(vocab.MESSAGES["rule_points_conflict"].format(
                text_points=f"{text_points:g}", points=f"{given:g}"), code="PS-R003",
                text=self.text)
        points = given if given is not None else text_points
        if points is None and required:
            raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=self.text)
        return points

    def award_amount(self, fact: Fact) -> float:
        """An award's points; ``得满分`` needs the item's points (PS-R002 without)."""
        if fact.share is not None:
            points = self.given if self.given is not None else self.stated()
            if self.each is not None:
                points = self.each.amount
            if fact.clause.item is not None or fact.data.get("otherwise_full"):
                # 一、…否则不得分（5分）: the numbered item's (or the sentence's) own points
                points = self.scope_points.get(_scope(fact), points)
            if points is None:
                raise RuleError(vocab.MESSAGES["rule_share_needs_points"].format(
                    part=fact.text[:30]), code="PS-R002", text=self.text, position=fact.start)
            return points * fact.share
        return float(fact.amount or 0)

    # ------------------------------------------------------------------ run
    def run(self) -> Rule:
        self._check_unknown()
        for index, fact in enumerate(self.facts):
            if fact.kind in _NEUTRAL:
                fact.used = True
            elif fact.kind == "unstated_deduction" and index + 1 < len(self.facts) and (
                    self.facts[index + 1].kind == "per" or (
                        self.facts[index + 1].kind == "deduct" and not fact.data.get("case") and
                        not any(char in fact.words for char in vocab.NEGATION_CHARS))):
                # a heading: …应根据超计划时间占计划完成时间百分比扣分。每相差4%扣1分; 遵守财经
                # 纪律,按以下标准扣分:发现违规支出扣2分 (a requirement, not a failing, before it)
                fact.used = True
        wording = self.of("not_cumulative", "cumulative", used=None)
        if wording:
            self.aggregation = "cumulative" if wording[-1].kind == "cumulative" else "highest_per_work"
        evaluators = self.of("evaluator")
        if evaluators:
            scoring = [f for f in self.facts if not f.used and f.kind not in
                       ("evaluator", "base", "cap", "context")]
            for fact in evaluators:  # 由市农业局考评 beside a rule says who scores; alone it is all
                if scoring:
                    fact.used = True
                else:
                    fact.kind = "discretionary"
        each = self.of("each")
        if each:
            self.each = each[0]
            self.use(*each)
        # (before the glosses: ①建立制度(1分);②落实责任(1分);③开展督查(1分);每少一项扣1分 says
        # the list again; read as item ③'s own count it made 开展督查 a count of 少)
        self._restated_checklist()
        self._scope_glosses()
        special = self._special()
        if special is not None:
            self._check_unused(special)
            return special
        self._one_otherwise_each()
        self._repeated_deductions()
        self._per_units()
        self._formulas()
        self._numeric_awards()
        self._word_awards()
        self._cutoffs()
        self._gates()
        rule = self._finish()
        self._check_unused(rule)
        return self._check_examples(rule)

    def _check_unknown(self) -> None:
        for sign in vocab.UNREAD_SIGNS:
            if sign in self.text:
                at = self.text.index(sign)
                raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(
                    part=self.text[at:at + 30]), at)
        if any(clause.outcomes for clause in self.clauses):
            for fact in self.of("orphan"):
                if fact.token is None and not _SCORING_WORDS.search(fact.text):
                    # 春节前下达全部专项资金的50%: a standard the rule's other clauses score
                    fact.kind = "context"
        for clause in self.clauses:
            if clause.unknown:
                part, position = clause.unknown[0]
                raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(part=part[:30]),
                            position)
        for fact in self.of("orphan"):
            position = fact.clause.start
            if fact.token is not None:  # the caret under the words the outcome cannot take
                position += len(fact.clause.text[: fact.token.start - fact.clause.start]) - len(
                    fact.clause.text[: fact.token.start - fact.clause.start].lstrip(",;"))
            raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(part=fact.text[:30]),
                        position)

    # ------------------------------------------------------------------ item points
    def _scope_glosses(self) -> None:
        """``(1)办理率(5分):在99%以上得5分…``, ``每降低5%扣1分(5分)``, ``问题整改到位(5分),
        每发现一处问题扣1分``: points in brackets beside a numbered item's (or a sentence's)
        measure state that item's points; they are not an award of their own. Beside other word
        conditions (``健全(2分),不健全(0分)``) they stay awards: tiers."""
        every = [f for f in self.of("award") if f.data.get("gloss")]
        if self.given is not None and len(every) >= 2 and all(f.cmp is None for f in every) and \
                len({f.clause.start for f in every}) == len(every) and \
                abs(sum(float(f.amount or 0) for f in every) - self.given) < 1e-9 and \
                not any((f.kind in _MEASURED and not _restates(f, every[-1])) or f.kind == "zero"
                        for f in self.facts) and \
                all(f.clause.item is None and not _after_zero(f) for f in every):
            return  # 制度健全(1分),执行到位(1分),信息公开(1分): items, each its own points
        glosses = [f for f in every if f.cmp is None or _after_zero(f)]
        if glosses and self._heading(glosses[0]):
            # 业务办理（1分）。未按规定审核的,每例扣0.1分;…: a heading of its own sentence
            # states the item's points; the deductions take from them, and its words (按时报送)
            # keep them (an exemption). Before 档案资料齐全,否则不得分 it is used up.
            self.title = glosses[0].amount
            if any(f.data.get("otherwise_full") for f in self.of("award")):
                self.use(glosses[0])
            return
        for fact in glosses:
            key = _scope(fact)
            others = [f for f in self.facts if f is not fact and not f.used and _scope(f) == key]
            measured = any(f.kind in _MEASURED or (f.kind in ("award", "zero") and f.cmp is not None)
                           for f in others)
            worded = any(f.kind == "award" and f.cmp is None and not f.data.get("gloss")
                         for f in others)
            heading = all(f.start > fact.start for f in others)  # 到位及时率(2分):及时到位得2分,…
            after_zero = _after_zero(fact)
            if (after_zero or measured and (heading or not worded)) and key not in self.scope_points:
                if after_zero and fact.clause.item is None and self.title is None and all(
                        f.sentence == fact.sentence for f in self.facts):
                    self.title = fact.amount  # the whole rule's points: it is all one sentence
                self.scope_points[key] = float(fact.amount or 0)
                # 按完成比例得分(3分): the words before are the scoring's, not a measure's name
                said = any(f.kind in _MEASURED and f.clause is fact.clause and f.start < fact.start
                           for f in others)
                self.scope_labels[key] = _label(fact.words) if not (after_zero or said) else ""
                fact.kind = "scope_points"
                self.use(fact)

    def _heading(self, gloss: Fact) -> bool:
        """Whether points in brackets open the rule in a sentence of their own, before
        deductions only (no other award), or before one condition kept by 否则不得分
        (``档案管理（2分）。档案资料齐全，否则不得分``)."""
        if gloss is not min(self.facts, key=lambda f: f.start) or gloss.clause.item is not None \
                or any(f.sentence == gloss.sentence for f in self.facts if f is not gloss):
            return False
        others = [f for f in self.facts if f is not gloss and f.kind == "award"]
        if len(others) == 1 and others[0].data.get("otherwise_full"):
            return True
        return not others and any(f.kind in ("per", "deduct") for f in self.facts)

    def _scoped_points(self) -> None:
        """Numbered items scored each on its own: an item's open awards take its stated points,
        and an item of one deduction alone (``②每发现一处问题扣1分,最多扣5分``) is scored
        from those points (else its cap), not from what the other items leave."""
        for key in {_scope(d.source) for d in self.drafts}:
            drafts = [d for d in self.drafts if _scope(d.source) == key]
            stated = self.scope_points.get(key)
            if stated is not None:
                for draft in drafts:
                    if draft.points_open and draft.part.role == "award":
                        draft.part = replace(draft.part, points=stated)
                        draft.points_open = False
                    if not draft.part.label and self.scope_labels[key]:
                        draft.part = replace(draft.part, label=self.scope_labels[key])
            if (key[0] != "item" and stated is None) or any(d.part.role == "award" for d in drafts):
                continue
            deducting = [d for d in drafts if d.part.role == "deduct"]
            if len(deducting) != 1 or len(drafts) != 1:
                continue
            cap = getattr(deducting[0].part, "cap", None)
            own = stated if stated is not None else cap
            if own is None:
                continue
            others = sum(d.part.points for d in self.drafts if d.part.role == "award")
            if stated is None and self.given is not None and abs(self.given - others - own) > 1e-9:
                continue  # the cap is a limit within the item's points, not points of its own
            deducting[0].part = replace(deducting[0].part, points=own, role="award")
            deducting[0].points_open = False

    # ------------------------------------------------------------------ whole-rule shapes
    def _special(self) -> Rule | None:
        """Rules that are one thing only: a weighted composite or a rescaled score (several
        scores), an evaluator's score, a rank, a bonus list."""
        several = self._weighted() or self._rescale()
        if several is not None:
            return several
        scoring = [f for f in self.facts if not f.used and f.kind not in
                   ("base", "cap", "partial", "standard", "context")]
        for fact in self.of("discretionary"):
            if fact.clause.text.startswith(_W["according"]) and fact is scoring[0] and \
                    any(f.kind == "per" for f in scoring):
                # 依据验收报告…情况酌情给分。质量好:6分;发现一处…扣0.5分 · 根据工作开展情况酌情
                # 扣分,每发现一处问题扣0.5分: the lead-in says what the evaluator looks at; the
                # count scores.
                self.use(fact)
                scoring.remove(fact)
        discretionary = self.of("discretionary")
        word_awards = [f for f in scoring if f.kind == "award" and f.cmp is None and f.words]
        if discretionary and len(word_awards) >= 2:
            # ``相符的得10分,基本相符的得6分…存在…的,酌情扣分``: tiers, and a deduction the
            # evaluator decides beside them.
            for fact in discretionary:
                self.use(fact)
                self.draft(fact, EvaluatorDeduction(0.0), points_open=True)
            return None
        if discretionary and all(f.kind in ("discretionary", "deduct", "exempt") or
                                 (f.kind == "award" and f.cmp is None) for f in scoring):
            # ``酌情扣分``; ``编制符合要求的得7分，不符合要求的视具体情况扣分``: the evaluator scores.
            points = self.points_for(self.stated() or _max_award(scoring), required=False)
            self.use(*scoring, *self.of("cap", "context"))
            part = Discretionary(points or 0.0, capped=points is not None)
            return Rule(points, self.text, (part,))
        ranks = self.of("rank")
        if ranks:
            fact = ranks[0]
            step = fact.amount
            # 每位次递减0.25分 · 每下降1个位次扣0.25分
            pers = [f for f in self.of("per") if (f.data.get("sign") or "") in _W["rank_step"] or (
                _verb_kind((f.data.get("verb") or "").strip(",")) == "decrease" and (
                    f.data.get("unit") in vocab.RANK_STEP_UNITS  # not 每减少1名 (people)
                    or (f.data.get("noun") or "").startswith(vocab.RANK_STEP_UNITS)))]
            if step is None and pers:
                step = pers[0].amount
                self.use(pers[0])
            if step is None or step <= 0:
                raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(part=fact.text[:30]),
                            fact.start)
            points = self.points_for(self.stated())
            self.use(fact)
            return Rule(points, self.text, (Rank(float(points or 0), step=step),))
        bonuses = [f for f in self.of("bonus") if f.cmp is None]
        if bonuses and all(f.kind in ("bonus", "zero") for f in scoring):
            cap = self.given if self.given is not None else self.stated()
            names = []
            for fact in bonuses:
                name = _condition(fact.words)
                for verb in sorted(_W["award_verbs"], key=len, reverse=True):
                    if name.startswith(verb) and len(name) > len(verb):
                        name = name[len(verb):]
                        break
                names.append((name, float(fact.amount or 0)))
            self.use(*scoring)
            part = Awards(float(cap or 0), awards=tuple(names), aggregation=self.aggregation,
                          policy_cap=cap is None)
            return Rule(cap, self.text, (part,))
        return None

    # ------------------------------------------------------------------ several scores
    def _name_before(self, fact: Fact) -> str:
        """The words before a weight in its clause, from the weight before it (or the clause's
        start): the component it weighs (``其中,市级考评权重系数为70%`` → 市级考评)."""
        assert fact.token is not None
        clause, start = fact.clause, fact.clause.start
        for other in self.facts:
            if other.clause is clause and other.kind in _WEIGHTS and other.token is not None \
                    and other.token.end <= fact.token.start:
                start = max(start, other.token.end)
        return clause.text[start - clause.start: fact.token.start - clause.start].split(",")[-1]

    @staticmethod
    def _names(text: str) -> list[str]:
        """The components a list names: ``市级、区县的`` → 市级, 区县."""
        return [name for name in re.split("|".join(map(re.escape, _C["and"])), text)
                if component(name)[0]]

    def _weighted(self) -> Rule | None:
        """A weighted composite: components named in a formula (``得分=A*70%+B*30%``, ``A乘以
        权重系数,加上B的平均值乘以权重系数``) or by their weights (``A权重为70%``, ``A占70%``,
        ``A按70%计入``, ``A、B的权重分别为70%、30%``); the weights must add up to 100%. A lone
        weight beside other scoring (``本项权重20%,执行率达到90%得满分``) is context, as before
        weighted composites were read. A formula's name stands for the one declared name it
        contains or is contained in (no guessing by shared characters); at most
        :data:`vocab.MAX_COMPONENTS` components (the sheet formula's length)."""
        facts = self.of(*_WEIGHTS)
        formulas = [f for f in self.of("formula") if _terms(_formula_text(f)) is not None]
        if not facts and not formulas:
            return None
        if not formulas and not self.of("weighted") and len(facts) < 2 and not any(
                f.kind in ("weight_each", "weight_pairs", "weight_ref", "weighted_sum") for f in facts):
            for fact in facts:
                fact.kind = "context"  # 本项权重20%,执行率达到90%得满分: one weight is no composite
            return None
        refs: list[tuple[str, bool, float | None, Fact]] = []
        declared: list[tuple[str, bool, float, Fact]] = []
        for fact in sorted(facts + formulas, key=lambda f: f.start):
            g = fact.token.groups if fact.token else {}
            if fact.kind in ("formula", "weighted_sum"):
                terms = _terms(_formula_text(fact) if fact.kind == "formula" else g.get("expr") or "")
                if terms is None:
                    raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(
                        part=fact.text[:30]), fact.start)
                refs += [(*component(name), weight, fact) for name, weight in terms]
            elif fact.kind == "weight_ref":
                refs.append((*component(self._name_before(fact)), None, fact))
            elif fact.kind == "weight_each":
                values = [_weight(m.group(1), m.group(2)) for m in
                          _WEIGHT_VALUE.finditer(g.get("list") or "")]
                names = self._names(self._name_before(fact))
                if not names:  # A、B、C三项得分加权平均,权重分别为20%、30%、50%
                    named = [f for f in self.of("weighted") if f.start < fact.start and f.token]
                    names = self._names(_before(named[-1].clause, named[-1].token)) if named else []
                if not names and len(values) == len(refs) and all(w is None for *_, w, _ in refs):
                    refs = [(name, average, value, ref) for (name, average, _, ref), value
                            in zip(refs, values)]  # A乘以权重,加上B乘以权重…,权重分别为70%、30%
                    continue
                if len(names) != len(values):
                    raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(
                        part=fact.text[:30]), fact.start)
                declared += [(*component(name), value, fact) for name, value in zip(names, values)]
            elif fact.kind == "weight_pairs":  # 按市级考评70%、区县考评30%的权重
                declared += [(*component(m.group(1)), _weight(m.group(2), "%"), fact) for m in
                             re.finditer(r"([^\d%]+?)(\d+(?:\.\d+)?)%", g.get("pairs") or "")]
            else:
                percent = g.get("pct") or (fact.kind == "weight_share")  # 占40%
                declared.append((*component(self._name_before(fact)), _weight(g["w"], percent), fact))
        first = min(f.start for f in facts + formulas)
        if refs:
            unweighted = [index for index, (_, _, weight, _) in enumerate(refs) if weight is None]
            matches = _match_names([refs[index][0] for index in unweighted], [d[0] for d in declared])
            for index, match in zip(unweighted, matches):
                if match is None:
                    raise _fail(self.text, vocab.MESSAGES["weight_missing"].format(
                        part=refs[index][0]), refs[index][3].start)
            taken = dict(zip(unweighted, matches))
            parts = [(name, average, declared[taken[index]][2] if weight is None else weight, fact)
                     for index, (name, average, weight, fact) in enumerate(refs)]
            left = [d for index, d in enumerate(declared) if index not in taken.values()]
            if left:
                name, _, _, fact = left[0]
                raise _fail(self.text, vocab.MESSAGES["weight_unmatched"].format(part=name),
                            fact.start)
        else:
            parts = declared
        names = [name for name, *_ in parts]
        if len(parts) < 2 or any(not name or name in _NOT_NAMES for name in names) or \
                len(set(names)) < len(names):
            raise _fail(self.text, vocab.MESSAGES["rule_unreadable"].format(
                part=self.text[first:first + 30]), first)
        if len(parts) > vocab.MAX_COMPONENTS:
            raise RuleError(vocab.MESSAGES["rule_bad_numbers"].format(
                detail=vocab.MESSAGES["weights_too_many"].format(
                    count=len(parts), limit=vocab.MAX_COMPONENTS)),
                code="PS-R004", text=self.text, position=first)
        for name, _, weight, fact in parts:
            if not 0 < weight <= 1:
                raise RuleError(vocab.MESSAGES["rule_bad_numbers"].format(
                    detail=vocab.MESSAGES["weight_bad"].format(weight=fmt(weight, True))),
                    code="PS-R004", text=self.text, position=fact.start)
        total = round15(sum(weight for _, _, weight, _ in parts))
        if abs(total - 1) > 1e-9:
            listed = vocab.LIST_SEPARATOR.join(
                vocab.MESSAGES["weight_listed"].format(name=name, weight=fmt(weight, True))
                for name, _, weight, _ in parts)
            raise RuleError(vocab.MESSAGES["rule_bad_numbers"].format(
                detail=vocab.MESSAGES["weights_sum"].format(total=fmt(total, True), weights=listed)),
                code="PS-R004", text=self.text, position=first)
        clauses = {id(f.clause) for f in facts + formulas}
        self.use(*facts, *formulas, *self.of("weighted"), *[
            f for f in self.of("discretionary", "evaluator") if id(f.clause) in clauses])
        points = float(self.points_for(self.stated()) or 0)
        part = Weighted(points, components=tuple((name, weight, average)
                                                 for name, average, weight, _ in parts))
        return Rule(points, self.text, (part,))

    def _rescale(self) -> Rule | None:
        """A rescaled score: ``…用适用指标得分汇总后按百分制对该项目折算计分``, ``按适用指标得分
        折算为本项分值``, ``得分=适用指标得分/适用指标满分*100``. A rescaling phrase counts where
        the rule speaks of applicable indicators or rescales a score (``按得分折算``)."""
        applicable = any(word in self.text.replace(no, "") for word in vocab.APPLICABLE_INDICATORS
                         for no in vocab.NOT_APPLICABLE_WORDS)
        ratios = [(f, _score_ratio(f.data["expr"])) for f in self.of("formula")]
        ratios = [(f, ratio) for f, ratio in ratios if ratio is not None and (
            self.given is None or not ratio or abs(ratio - self.given) < 1e-9)]
        formulas = [f for f, _ in ratios]
        found = []
        for fact in self.of("rescale"):
            if applicable:
                found.append(fact)
            else:
                fact.kind = "context"  # 按百分制评分,90分以上得5分; 按得分折算绩效工资: no rescaling
        if not found and not formulas:
            return None
        stated = self.stated()
        for fact, written in ratios:
            stated = written if written else (fact.amount if fact.amount is not None else stated)
        if stated is None and self.given is None and any(
                word in self.text for word in _W["hundred_scale"]):
            stated = 100.0  # 按百分制折算: to a hundred points
        points = float(self.points_for(stated) or 0)
        self.use(*found, *formulas, *[f for f in self.of("zero", "exempt", "gate") if any(
            word in f.words for word in vocab.APPLICABLE_WORDS)])
        return Rule(points, self.text, (Rescale(points),))

    # ------------------------------------------------------------------ per-unit clauses
    def _one_otherwise_each(self) -> None:
        """``预算执行率≥90%,否则不得分;结余率≤10%,否则不得分``: conditions that each keep the
        points, whose points the text does not share out, are refused (PS-R001); numbered items
        each with their points in brackets (``一、…否则不得分（5分）；二、…（3分）``) are read."""
        full = [f for f in self.of("award") if f.data.get("otherwise_full")]
        if any(f.cmp is None for f in full) and self.of("per", "deduct"):
            # 项目按期开工,否则不得分;每发现1处问题扣0.5分: a condition in words that zeroes
            # the item beside deductions (a gate, not an award to deduct from): not read
            raise _unreadable(self.text, full[0].clause)
        if len(full) > 1 and not all(
                f.clause.item is not None and ("item", f.clause.item) in self.scope_points
                for f in full):
            second = full[1]
            raise _unreadable(self.text, second.clause)

    def _restated_checklist(self) -> None:
        """``①…得1分;②…得1分;③…得1分;每少一项扣1分``, ``无卫生死角(1分);无环境污染(1分)。未达到
        规定要求的每一项扣1分``: after numbered items (or items with their points in brackets)
        that each give the same points for a condition, a deduction per missing item of those
        points says the list again (it is no measure of its own)."""
        awards = [f for f in self.of("award") if f.cmp is None and f.words
                  and (f.clause.item is not None or f.data.get("gloss")) and f.amount]
        if len(awards) < 2 or len({f.amount for f in awards}) != 1:
            return
        last = max(awards, key=lambda f: f.start)
        for fact in self.of("per"):
            if _restates(fact, last):
                self.use(fact)

    def _repeated_deductions(self) -> None:
        """``未建立健全各项管理制度扣0.5分,扣完为止``: a deduction of countable cases
        (:data:`scoring.vocab.COUNTABLE_WORDS`) that runs until the points are gone is made once
        per case, as with 每: a count (``未建立内控制度的扣2分,扣完为止`` happens once: it stays a
        condition). A heading before it in its sentence (``制度与措施3分,…``) that states the
        item's points is their title; its words keep the points (an exemption)."""
        for until in self.of("until_zero", used=None):
            same = [f for f in self.facts if f.sentence == until.sentence and f is not until
                    and f.kind not in _NEUTRAL]
            deducts = [f for f in same if f.kind == "deduct" and f.amount and f.cmp is None
                       and not f.used and any(word in f.words for word in vocab.COUNTABLE_WORDS)]
            heads = [f for f in same if f.kind == "award"]
            if len(deducts) != 1 or any(f not in deducts + heads for f in same):
                continue
            fact = deducts[0]
            if heads:
                head = heads[0]
                if len(heads) > 1 or head.start > fact.start or head.cmp is not None or \
                        self.given is None or head.amount != self.given:
                    continue
                self.title = head.amount  # its words, if any, keep the points: an exemption
            fact.kind = "per"
            fact.data = {"n": "1", "unit": None, "noun": "", "verb": "", "sign": _W["deduct"][0],
                         "shape": "per_count"}

    def _per_units(self) -> None:
        for fact in self.of("per"):
            sign = fact.data.get("sign") or ""
            if sign in _W["bonus"]:
                self._count_bonus(fact)
            elif sign in _W["gain"]:
                self._count_bonus(fact, award=True)
            elif sign in _W["deduct"] or fact.data.get("shape") == "per_all":
                self._deduction(fact)

    def _cap_after(self, fact: Fact, sign: tuple[str, ...]) -> float | None:
        caps = [f for f in self.of("cap") if f.sentence == fact.sentence and f.start > fact.start
                and f.data["sign"] in sign]
        if not caps:
            return None
        self.use(caps[0])
        return caps[0].amount

    def _count_bonus(self, fact: Fact, award: bool = False) -> None:
        """``每有1次加1分，最多加2分`` (a bonus beside the item's points) or, ``award``,
        ``每增加100人得1分，最高得3分`` (points earned per unit, up to the item's)."""
        cap = self._cap_after(fact, _W["gain"] if award else _W["bonus"])
        self.use(fact)
        unit = fact.data.get("unit")
        step = value_of(fact.data.get("n") or "1", unit)
        amount = float(fact.amount or 0)
        if amount <= 0 or step <= 0:
            raise _bad(self.text, "bad_step")
        label = _label(fact.data.get("noun") or "") or _label(fact.words)
        percent = unit == "%"
        line = None if award else self._past_line(fact)
        draft = self.draft(fact, CountBonus(cap if cap is not None else 0.0,
                                            role="award" if award else "bonus",
                                            unit=None if percent else unit, percent=percent,
                                            step=step, amount=amount, label=label,
                                            line=line or 0.0), points_open=cap is None)
        if line is not None:
            draft.joins = self.family(unit)

    def _past_line(self, fact: Fact) -> float | None:
        """The line a bonus for going past it counts from (``每超过1%加0.5分``, ``每超额完成1万元
        加1分``): ``以X为标准``, else the line of an award for the same kind of number (``达3万元的,
        计3分``, in the bonus's own unit), else 100% for 超额 (past the whole task); None for a
        bonus of a plain count (``每有1次加1分``) and for 每多… with no line.
        With no line to count from, a bonus past one is not read (it counted from 0: 110% gave
        the bonus for 110 steps)."""
        verb = (fact.data.get("verb") or "").strip(",")
        more = verb.startswith(_W["more"])  # 达到5家得3分,每多1家加0.5分: past the line if any
        if not (verb.startswith(_W["past"]) or more) or verb.startswith(_W["ahead"]):
            return None  # (每超前1天完成加0.2分: days ahead, counted from none)
        unit = fact.data.get("unit")
        standards = [f for f in self.of("standard", used=None) if f.data.get("unit") == unit]
        if standards:
            self.use(standards[0])
            return float(standards[0].amount or 0)
        # the line in the step's own unit (达到1亿元得4分,每超过1000万元: not read as 1万元)
        lines = {f.cmp.low for f in self.of("award", used=None) if f.cmp is not None and
                 f.cmp.low is not None and f.cmp.high is None and f.cmp.unit == unit}
        in_words = any(word in self.text for word in _W["line_in_words"])
        if len(lines) == 1 and not in_words:
            return lines.pop()
        if more and not lines:
            return None  # 每多1次加1分: a count from none
        if unit == "%" and not lines and not in_words and \
                any(word in verb + fact.words for word in _W["past_task"]):
            return 1.0  # 每超额完成1个百分点: past the whole task
        # 每超过序时进度1个百分点, 普及率每超过1%, 以序时进度为标准: a line not given as a number
        raise _unreadable(self.text, fact.clause)

    def _deduction(self, fact: Fact) -> None:
        data = fact.data
        unit = data.get("unit")
        family = self.family(unit)
        verb = (data.get("verb") or "").strip(",")
        kind = _verb_kind(verb)
        cap = self._cap_after(fact, _W["deduct"])
        self.use(fact)
        # (迟报1天扣1分: the days reported late; before, a step of no name)
        label = _label(data.get("noun") or "") or (
            verb if verb and verb not in vocab.FOUND_VERBS and kind is None else "") \
            or _label(fact.words) or (verb if kind == "delay" else "")
        before = _label(fact.words)
        if data.get("noun") and not verb and 0 < len(before) <= 10 and label and before not in label:
            label = before + label  # 漏填1个项目扣1分: the items left blank, not the items
        if data.get("shape") == "per_all":
            self.draft(fact, CountPenalty(0.0, role="deduct", unit=unit, penalty=0.0, label=label,
                                          cap=None), points_open=True).source.data["all"] = True
            return
        amount = self.award_amount(fact)  # 扣N分, or a share of the item's points
        item = fact.clause.item
        if fact.share is not None and item is not None and ("item", item) not in self.scope_points:
            # ①执行率≥90%得2分,每降低1个百分点扣该项分值的10%: 该项 is item ①, its 2 points
            own = [f.amount for f in self.of("award", used=None) if f.clause.item == item and f.amount]
            if own:
                amount = max(own) * fact.share
        step = value_of(data.get("n") or "1", unit)
        if amount <= 0 or step <= 0:
            raise _bad(self.text, "bad_step")
        rank = kind == "decrease" and (unit in vocab.RANK_UNITS or (data.get("noun") or "").startswith(
            vocab.RANK_UNITS))  # 每降低1个位次
        if rank:
            # 排名第1名得5分，此后每降低一个位次扣0.2分: a lower place is a larger number
            award, line = self._line_for(fact, "below", family)
            direction = "above"
        elif family == "count" and kind in ("increase", "delay") and \
                self._line_for(fact, "above", family)[1] is not None:
            direction = "above"  # 调剂次数不超过2次的得2分，每增加1次扣0.5分: over an allowance
        elif family == "count" or (kind is None and family == "none"):
            award, line = self._line_for(fact, "below", family)
            if award is not None and line == 0 and kind is None:
                # 发生安全事故0起得满分，每发生1起扣2分: nothing to fall below; the award is
                # the full points the count deducts from.
                self.use(award)
                self.draft(award, CountPenalty(self.award_amount(award), unit=unit,
                                               penalty=amount, step=step, cap=cap,
                                               label=_label(_line_cmp(award).subject) or label))
                return
            if line is None or kind not in ("decrease", None) or verb in vocab.COUNT_VERBS[:4]:
                # 每发现1处扣0.5分, 违反1次扣0.5分, 少1个程序扣1分: a count of problems.
                if verb in vocab.SHORTFALL_VERBS and label and not label.startswith(verb):
                    label = verb + label  # 按要求召开会议,少一次扣1分: the meetings short
                elif not label and verb not in vocab.COUNT_VERBS[:4]:
                    label = verb  # 缺1次扣1分,迟报1次扣0.5分: the times reported late
                self.draft(fact, CountPenalty(0.0, role="deduct", unit=unit, penalty=amount, step=step,
                                              cap=cap, label=label), points_open=True)
                return
            direction = "below"  # 排查不得少于4次，少1次扣0.25分: short of a line
        else:
            direction = {"decrease": "below", "increase": "above", "deviation": "deviation",
                         "delay": "above", None: "above"}[kind]
        if not rank:
            award, line = self._line_for(fact, direction, family)
        if data.get("line"):
            line = value_of(data["line"], "%")  # 每低于95%一个百分点: the line is the step's own
        percent = unit == "%"
        if line is None:
            # 每降低1% and 与计划每相差3% measure from 100%; 每超过1%, 每迟报1天 from 0.
            line = 1.0 if (direction in ("below", "deviation") and percent) else 0.0
        # the floor names the measure of the step, or of the line it falls from (执行率≥95%得满分;
        # 每降低1%扣0.5分;结余率低于5%不得分: not a floor of the 执行率)
        named = label or (_label(_line_cmp(award).subject) if award is not None else "")
        floor, floor_inclusive = self._floor(family, named) if direction == "below" else (None, False)
        if floor is not None and floor > line:
            raise _bad(self.text, "floor_above_line", floor=floor, line=line)
        partial = self._partial(fact)
        part = Step(0.0, role="deduct", percent=percent, unit=None if percent else unit,
                    label=label, line=line, step=step, step_points=amount, direction=direction,
                    floor=floor, floor_inclusive=floor_inclusive, partial_step=partial, cap=cap)
        measure = f"step:{family}:{fact.start}"
        if award is not None:
            self.use(award)
            part = replace(part, points=self.award_amount(award), role="award",
                           label=_label(_line_cmp(award).subject) or label)
            self.draft(award, part, measure)
            return
        self.draft(fact, part, measure, points_open=True)

    def _line_for(self, fact: Fact, direction: str, family: str) -> tuple[Fact | None, float | None]:
        """The full-points line of a step: an award for a number on the same measure (same
        sentence first, then before), a comparison in the step's own clause, or ``以X为标准``."""
        def fits(cmp: Comparison) -> bool:
            exact = cmp.low is not None and cmp.low == cmp.high  # 执行率为100%的得满分
            if self.family(cmp.unit) not in (family, "none") or not (_one_sided(cmp) or exact):
                return False
            return cmp.low is not None if direction == "below" else (
                cmp.high is not None if direction == "above" else True)
        candidates = [f for f in self.of("award") if f.cmp is not None and fits(f.cmp)]
        candidates.sort(key=lambda f: (f.sentence != fact.sentence, f.start > fact.start,
                                       abs(f.start - fact.start)))
        if candidates:
            cmp = candidates[0].cmp
            assert cmp is not None
            return candidates[0], self._in_unit(cmp, cmp.low if cmp.low is not None else cmp.high, fact)
        joined = [f for f in self.of("award") if f.amount and f.start < fact.start and
                  f.data.get("joined") is not None and fits(f.data["joined"])
                  and f.data["joined"].unit == fact.data.get("unit")]  # not 1个月 for 每超过1天
        if len(joined) == 1:
            # 每年至少召开4次会议,专门研究信访工作。4分,每少1次会议扣1分: the one number among
            # the award's words is the step's line; the words describe it
            cmp = joined[0].data["joined"]
            return joined[0], self._in_unit(cmp, cmp.low if cmp.low is not None else cmp.high, fact)
        if fact.cmp is not None and self.family(fact.cmp.unit) in (family, "none"):
            cmp = fact.cmp
            return None, self._in_unit(cmp, cmp.low if cmp.low is not None else cmp.high, fact)
        stated = self._stated_line(fact, lambda cmp: self.family(cmp.unit) == family and fits(cmp))
        if stated is not None:
            assert stated.cmp is not None
            return None, self._in_unit(stated.cmp, stated.cmp.low if stated.cmp.low is not None
                                       else stated.cmp.high, fact)
        exempt = self._exempt_line(fact, fits, family)
        if exempt is not None:
            return None, exempt
        standards = self.of("standard", used=None)
        if standards:
            self.use(*standards)
            return None, standards[0].amount
        return None, None

    def _exempt_line(self, fact: Fact, fits: Callable[[Comparison], bool], family: str) -> float | None:
        """``到课率达70%以上不扣分。每下降1个百分点扣0.2分``: the bound no deduction falls below is a
        rate step's line (it was 100%: 80% lost 4 points), taken (used). Only a one-sided bound of
        a rate (not ``发生安全事故0起的不扣分``: a count of events from none), of the step's own
        measure (not 出勤率 for 考核合格率), and only where the step states no line of its own."""
        own = _label(fact.words) or _label(fact.data.get("noun") or "")
        exempt = [f for f in self.of("exempt") if f.cmp is not None and f.start < fact.start
                  and family == self.family("%") and self.family(f.cmp.unit) == family
                  and _one_sided(f.cmp) and fits(f.cmp)]
        if len(exempt) != 1:
            return None
        cmp = exempt[0].cmp
        assert cmp is not None
        theirs = _label(cmp.subject)
        if own and theirs and not (own in theirs or theirs in own or _same_rate(own, theirs)):
            return None
        self.use(exempt[0])
        return self._in_unit(cmp, cmp.low if cmp.low is not None else cmp.high, fact)

    def _in_unit(self, cmp: Comparison, value: float | None, fact: Fact) -> float | None:
        """A line in the unit of the step it is the line of (达到1亿元得4分,每少500万元扣0.5分:
        10000万元, read as 1万元 before); a line in a unit that does not convert (天 against
        个月), or converts to no value anyone wrote (30天 in weeks), is not read."""
        unit = fact.data.get("unit")
        if value is None or not cmp.unit or not unit or cmp.unit == unit or "%" in (cmp.unit, unit):
            return value
        factor = unit_factor(cmp.unit, unit)
        if factor is None:
            if _unconvertible(cmp.unit, unit):  # 天 against 个月: units of time that do not convert
                raise _unreadable(self.text, fact.clause)
            return value  # (第1名 and 位次: one kind of place)
        converted = round15(value * float(factor))
        if abs(converted * 10000 - round(converted * 10000)) > 1e-6:
            # 30天 against 每超过1周: 4.2857…周 is no line anyone wrote; not read
            raise _unreadable(self.text, fact.clause)
        return converted

    def _stated_line(self, fact: Fact, fits: Callable[[Comparison], bool]) -> Fact | None:
        """A line standing alone, a condition without an outcome before ``fact`` (``完好率不低于
        90%。查现场和资料。每降低1个百分点扣0.5分``, ``查处案件10例以上;否则按完成比例得分``),
        taken (used). A bare number there may be any standard: never taken."""
        own = _label(fact.words) or _label(fact.data.get("noun") or "")
        unit = fact.data.get("unit")
        # 抽查比例不低于20%。资金使用合规率每降低…: another measure's bound; two bounds
        # (执行率达到100%。其中资本性支出占比不低于30%。每降低…): which one is not said
        return self._lone_line(fact, lambda cmp: fits(cmp) and cmp.unit == unit and (
            not own or own in _label(cmp.subject) or _label(cmp.subject) in own
            # 全年至少召开4次会议…每少1次会议扣1分: what is counted follows the number
            or self.text[cmp.end:].startswith(own)))

    def _lone_line(self, fact: Fact, fits: Callable[[Comparison], bool]) -> Fact | None:
        """The one condition without an outcome before ``fact`` whose number ``fits``, taken
        (used); None when there is none or more than one. A bare number is never taken."""
        lines = [f for f in self.of("context", used=None) if f.cmp is not None and not f.cmp.bare
                 and f.start < fact.start and fits(f.cmp)]
        if len(lines) != 1:
            return None
        self.use(lines[0])
        return lines[0]

    def _floor(self, family: str, name: str = "") -> tuple[float | None, bool]:
        """The zero floor of a measure named ``name`` (``低于60%不得分``): not a bound naming
        another measure (``结余率低于5%不得分`` beside 执行率: it stays unread, and the rule is
        refused)."""
        zeros = [f for f in self.of("zero") if f.cmp is not None and f.cmp.low is None and
                 f.cmp.high is not None and self.family(f.cmp.unit) in (family, "none") and
                 _same_rate(name, _label(f.cmp.subject))]
        if not zeros:
            return None, False
        best = max(zeros, key=lambda f: f.cmp.high)  # type: ignore[union-attr, return-value]
        self.use(*zeros)
        assert best.cmp is not None
        return best.cmp.high, best.cmp.high_inclusive

    def _partial(self, fact: Fact) -> str | None:
        partials = self.of("partial") + [f for f in self.of("linear") if f.cmp is None]
        if not partials:
            return None
        chosen = min(partials, key=lambda f: (abs(f.sentence - fact.sentence), f.start < fact.start))
        self.use(chosen)
        return chosen.data.get("policy", "linear")

    # ------------------------------------------------------------------ formulas
    def _formulas(self) -> None:
        for fact in self.of("formula", "proportional"):
            target: tuple[float, bool] | None = None
            label, points = "", fact.amount
            if fact.kind == "formula":
                if re.search(r"[+\-]", fact.data["expr"]):
                    # 得分=(1-调剂率)×分值, 得分=分值-调剂率×10: more arithmetic than a ratio
                    # (read as 调剂率×分值 before): not read
                    raise _unreadable(self.text, fact.clause)
                target, label, written = _ratio(fact.data["expr"])
                points = points if points is not None else written
            elif fact.cmp is None:
                award = self._proportional_line(fact)
                if award is not None and award.cmp is not None:
                    target = (award.cmp.low, award.cmp.unit == "%")  # type: ignore[assignment]
                    label = _label(award.cmp.subject)
                else:
                    award = self._word_award_before(fact)
                    if award is not None:
                        label = _label(award.words)
                    else:
                        line = self._proportion_stated(fact)
                        if line is not None and line.cmp is not None:
                            # 查处案件10例以上;否则按完成比例得分: a count's line, scaled below
                            target = (line.cmp.low, line.cmp.unit == "%")  # type: ignore[assignment]
                            label = _label(line.cmp.subject)
                if award is not None:
                    points = self.award_amount(award)
                    self.use(award)
            self.use(fact)
            percent = True if target is None else target[1]
            # 得分=预算执行率×分值,执行率低于60%不得分: nothing below the floor (按完成比例得分
            # is of the 完成率: not 满意度低于70%不得分)
            floor, floor_inclusive = self._floor(self.family("%" if percent else None),
                                                 label or vocab.NOTATION_WORDS["ratio_rate"])
            part = Proportional(float(points or 0), percent=percent,
                                target=None if target is None else target[0], label=label,
                                floor=floor, floor_inclusive=floor_inclusive)
            full = self._full_line(fact)
            if full is not None:
                # 满意度达到85%及以上得3分，低于85%的按满意度×分值计算: full points from the
                # line, the proportion below it.
                assert full.cmp is not None and full.cmp.low is not None
                self.use(full)
                amount = self.award_amount(full)
                if points is not None and abs(float(points) - amount) > 1e-9:
                    raise RuleError(vocab.MESSAGES["rule_points_conflict"].format(
                        text_points=f"{amount:g}", points=f"{float(points):g}"), code="PS-R003",
                        text=self.text, position=fact.start)
                part = replace(part, points=amount, full_at=full.cmp.low,
                               label=part.label or _label(full.cmp.subject))
                if fact.cmp is not None and fact.cmp.low is not None and part.floor is None:
                    # 执行率在90%至95%之间的按执行率×分值计分: below the range, no band holds
                    part = replace(part, floor=fact.cmp.low, floor_inclusive=not fact.cmp.low_inclusive)
                points = amount
            self.draft(fact, part, f"prop:{fact.start}", points_open=points is None)

    def _full_line(self, fact: Fact) -> Fact | None:
        """The award above the line a conditional proportion (``低于85%的按…计算``) stops at."""
        cmp = fact.cmp
        if cmp is None or cmp.high is None:
            return None  # (90%≤执行率<95%,得分=执行率×分值: the range's low is a floor's, if any)
        for award in self.of("award"):
            if award.cmp is not None and award.cmp.high is None and award.cmp.low is not None \
                    and abs(award.cmp.low - cmp.high) < 1e-9 and award.cmp.low_inclusive != \
                    cmp.high_inclusive and self.family(award.cmp.unit) == self.family(cmp.unit):
                return award
        return None

    def _proportional_line(self, fact: Fact) -> Fact | None:
        """``达到90%得2分，未达到的按比例计分``: the line a proportional rule scales below."""
        for award in self.of("award"):
            if award.cmp is not None and award.cmp.low is not None and award.cmp.high is None \
                    and award.sentence <= fact.sentence:
                return award
        return None

    def _proportion_stated(self, fact: Fact) -> Fact | None:
        """The one line stated before a proportion that says it scales below it, ``否则``
        (``年内查处案件10例以上;否则按完成比例得分``), taken (used); None when there is none or more
        than one, or the proportion does not refer to it (``其中市级配套不低于30%。按完成比例得分``)."""
        if not _otherwise(fact.clause.text):
            return None
        return self._lone_line(fact, lambda cmp: cmp.low is not None and cmp.high is None)

    def _word_award_before(self, fact: Fact) -> Fact | None:
        """``…发放到农户的，得4分，未完成的按实际比例计分``: the award the proportion scales."""
        for award in reversed(self.of("award")):
            if award.cmp is None and award.words and award.start < fact.start and \
                    award.sentence == fact.sentence:
                return award
        return None

    # ------------------------------------------------------------------ awards for numbers
    def _numeric_awards(self) -> None:
        """Awards for numbers, one measure per unit family (and per numbered item, where the
        items each measure their own: ``1、基本支出预算执行率达到100%，得2分；2、项目支出…``)."""
        facts = [f for f in self.of("award", "zero", "deduct", "bonus") if f.cmp is not None]
        by_item = len({f.clause.item for f in facts}) > 1 and all(
            f.clause.item is not None for f in facts)
        groups: dict[int | None, list[Fact]] = {}
        for fact in facts:
            groups.setdefault(fact.clause.item if by_item else None, []).append(fact)
        for item, group in groups.items():
            families: dict[str, list[Fact]] = {}
            for fact in group:
                assert fact.cmp is not None
                families.setdefault(self.family(fact.cmp.unit), []).append(fact)
            if "none" in families and len(families) > 1:
                # ``变动率≤0，计5分`` beside percentages: a plain 0 belongs to the measure in use.
                other = next(key for key in families if key != "none")
                families[other] = sorted(families.pop("none") + families[other],
                                         key=lambda f: f.start)
            stepped = {(d.source.clause.item, self._family_of(d.part))
                       for d in self.drafts if isinstance(d.part, Step) and d.part.role == "award"}
            for family, members in families.items():
                if any(f.kind == "award" and (f.clause.item, family) in stepped for f in members):
                    continue  # a second line beside a step's own (95%以上得8分) is not read
                odd = _common_unit(members)
                if odd is not None:
                    raise _unreadable(self.text, odd.clause)
                self._one_measure(members)
                self._measure(family, members, "" if item is None else f":{item}")

    def _one_measure(self, members: list[Fact]) -> None:
        """Refuse percentages that name two rates (``执行率低于95%扣1分,结余率高于10%扣1分``: read
        as one measure, the 结余率 bound would apply to the 执行率); names of one stem (预算执行率,
        当年执行率; 项目完成率, 完成比例) or left out are the same rate."""
        named = [(name, f) for f in sorted(members, key=lambda f: f.start)
                 if f.cmp is not None and f.cmp.unit == "%"
                 for name in [_label(f.cmp.subject)] if name.endswith(vocab.RATE_ENDINGS)]
        for name, fact in named:
            if _rate_stem(named[0][0]) != _rate_stem(name):  # the clause naming the second rate
                raise _unreadable(self.text, fact.clause)

    def _measure(self, family: str, facts: list[Fact], suffix: str = "") -> None:
        awards = [f for f in facts if f.kind == "award"]
        zeros = [f for f in facts if f.kind == "zero"]
        signed = [f for f in facts if f.kind in ("deduct", "bonus")]
        percent = any(f.cmp.unit == "%" for f in facts if f.cmp)
        unit = next((f.cmp.unit for f in facts if f.cmp and f.cmp.unit not in (None, "%")), None)
        unit = None if percent else unit
        first = facts[0]
        linear = [f for f in self.of("linear") if f.cmp is not None and
                  self.family(f.cmp.unit) in (family, "none")]
        measure = f"num:{family}{suffix}"
        if linear and awards and zeros:
            best, worst = awards[0], zeros[-1]
            assert best.cmp is not None and worst.cmp is not None
            best_value = best.cmp.high if best.cmp.high is not None else best.cmp.low
            worst_value = worst.cmp.low if worst.cmp.low is not None else worst.cmp.high
            self.use(linear[0], best, *zeros)
            self.draft(first, Interpolate(self.award_amount(best), percent=percent, unit=unit,
                                          label=_label(best.cmp.subject), best=float(best_value or 0),
                                          worst=float(worst_value or 0)), measure)
            return
        if len(awards) == 1 and not zeros and not signed and not linear and \
                awards[0].cmp is not None and _one_sided(awards[0].cmp):
            same = [d for d in self.drafts if d.part.role == "deduct" and
                    d.source.sentence == awards[0].sentence]
            if same:
                # 在15个工作日内通知各村的,得2分,有1项未达要求扣1分: the line states the full
                # points the count deducts from; what is counted is the input.
                for draft in same:
                    draft.part = replace(draft.part, points=self.award_amount(awards[0]), role="award")
                    draft.points_open = False
                self.use(awards[0])
                return
        otherwise = [f for f in self.of("award") if f.cmp is None and f.data.get("otherwise")]
        ranges = awards + zeros
        if otherwise and len(ranges) == 1 and ranges[0].cmp is not None and _one_sided(ranges[0].cmp):
            # 满意度不满90%不得分，否则得5分: the otherwise-points cover what the range leaves.
            cmp = ranges[0].cmp
            points = self.award_amount(otherwise[0])
            complement = Band(cmp.high, not cmp.high_inclusive, None, False, points) \
                if cmp.low is None else Band(None, False, cmp.low, not cmp.low_inclusive, points)
            bands_list = [complement] + [_band(f.cmp, self.award_amount(f)) for f in awards]
            self.use(otherwise[0], *ranges)
            self.draft(first, Bands(max(b.points for b in bands_list), percent=percent, unit=unit,
                                    label=_label(cmp.subject), bands=tuple(bands_list)), measure)
            return
        if not awards and signed:
            # 发现1-2个问题扣1分，3-5个问题扣2分，5个以上问题不得分: deductions by range; a
            # range of no points takes them all.
            ranged = [f for f in signed if f.cmp]
            bounded = [f for f in zeros if f.cmp]
            cmps = [f.cmp for f in ranged + bounded if f.cmp]
            if all(_one_sided(cmp) for cmp in cmps):
                # 低于90%的扣1分,低于80%的扣2分,低于70%的不得分: nested bounds take one band each
                # (75% loses 2, 65% all)
                cmps = _disjoint(cmps)
            lows = [f.cmp.low for f in ranged + zeros if f.cmp and f.cmp.low is not None]
            amounts = _cumulated(ranged) if all(_one_sided(f.cmp) for f in ranged if f.cmp) \
                else [float(f.amount or 0) for f in ranged]
            adjusted = _close_gaps([_band(cmp, amount if f.kind == "bonus" else -amount)
                                    for f, cmp, amount in zip(ranged, cmps, amounts)], lows,
                                   0.01 if percent else 1.0)
            if zeros:
                whole = self.given if self.given is not None else self.stated()
                if whole is None:
                    raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=self.text)
                adjusted += [_band(cmp, -whole) for cmp in cmps[len(ranged):]]
            bands = tuple(_include_tops(adjusted, [f.cmp for f in ranged if f.cmp]))
            self.use(*signed, *zeros)
            assert signed[0].cmp is not None
            self.draft(first, Bands(max(max(b.points for b in bands), 0.0), role="adjust",
                                    percent=percent, unit=unit, label=_label(signed[0].cmp.subject),
                                    bands=bands), measure)
            return
        if not awards:
            return
        if any(f.data.get("respectively") for f in signed):
            # 执行率达到95%得5分;低于90%、80%的,分别扣1分、3分: deductions beside award bands
            # leave values between them unscored (92%): not read
            raise _unreadable(self.text, signed[0].clause)
        lows = [f.cmp.low for f in awards + zeros if f.cmp and f.cmp.low is not None]
        bands = _close_gaps([_band(f.cmp, self.award_amount(f)) for f in awards if f.cmp], lows,
                            0.01 if percent else 1.0)
        bands += [_band(f.cmp, 0.0) for f in zeros if f.cmp]
        bands = _include_tops(bands, [f.cmp for f in awards if f.cmp])
        self.use(*awards, *zeros)
        top = max(band.points for band in bands)
        for fact in signed:
            if fact.kind == "deduct" and fact.cmp is not None:
                bands.append(_band(fact.cmp, max(0.0, top - float(fact.amount or top))))
                self.use(fact)
        bonuses = [f for f in signed if f.kind == "bonus" and f.cmp is not None and _one_sided(f.cmp)]
        if bonuses:
            # 新增税收5万元以上计5分,10万元以上奖5分,50万元以上奖20分: bonuses above the item's
            # points on the same measure, the highest that holds (another part of the same input)
            self.use(*bonuses)
            assert bonuses[0].cmp is not None
            self.draft(bonuses[0], Bands(max(float(f.amount or 0) for f in bonuses), role="bonus",
                                         percent=percent, unit=unit,
                                         label=_label(awards[0].cmp.subject if awards[0].cmp else ""),
                                         bands=tuple(_band(f.cmp, float(f.amount or 0))
                                                     for f in bonuses if f.cmp)), measure)
        for band in bands:
            if band.low is not None and band.high is not None and band.low > band.high:
                raise _bad(self.text, "band_empty", low=band.low, high=band.high)
        assert awards[0].cmp is not None
        self.draft(first, Bands(top, percent=percent, unit=unit,
                                label=_label(awards[0].cmp.subject), bands=tuple(bands)), measure)

    # ------------------------------------------------------------------ awards for words
    def _each_award(self) -> bool:
        """``符合以上每项的,得2分`` / ``…是否…,是否…,符合一项得1分``: a checklist whose items are
        the numbered items (or the questions 是否…) before it, each worth the points named."""
        each = self.of("each_award")
        if not each:
            return False
        fact = each[0]
        numbered: dict[int, str] = {}
        for clause in self.clauses:
            if clause.item is not None and clause is not fact.clause:
                numbered.setdefault(clause.item, _condition(clause.words or clause.text))
        items = list(numbered.values())
        if len(items) < 2:
            asked = self.text[: fact.token.start if fact.token else fact.clause.start]
            items = [_condition(part) for part in asked.split(_W["question"][0])[1:]]
        if len(items) < 2:
            return False
        amount = float(fact.amount or 0)
        # 不符合不得分 beside it says what an item that does not hold gives: nothing.
        self.use(fact, *self.of("context"), *[f for f in self.of("zero") if f.cmp is None])
        self.draft(fact, Checklist(amount * len(items), items=tuple((item, amount) for item in items)),
                   "words")
        return True

    def _word_awards(self) -> None:
        if self._each_award():
            return
        awards = [f for f in self.of("award") if f.cmp is None]
        plain = [f for f in awards if not f.words]
        awards = [f for f in awards if f.words]
        zeros = [f for f in self.of("zero") if f.cmp is None]
        deducts = [f for f in self.of("deduct") if f.cmp is None]
        self._title(awards)
        if self.drafts:
            for fact in list(awards):
                if self._word_beside_numbers(fact):
                    awards.remove(fact)
            deducts = [fact for fact in deducts
                       if not self._short_of_line(fact) and not self._step_heading(fact)]
        for fact in plain:
            if fact.share is None and not self._word_beside_numbers(fact) and \
                    any(d.part.role == "deduct" for d in self.drafts):
                self.full = (self.full or 0.0) + float(fact.amount or 0)
                self.use(fact)
        for fact in self.of("exempt"):
            self._exempt(fact)
        for fact in self.of("exempt"):
            # 超支扣分，若不超支则不扣分: with no measure beside it, a word keeping full points.
            fact.kind, fact.share = "award", 1.0
            awards.append(fact)
        if awards or deducts:
            self._word_measure(awards, zeros, deducts)
            return
        for fact in zeros:
            if self._no_rise(fact):
                continue
            if fact.words and not _reaching_not(fact.words):
                fact.kind = "gate"  # 受举报被查处的不得分: this item only, if it happens
            elif self.drafts:
                self.use(fact)

    def _step_heading(self, fact: Fact) -> bool:
        """``没有完成的扣分,每低于目标值2%扣1分``: a deduction without an amount whose words only say
        the measure fell short, and that a per-step deduction of the same sentence goes on to
        state, heads it (before, its words were a tier of no points, an input of its own)."""
        if fact.amount is not None or fact.share is not None or \
                not _only_short(fact, _FELL_SHORT | set(_W["shortfalls"])):
            return False  # (资料不全的扣分,每迟报1天扣1分: another failing, its own deduction)
        if not any(other.sentence == fact.sentence and other.start > fact.start and
                   other.data.get("sign") in _W["deduct"] for other in self.of("per", used=None)):
            return False
        self.use(fact)
        return True

    def _short_of_line(self, fact: Fact) -> bool:
        """``合格率90%以上,得0.5分;未达标的,扣0.5分``: a deduction whose words only say the measure
        fell short of the one line the item draws scores the other side of that line, the line's
        points less the deduction (nothing when it takes them all); before, it was a second
        measure whose points were added to the item's (PS-R003)."""
        if fact.amount is None or fact.share is not None or not _only_short(fact, _FELL_SHORT):
            return False  # (项目未完成的扣2分: another failing, not the line's other side)
        drafts = self.drafts
        if len(drafts) != 1 or not isinstance(drafts[0].part, Bands) or \
                drafts[0].part.role != "award" or len(drafts[0].part.bands) != 1:
            return False  # (1.…得1分;2.…得1分。未达到的扣0.5分: which line, the text does not say)
        part = drafts[0].part
        line = part.bands[0]  # type: ignore[attr-defined]
        if (line.low is None) == (line.high is None):
            return False  # a range has two other sides
        left = max(0.0, line.points - float(fact.amount))
        if left > 0:
            other = (Band(None, False, line.low, not line.low_inclusive, left) if line.low is not None
                     else Band(line.high, not line.high_inclusive, None, False, left))
            drafts[0].part = replace(part, bands=(line, other))
        self.use(fact)
        return True

    def _no_rise(self, fact: Fact) -> bool:
        """``提高不足1个百分点的得2分，未提高的不得分``: no rise is the change at or below 0, so
        the open lowest band of the change stops there."""
        op = vocab.NO_RISE_WORDS.get(_condition(fact.words).split(",")[-1])
        drafts = [d for d in self.drafts if isinstance(d.part, Bands) and d.part.role == "award"
                  and d.source.clause.item == fact.clause.item]
        if op is None or len(drafts) != 1:
            return False
        part = drafts[0].part
        bands = tuple(replace(band, low=0.0, low_inclusive=op == "<")
                      if band.low is None and band.points > 0 and (band.high or 0) > 0 else band
                      for band in part.bands)  # type: ignore[attr-defined]
        drafts[0].part = replace(part, bands=bands)
        self.use(fact)
        return True

    def _title(self, awards: list[Fact]) -> None:
        """Checklist items among the awards. A title: ``低保动态管理计2分。入户率100%计0.5分,
        按规定时间申报计0.5分…``: the first award states the item's points, the others add up to
        it. Numbered items (``①入户率100%,得0.5分;②…``) that add up to the points likewise.
        Their thresholds (入户率100%) are items that hold or not, not a measure of their own."""
        every = sorted((f for f in self.of("award", used=None) if f.amount is not None),
                       key=lambda f: f.start)
        if len(every) < 2:
            return
        families = [UNIT_FAMILY.get(f.cmp.unit or "", "none") for f in every if f.cmp]
        if len(families) != len(set(families)):
            return  # 全部完成得3分，完成80%以上得2分…: bands of one measure, not items
        total = self.given if self.given is not None else self.stated()
        head = every[0]
        two = len(every) == 2 and total is not None and abs(total - float(head.amount or 0)) < 1e-9
        # a title stands apart from its items: its own sentence before items of one sentence
        # (低保动态管理计2分。入户率100%计0.5分,…), numbered items, or points in brackets
        own_sentence = (head.sentence != every[1].sentence and
                        len({f.sentence for f in every[1:]}) == 1) or \
            head.clause.item is not None or bool(head.data.get("gloss"))
        # (a title is the item's points: not one that the framework's points contradict)
        fits = total is None or abs(total - float(head.amount or 0)) < 1e-9
        if (len(every) >= 3 or two) and own_sentence and fits and head.cmp is None and head.words and \
                all(self.award_amount(f) > 0 for f in every[1:]) and \
                abs(float(head.amount or 0) - sum(self.award_amount(f) for f in every[1:])) < 1e-9:
            self.title = head.amount
            self.use(head)
            if head in awards:
                awards.remove(head)
            items = every[1:]
        elif total is not None and abs(total - sum(self.award_amount(f) for f in every)) < 1e-9 and (
                (all(f.clause.item is not None for f in every) and
                 len({f.clause.item for f in every}) == len(every))
                # 制度健全(1分),执行到位(1分): points in brackets, one per clause (with a bound among
                # them, 培训不少于3次(1分),参训率90%以上(1分), each bound is a measure of its own)
                or (all(f.data.get("gloss") and f.cmp is None for f in every) and
                    len({f.clause.start for f in every}) == len(every))):
            items = every
        else:
            return
        for draft in list(self.drafts):
            part = draft.part
            if isinstance(part, Bands) and len(part.bands) == 1 and draft.source in items:
                self.drafts.remove(draft)
                source = draft.source
                assert source.token is not None
                source.words = _condition(source.text[: source.token.start - source.clause.start])
                source.cmp = None
                awards.append(source)
        awards.sort(key=lambda f: f.start)

    def _word_beside_numbers(self, fact: Fact) -> bool:
        """A word award beside a measure states the measure's best outcome (``在计划时间内
        完成的，得满分``, ``每月都能够在8日前报送…，得6分``), or the full points a deduction
        starts from (``按规定时间拨付资金的得3分，…每滞留半个月扣0.5分``)."""
        full = self.award_amount(fact)
        word = _condition(fact.words)
        if any(other is not fact and other.cmp is None and other.words and not other.used and
               (other.sentence == fact.sentence or
                (fact.clause.item is not None and other.clause.item == fact.clause.item))
               for other in self.of("award", "zero")):
            return False  # 下降的得2分,持平的得1分,增加的不得分: tiers of their own
        beside = any(d.part.role == "deduct" and isinstance(d.part, Numeric) and
                     d.source.sentence == fact.sentence for d in self.drafts)
        for draft in self.drafts:
            part = draft.part
            if draft.source.clause.item != fact.clause.item:
                continue  # numbered items are parts of their own
            if beside and draft.source.sentence != fact.sentence:
                continue  # 按规定时间拨付资金的得3分，每滞留半个月扣0.5分；…: its own sentence first
            if isinstance(part, Bands) and part.role == "adjust" and self.stated() is not None \
                    and abs(full - self.stated()) < 1e-9:
                # 基础分为10分…没有小额信贷回收任务的乡镇计10分: the base, neither added nor taken.
                draft.part = replace(part, exempt=part.exempt + ((word,) if word else ()))
                self.use(fact)
                return True
            if isinstance(part, Bands) and part.role == "adjust" and self.stated() is None and \
                    self.full is None and (self.given is None or abs(full - self.given) < 1e-9) \
                    and all(band.points <= 0 for band in part.bands):
                # 超期10天以内的扣1分,超期10天以上的扣2分,按期完成的得2分: the full points the
                # ranges deduct from; none late (0) deducts nothing.
                bands = part.bands
                if any(band.low is None and (band.high or 0) > 0 for band in bands):
                    bands += (Band(None, False, 0.0, True, 0.0),)
                draft.part = replace(part, bands=bands,
                                     exempt=part.exempt + ((word,) if word else ()))
                self.full = full
                self.use(fact)
                return True
            if isinstance(part, Bands) and part.role == "award" and not word and \
                    abs(full - part.points) < 1e-9:
                self.use(fact)  # 执行率≥95%得2分;90%-95%得1分。(2分): the points said again
                return True
            if isinstance(part, Bands) and part.role == "award" and full >= part.points - 1e-9 and word:
                # (points alone, (2分), say no outcome: 有1次得1分 with them made fewer than 1 the
                # best, silently)
                draft.part = replace(part, points=max(full, part.points), exempt=part.exempt + (
                    (word,) if word else ()), bands=_best_band(part.bands, full, self._full_task(word),
                                                               part.percent))
                self.use(fact)
                return True
        deducting = [d for d in self.drafts if d.part.role == "deduct" and
                     isinstance(d.part, Numeric) and d.source.clause.item == fact.clause.item]
        same = [d for d in deducting if d.source.sentence == fact.sentence]
        if not same and self.given is not None and full < self.given - 1e-9:
            # ``排查对象准确计1分。发现一例优亲厚友扣0.5分``: a part's own points, stated before it.
            same = [d for d in deducting if d.source.start > fact.start][:1]
        # (每月报表计5分,表内项目错一笔扣1分,漏填一个项目扣1分: the item's points, which the
        # deductions all take from, not 5 points for each; below)
        several = len(same) > 1 and (self.given is None or abs(full - self.given) < 1e-9)
        if same and not several and (
                self.given is None or full < self.given - 1e-9 or len(deducting) == len(same)):
            for draft in same:
                draft.part = replace(draft.part, points=full, role="award",
                                     exempt=draft.part.exempt + ((word,) if word else ()))  # type: ignore[call-arg]
                draft.points_open = False
            self.use(fact)
            return True
        everywhere = [d for d in self.drafts if d.part.role == "deduct" and isinstance(d.part, Numeric)]
        if not deducting and everywhere and self.given is not None and \
                abs(full - self.given) < 1e-9 and all(d.source.start > fact.start for d in everywhere):
            # 1.按规定拨付使用资金的,得3分。2.…每延迟拨付1天扣1分: item 1 states the full points
            # that item 2 deducts from.
            deducting = everywhere
        if deducting and all(d.source.sentence >= fact.sentence for d in deducting):
            self.full = (self.full or 0.0) + full
            for draft in deducting:
                if word:
                    draft.part = replace(draft.part, exempt=draft.part.exempt + (word,))  # type: ignore[call-arg]
            self.use(fact)
            return True
        for draft in self.drafts:
            part = draft.part
            if draft.source.clause.item != fact.clause.item:
                continue
            if isinstance(part, (Step, Interpolate, Proportional)) and part.role == "award" and \
                    (abs(part.points - full) < 1e-9 or draft.points_open):
                draft.part = replace(part, exempt=part.exempt + ((word,) if word else ()))
                if draft.points_open:
                    draft.part = replace(draft.part, points=full)
                    draft.points_open = False
                self.use(fact)
                return True
        return False

    def _full_task(self, word: str) -> bool:
        return any(task in word for task in _W["full_task"])

    def _exempt(self, fact: Fact) -> None:
        """``若实施方案没有该项建设任务的,不扣分``: a word meaning no deduction for the measure."""
        word = _condition(fact.words)
        numeric = [d for d in self.drafts
                   if isinstance(d.part, (Bands, Step, CountPenalty, Proportional, Interpolate))]
        numeric.sort(key=lambda d: (d.source.clause.item != fact.clause.item,
                                    d.source.sentence != fact.sentence, abs(d.position - fact.start)))
        for draft in numeric[:1]:
            # (a bound with no words, 0起的不扣分, restates the measure: no answer word; an empty
            # one made a blank cell score full points in the sheet, none in the engine)
            draft.part = replace(draft.part, exempt=draft.part.exempt + ((word,) if word else ()))
            self.use(fact)

    def _word_measure(self, awards: list[Fact], zeros: list[Fact], deducts: list[Fact]) -> None:
        """The word conditions as one measure, or one per numbered item where items hold more
        than a condition each (``1.…按时报送的得1分,超出时间报送的扣1分。2.…准确无误的得1分,
        出现统计错误的扣1分``): each item is a part of its own. Items of deductions for different
        problems alone are one list of them, from the item's points."""
        facts = awards + zeros + deducts
        items = sorted({f.clause.item for f in facts if f.clause.item is not None})
        by_item = {item: [f for f in facts if f.clause.item == item] for item in items}
        problems = not awards and not zeros and \
            _separate_problems([], [], deducts, 0.0, False) is not None
        # 1.建立台账(5分);2.编制规划(5分);3.每出现1例未处理扣2分(5分): items of their own points
        # beside an item scored otherwise are each a part (a list of them, answered ①②, would
        # read as the parts' own labels)
        beside = any(d.source.clause.item is not None and d.source.clause.item not in items
                     for d in self.drafts)
        if len(items) > 1 and all(f.clause.item is not None for f in facts) and not problems and (
                beside or any(len([f for f in group if f not in zeros]) > 1
                              for group in by_item.values())):
            for item, group in by_item.items():
                self._one_word_measure([f for f in group if f in awards],
                                       [f for f in group if f in zeros],
                                       [f for f in group if f in deducts], f"words:{item}")
            return
        self._one_word_measure(awards, zeros, deducts, "words")

    def _one_word_measure(self, awards: list[Fact], zeros: list[Fact], deducts: list[Fact],
                          measure: str) -> None:
        positive = [f for f in awards if f.amount or f.share]
        explicit_zero = [f for f in zeros + [f for f in awards if f not in positive]
                         if f.words and not _otherwise(f.words)]
        otherwise = [f for f in zeros if not f.words or _otherwise(f.words)]
        facts = positive + explicit_zero + deducts
        first = min(facts, key=lambda f: f.start)
        amounts = [self.award_amount(f) for f in positive]
        points = self.given if self.given is not None else self.stated()
        numbered = any(f.clause.item is not None for f in positive)
        total = sum(amounts)
        conditions = [_condition(f.words) for f in positive]
        # 公示的得5分,经费配套的得4分,未按规定的每项相应扣分: items that lose their own points
        restating = [f for f in deducts if f.amount is None and f.share is None and
                     any(word in f.words for word in _W["correspondingly"])]
        if restating and len(restating) == len(deducts) and len(positive) >= 2:
            self.use(*restating)
            deducts = []
        if len(positive) >= 2 and not deducts and (
                (points is not None and abs(total - points) < 1e-9 and max(amounts) < points)
                or (points is None and not explicit_zero and (
                    numbered or (len(set(amounts)) == 1 and not _common_suffix(conditions))))):
            self.use(*positive, *zeros, *(f for f in explicit_zero if any(  # (3)上述两项均不符合0分
                word in f.words for word in vocab.NONE_MET_WORDS)))
            items = tuple(zip(conditions, amounts))
            self.draft(first, Checklist(total, items=items), measure)
            return
        if len(positive) == 1 and not explicit_zero and not deducts:
            self.use(positive[0], *otherwise)
            self.draft(first, Qualitative(amounts[0], condition=conditions[0]), measure)
            return
        top = max(amounts) if amounts else points
        if top is None:
            raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=self.text)
        tiers: list[tuple[int, str, float]] = [(f.start, c, a) for f, c, a in
                                               zip(positive, conditions, amounts)]
        tiers += [(f.start, _condition(f.words), 0.0) for f in explicit_zero]
        kept = False  # a tier keeps the points
        for fact in deducts:
            lost = (top * fact.share if fact.share is not None else  # 扣分值的20%: a share
                    top if fact.amount is None else float(fact.amount))
            condition = _condition(fact.words)
            words = fact.words.rstrip(",;")
            word = next((w for w in _OTHERWISE_TAILS if words.endswith("," + w)), None)
            if word is not None:
                # 按时报送,否则扣1分: X keeps the points, anything else (未达成) loses them
                condition = ""
                if not positive:
                    tiers.append((fact.start - 1, _condition(words[: -len(word)]), top))
                    kept = True
            tiers.append((fact.start, condition or vocab.QUALITATIVE_CHOICES["not_achieved"],
                          max(0.0, top - lost)))
        if not positive and not kept:
            # ``未落实的扣2分``, ``未进行清理的不得分,清理不及时的扣1分``: the condition the
            # other way round (or 达成) keeps the points.
            # (not of alternatives: 未装订或装订不整齐 the other way round is no condition, and
            # 装订或装订不整齐 would take 装订不整齐 as met)
            met = next((positive_word(word.split(",")[-1]) for _, word, _ in tiers
                        if positive_word(word.split(",")[-1]) and
                        not any(either in word for either in _W["either"])),
                       vocab.QUALITATIVE_CHOICES["achieved"])
            tiers.insert(0, (first.start - 1, met, top))
        tiers.sort(key=lambda tier: tier[0])  # stable: words paired by 分别 keep their order
        pairs = [(word, amount) for _, word, amount in tiers]
        self.use(*facts, *otherwise)
        event = not positive and pairs[0][0] == vocab.QUALITATIVE_CHOICES["achieved"]
        named = Tiers(top, tiers=tuple(pairs), words=tier_words(pairs), event=event)
        problems = _separate_problems(positive, explicit_zero, deducts, top, kept)
        if problems is None:
            self.draft(first, named, measure)
            return
        caps = [f for f in self.of("cap") if f.data["sign"] in _W["deduct"]]
        if len(caps) > 1 or any(word in cap.clause.text for cap in caps for word in _W["cap_each"]):
            # (单项最多扣1分: a cap of each problem, which a list of them does not hold)
            self.draft(first, named, measure)
            return
        self.use(*caps)
        met = conditions[0] if positive else ""
        items = []
        for index, (problem, lost) in enumerate(problems):
            lead, problem = _lead_in(problem)
            if lead and index == 0 and not met and not lead.startswith(_W["context"]):
                met = lead  # 按时将辅助器具发放到特困残疾人,发现截留扣1分: the requirement
            items.append((problem, lost))
        cap = float(caps[0].amount) if caps and caps[0].amount is not None else None
        draft = self.draft(first, Deductions(top, items=tuple(items), met=met, cap=cap), measure)
        draft.fallback = named

    # ------------------------------------------------------------------ vetoes and gates
    def _cutoffs(self) -> None:
        """``每迟报1天扣1分,迟报4天以上不得分``, ``每一处错误扣1分;有五处及以上错误,不得分``: a
        count or step that deducts as the value grows ends in no points from a bound on the
        same measure; that bound is the rule's 本项不得分 on it (a gate), not an award of 0."""
        for fact in self.of("zero"):
            cmp = fact.cmp
            if cmp is None or cmp.low is None or cmp.high is not None:
                continue
            family, words = self.family(cmp.unit), _bound_words(fact)
            if any(isinstance(d.part, (Step, CountPenalty)) and d.part.role != "bonus"
                   and self._family_of(d.part) in (family, "none")
                   and _names_same_measure(words, d.source)
                   and (words or not (isinstance(d.part, Step) and d.part.direction == "below"))
                   for d in self.drafts):  # (每降低1%扣0.5分,15%以上不得分: 15% of what, not said)
                fact.kind = "gate"

    def _family_of(self, part: Part) -> str:
        """The kind of quantity a numeric part measures."""
        return self.family("%" if getattr(part, "percent", False) else getattr(part, "unit", None))

    def _gates(self) -> None:
        for fact in self.of("veto", "gate"):
            condition = _condition(fact.words)
            self.use(fact)
            if fact.cmp is not None:
                # 完成率在80%以下,视为不合格: the measure itself triggers it.
                band = _band(fact.cmp, 0.0)
                family = self.family(fact.cmp.unit)
                words = _bound_words(fact)
                same = [d for d in self.drafts if (isinstance(
                    d.part, (Bands, Step, Proportional, Interpolate)) or (
                    isinstance(d.part, CountPenalty) and _names_same_measure(words, d.source)))
                    and self._family_of(d.part) in (family, "none")]  # not 重大问题 on 问题
                measure = same[0].measure if same else f"num:{family}"
                shift = _verb_kind(next((verb for verb in _STEP_VERB
                                         if len(verb) > 1 and verb in fact.cmp.subject), ""))
                steps = [d.part for d in same if isinstance(d.part, Step)]
                if shift in ("decrease", "increase") and steps and fact.cmp.low is not None:
                    # 每下降1%扣0.2分，下降超过10%的本项不得分: the fall from the step's line
                    line, sign = steps[0].line, -1 if shift == "decrease" else 1
                    edge = round15(line + sign * fact.cmp.low)
                    band = Band(None, False, edge, fact.cmp.low_inclusive, 0.0) if sign < 0 \
                        else Band(edge, fact.cmp.low_inclusive, None, False, 0.0)
                kind = Veto if fact.kind == "veto" else Gate
                counted = next((d.part.label or vocab.NOTATION_WORDS["problem"]  # 发现有2次以上
                                for d in same if isinstance(d.part, CountPenalty)), "")
                self.draft(fact, kind(0.0, verdict=fact.data.get("verdict", ""), band=band,
                                      label=counted,  # 逻辑审核错误≥5处: the count's own name
                                      percent=fact.cmp.unit == "%",
                                      unit=None if fact.cmp.unit == "%" else fact.cmp.unit,
                                      condition=_condition(fact.text[: fact.token.start -
                                                                      fact.clause.start])
                                      if fact.token else ""), measure)
                continue
            if fact.kind == "veto":
                self.draft(fact, Veto(0.0, condition=condition, verdict=fact.data.get("verdict", "")))
                continue
            gate = Gate(0.0, condition=condition, disqualify=fact.data.get("disqualify", ""))
            linked = self._linked(condition)
            if linked is not None:
                self.draft(fact, replace(gate, linked=True), linked.measure)
            else:
                self.draft(fact, gate)

    def _linked(self, condition: str) -> Draft | None:
        """The award whose condition ``condition`` negates (``计划未全部落实``)."""
        core = _strip_negation(condition)
        for draft in self.drafts:
            own = getattr(draft.part, "condition", "")
            if own and core and own != condition and _strip_negation(own) == core:
                return draft
        return None

    # ------------------------------------------------------------------ finish
    def _whole(self, draft: Draft, points: float | None) -> float:
        """What ``有1人不达标的,该项不得分`` takes when the awards leave no base: the awards
        of its own numbered item, else the item's points (not nothing)."""
        item = draft.source.clause.item
        own = [d.part.points for d in self.drafts if d.part.role == "award"
               and item is not None and d.source.clause.item == item]
        return sum(own) if own else float(points or 0)

    def _finish(self) -> Rule:
        if not self.drafts:
            self._bare_condition()
        if not self.drafts:
            raise _fail(self.text, vocab.MESSAGES["rule_no_scoring"].format(part=self.text[:40]), 0)
        if len({draft.measure for draft in self.drafts}) > 1 or self.each is not None:
            for draft in self.drafts:
                # deductions for different problems beside another measure: their labels (②③)
                # would read as the parts' own (①…;②…), so they are tiers there, one at a time
                draft.part = draft.fallback or draft.part
        if self.each is not None:
            self._each()
        if self.stated() is None and self.full is None:
            self._scoped_points()
        scored = [d for d in self.drafts if d.part.role in ("award", "adjust")]
        deducting = [d for d in self.drafts if d.part.role == "deduct"]
        bonus_caps = sum(d.part.points for d in self.drafts
                         if d.part.role == "bonus" and not d.points_open)
        bonus_fills = False
        stated = self.stated()
        text_points = stated
        if text_points is None and self.full is not None:
            text_points = self.full
        if text_points is None and not scored and bonus_caps and self.given is not None and \
                abs(self.given - bonus_caps) < 1e-9:
            text_points, bonus_fills = self.given, True  # 每有1次加1分,最多加2分 (2 points)
        if text_points is None and scored and not any(d.points_open for d in scored):
            text_points = sum(d.part.points for d in scored if d.part.role == "award") + (
                self.full or 0.0)
            if any(d.part.role == "adjust" for d in scored) and not any(
                    d.part.role == "award" for d in scored):
                text_points = None
            if self.given is not None and text_points is not None and bonus_caps and \
                    abs(self.given - text_points - bonus_caps) < 1e-9:
                # 得1.5分;每增加1名加0.05分,加分不超过0.5分 (2 points): the capped bonus
                # fills the item's points, beside the awards.
                text_points, bonus_fills = self.given, True
            elif deducting and self.full is None and self.given is not None and \
                    text_points is not None and self.given > text_points + 1e-9:
                # …得2分,每降低10个百分点扣0.5分;应编未编的,每项扣0.5分 (4 points): the
                # deductions start from what the awards leave of the framework's points.
                text_points = None
        required = bool(deducting) or any(d.points_open for d in self.drafts
                                          if d.part.role != "bonus")
        if self.given is not None and text_points is not None and stated is None and \
                abs(self.given - text_points) > 1e-9 and not deducting:
            self.points_for(text_points)  # PS-R003: the awards add up to other points
        points = self.points_for(text_points, required=required)
        for draft in self.drafts:
            if draft.points_open and draft.part.role in ("award", "bonus"):
                share = float(points or 0)
                item = draft.source.clause.item
                others = [d.part.points for d in self.drafts if d.part.role == "award" and
                          not d.points_open and item is not None and
                          d.source.clause.item not in (None, item)]
                if draft.part.role == "award" and others and sum(others) < share:
                    # ①…得5分;②…按比例得分 (10 points): item ② has what item ① leaves
                    share -= sum(others)
                draft.part = replace(draft.part, points=share)
                draft.points_open = False
        awarded = sum(d.part.points for d in self.drafts if d.part.role == "award")
        base = 0.0
        if deducting or (not awarded and any(d.part.role in ("adjust", "veto", "gate")
                                             for d in self.drafts)):
            # Deductions (an adjusting band, a veto) act on the full points: those the text
            # states for them, else the item's less what the awards give.
            if self.full is not None:
                base = self.full
            else:
                base = max(0.0, float((stated if stated is not None else points) or 0) - awarded
                           - (bonus_caps if bonus_fills else 0.0))
        # With nothing left beside the awards, deductions take from what the awards give
        # (``…得5分;发现问题每处扣1分``, 5 points): never a part that can take nothing.
        reach = base if base or not awarded else float(points or awarded)
        for draft in self.drafts:
            part = draft.part
            if isinstance(part, CountPenalty) and draft.source.data.get("all"):
                whole = part.points if part.role == "award" else base or self._whole(draft, points)
                draft.part = replace(part, points=whole, penalty=whole)
            elif part.role == "deduct":
                cap = getattr(part, "cap", None)
                draft.part = replace(part, points=min(cap, reach) if cap is not None else reach)
        scoring = [d for d in self.drafts if d.part.role not in ("gate", "veto")]
        if len(scoring) == 1 and scoring[0].part.role == "deduct" and base:
            # One deduction alone (每发现一处问题扣0.5分，最多扣3分): its own points are the base.
            only = scoring[0]
            only.part = replace(only.part, points=base, role="award")
            base = 0.0
        self._join_past_lines()
        slots: dict[str, int] = {}
        parts: list[Part] = []
        for draft in sorted(self.drafts, key=lambda d: d.position):
            slot = slots.setdefault(draft.measure, len(slots))
            parts.append(replace(draft.part, slot=slot))
        best = base + sum(p.points for p in parts if p.role == "award" or (
            bonus_fills and p.role == "bonus"))
        unreachable = best < points - 1e-9 if points is not None else False
        # (a base beside an award is beyond too: 满分3分 and 达成的得3分 made 6 reachable, silently)
        beyond = points is not None and best > points + 1e-9 and (len(
            {p.slot for p in parts if p.role == "award"}) > 1 or base > 0)
        if (unreachable or beyond) and not any(
                p.role == "adjust" or isinstance(p, (Discretionary, EvaluatorDeduction))
                for p in parts):
            # ``满分5分,按时报送得3分,每迟报1天扣0.5分``: no value reaches the points stated;
            # parts of their own that add up to more than the points are not one item
            raise RuleError(vocab.MESSAGES["rule_points_conflict"].format(
                text_points=f"{best:g}", points=f"{points:g}"), code="PS-R003", text=self.text)
        checklist = next((d for d in self.drafts if isinstance(d.part, Checklist)), None)
        if checklist is not None and len(set(slots.values())) > 1:
            # 公示的得4分,按时公开的得5分,每次扣0.5分: the checklist's answer ①② in a value of
            # parts ①…;②… reads as the parts' own labels (①②;1 would be item ② only)
            raise _fail(self.text, vocab.MESSAGES["rule_checklist_beside_parts"].format(
                part=checklist.source.clause.text[:30]), checklist.source.clause.start)
        return Rule(points, self.text, tuple(parts), base)

    def _join_past_lines(self) -> None:
        """A bonus past a line reads the input of the one measure of its kind the rule scores
        (``完成率100%得60分;每超额完成1个百分点加0.5分``: 110% in one cell), not an input of its
        own that a single value leaves empty (the bonus was silently lost); beside two such
        measures it is not read."""
        for draft in self.drafts:
            if draft.joins is None:
                continue
            measures = {d.measure for d in self.drafts if d is not draft and d.joins is None
                        and isinstance(d.part, Numeric) and d.part.role not in ("bonus", "gate", "veto")
                        and self._family_of(d.part) == draft.joins}
            named = draft.part.label
            if named and measures and not any(
                    d.measure in measures and d.part.label and
                    (named in d.part.label or d.part.label in named or _same_rate(named, d.part.label))
                    for d in self.drafts):
                # 预算执行率达到100%得5分;项目绩效目标完成率每超过1个百分点加0.2分: another measure
                raise _unreadable(self.text, draft.source.clause)
            if len(measures) > 1:
                raise _unreadable(self.text, draft.source.clause)
            if measures:
                draft.measure = measures.pop()

    def _bare_condition(self) -> None:
        """A condition with a quality word and no outcome (``办公流程和业务开展网上综合办公平台
        全覆盖``) is qualitative when the framework gives the points; any other text without
        scoring content is not a rule."""
        context = self.of("context")
        words = ",".join(_condition(f.words) for f in context if f.words)
        if not context or quality_word(words) is None:
            return
        if self.given is None:
            raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=self.text)
        self.use(*context)
        self.draft(context[0], Qualitative(self.given, condition=words), "words")

    def _each(self) -> None:
        """``土地治理项目和产业化经营项目…各占1分``: the measure once per subject, each with its
        share of the points (its own floor: one half's shortfall never takes the other's)."""
        assert self.each is not None
        subjects, amount = self.each.data["subjects"], float(self.each.amount or 0)
        drafts, self.drafts = self.drafts, []
        for index, subject in enumerate(subjects):
            for draft in drafts:
                part = replace(draft.part, label=subject, points=amount,
                               role="award" if draft.part.role == "deduct" else draft.part.role)
                self.drafts.append(Draft(draft.position + index, part, draft.source,
                                         f"{draft.measure}#{index}"))
        self.title = amount * len(subjects)
        self.full = None

    def _check_unused(self, rule: Rule) -> None:
        for fact in self.facts:
            if fact.used or fact.kind in _NEUTRAL or fact.kind == "context":
                continue
            if fact.kind in ("cap", "standard", "base") and rule.parts:
                continue
            raise _fail(self.text, vocab.MESSAGES["rule_unused"].format(
                part=fact.text[:40], kind=vocab.KIND_LABELS[rule.kind.value]), fact.clause.start)

    def _check_examples(self, rule: Rule) -> Rule:
        """``如86%扣5分`` is checked against the rule; it also settles partial-step wording: when
        the rule leaves partial steps to the policy and the example agrees with only some
        treatments, the first of them (up, down, linear) becomes the rule's own wording."""
        for fact in self.of("example", used=None):
            value, what = fact.data["value"], fact.data["what"]
            want = float(rule.points or 0) - float(fact.amount or 0) if what == "lost" \
                else float(fact.amount or 0)
            candidates = [rule]
            steps = [p for p in rule.parts if isinstance(p, Step) and p.partial_step is None]
            if steps:
                candidates = [replace(rule, parts=tuple(replace(p, partial_step=policy)
                                                         if p in steps else p for p in rule.parts))
                              for policy in ("up", "down", "linear")]
            agreeing = [c for c in candidates if abs(c.score(value) - want) < 1e-9]
            if not agreeing:
                assert fact.token is not None  # an example is always read from its token
                example = self.text[fact.token.start:fact.token.end]
                raise RuleError(vocab.MESSAGES["rule_example_mismatch"].format(
                    part=example, score=f"{rule.score(value):g}"),
                    code="PS-R004", text=self.text, position=fact.start)
            if len(agreeing) < len(candidates):
                rule = agreeing[0]
        return rule


def assemble(text: str, clauses: list[Clause], given: float | None) -> Rule:
    """The rule the clauses of ``text`` state (see module docs).

    Raises:
        RuleError: PS-R001 unreadable or unused part, PS-R002 no points, PS-R003 points
            conflict, PS-R004 nonsense numbers or an example that disagrees.
    """
    return Assembly(text, clauses, given).run()


def _verb_kind(verb: str) -> str | None:
    """The direction of a step's verb (``降低`` decrease, ``超过`` increase …), None if unknown."""
    if verb in _STEP_VERB:
        return _STEP_VERB[verb]
    for word, kind in sorted(_STEP_VERB.items(), key=lambda item: -len(item[0])):
        if len(word) > 1 and (verb.endswith(word) or verb.startswith(word)):
            return kind
    return None


def _max_award(facts: list[Fact]) -> float | None:
    amounts = [f.amount for f in facts if f.kind == "award" and f.amount is not None]
    return max(amounts) if amounts else None


def _cumulated(facts: list[Fact]) -> list[float]:
    """The amounts of nested one-sided deductions, those marked 再/另/又 (``低于90%扣2分,低于80%
    再扣2分``) adding the deduction of the wider bound they lie within (75% loses 4)."""
    amounts = [float(f.amount or 0) for f in facts]
    for upper in (True, False):  # each side on its own: 低于90%…,高于110%再扣 adds nothing
        side = [i for i, f in enumerate(facts) if f.cmp is not None and (f.cmp.high is not None) == upper]
        # widest first: the highest upper bound, the lowest lower bound
        side.sort(key=lambda i: facts[i].cmp.high if upper else -(facts[i].cmp.low or 0.0),  # type: ignore[union-attr]
                  reverse=True)
        for wider, tighter in zip(side, side[1:]):
            fact = facts[tighter]
            assert fact.cmp is not None and fact.token is not None
            between = fact.clause.text[fact.cmp.end - fact.clause.start:
                                       fact.token.start - fact.clause.start]
            if between.rstrip(",").endswith(vocab.AGAIN_WORDS):
                amounts[tighter] += amounts[wider]
    return amounts


def _disjoint(cmps: list[Comparison]) -> list[Comparison]:
    """Nested one-sided bounds as adjoining bands: each ends where the next, tighter one starts
    (``<80%、<70%、<60%`` → 70–80%, 60–70%, <60%; ``>5%、>10%`` → 5–10%, >10%)."""
    out = list(cmps)
    uppers = sorted((i for i, c in enumerate(cmps) if c.high is not None),
                    key=lambda i: cmps[i].high, reverse=True)  # type: ignore[arg-type, return-value]
    for wide, tight in zip(uppers, uppers[1:]):
        out[wide] = replace(out[wide], low=cmps[tight].high, low_inclusive=not cmps[tight].high_inclusive)
    lowers = sorted((i for i, c in enumerate(cmps) if c.low is not None), key=lambda i: cmps[i].low)  # type: ignore[arg-type, return-value]
    for wide, tight in zip(lowers, lowers[1:]):
        out[wide] = replace(out[wide], high=cmps[tight].low, high_inclusive=not cmps[tight].low_inclusive)
    return out


def _one_sided(cmp: Comparison) -> bool:
    return (cmp.low is None) != (cmp.high is None)


def _common_unit(facts: list[Fact]) -> Fact | None:
    """Bounds of one measure in the unit of its first (``5000万元以上得3分,1亿元以上另奖2分``:
    1亿元 is 10000万元; its number was read in 万元, so 4000万元 took the bonus). Returns a fact
    whose unit does not convert to it though both are units of time or amounts (``15天内得3分,
    1个月内得2分``: read as 1天), which the caller refuses."""
    unit = next((f.cmp.unit for f in facts if f.cmp is not None and f.cmp.unit not in (None, "%")),
                None)
    if unit is None:
        return None
    for fact in facts:
        cmp = fact.cmp
        if cmp is None or cmp.unit in (None, "%", unit):
            continue
        factor = unit_factor(cmp.unit, unit)
        if factor is None:
            if _unconvertible(cmp.unit, unit):
                return fact
            continue
        scale = float(factor)
        fact.cmp = replace(cmp, unit=unit,
                           low=None if cmp.low is None else round15(cmp.low * scale),
                           high=None if cmp.high is None else round15(cmp.high * scale))
    return None


def _unconvertible(first: str, second: str) -> bool:
    """Whether two units both convert within groups of their own but not into each other (天 and
    个月, 元 and 吨): one measure cannot be in both."""
    return len([group for group in vocab.UNIT_FACTORS if first in group or second in group]) == 2


def _band(cmp: Comparison | None, points: float) -> Band:
    assert cmp is not None
    return Band(cmp.low, cmp.low_inclusive, cmp.high, cmp.high_inclusive, float(points))


def _close_gaps(bands: list[Band], lows: list[float], step: float) -> list[Band]:
    """``1-3次得4分;4-6次得2分``, ``80-89%``: ranges written to whole units leave a gap of one
    unit (``step``) to the next range's lower bound; each reaches up to it (3.5 counts as 1-3,
    89.5% as 80-89%), so no value falls between them."""
    closed = list(bands)
    for index, band in enumerate(bands):
        if band.high is None or band.low is None or any(abs(low - band.high) < 1e-9 for low in lows):
            continue  # no gap: the next range starts where this one ends
        following = [low for low in lows if band.high < low <= band.high + step + 1e-9]
        if following:
            closed[index] = replace(band, high=min(following), high_inclusive=False)
    return closed


def _include_tops(bands: list[Band], cmps: list[Comparison]) -> list[Band]:
    """``95%-100%得5分``, ``10-20个工作日得3分,超过20个工作日不得分``: a bound left out only by
    convention is inside where no other band holds it (100% scores 5). Upper bounds first, so
    ``7-10名得1分,10名以后不得分`` gives the 10th 1 and ``11-30名…31名以后`` the 31st its band."""
    included = list(bands)
    for index, (band, cmp) in enumerate(zip(bands, cmps)):
        if cmp.high_by_convention and band.high is not None and not band.high_inclusive and \
                band.high == cmp.high and \
                not any(other.contains(band.high) for j, other in enumerate(included) if j != index):
            included[index] = replace(band, high_inclusive=True)
    for index, (band, cmp) in enumerate(zip(included, cmps)):
        if cmp.low_by_convention and band.low is not None and not band.low_inclusive and \
                band.low == cmp.low and \
                not any(other.contains(band.low) for j, other in enumerate(included) if j != index):
            included[index] = replace(band, low_inclusive=True)
    return included


def _best_band(bands: tuple[Band, ...], full: float, full_task: bool,
               percent: bool) -> tuple[Band, ...]:
    """The band a full-points word stands for: ``全部完成`` next to percentages is ≥100%;
    otherwise the values beyond the best band: above it when it holds the highest values
    (``完成率在80-100%得10分`` → from 100%), below it when it holds the lowest (``期间有1-3次…
    得4分`` → under 1)."""
    if full_task and percent:
        return bands + (Band(1.0, True, None, False, full),)
    positive = [band for band in bands if band.points > 0]
    if not positive:
        return bands
    best = max(positive, key=lambda band: band.points)
    lows = [band.low for band in bands if band.low is not None]
    def top(band: Band) -> float:
        return float("inf") if band.high is None else band.high
    def bottom(band: Band) -> float:
        return float("-inf") if band.low is None else band.low
    if best.high is not None and top(best) >= max(top(band) for band in bands):
        # the top itself too: 完成率在80-100%得10分,全部完成得20分 gives 100% the 20
        return bands + (Band(best.high, True, None, False, full),)
    if lows and best.low is not None and bottom(best) <= min(bottom(band) for band in bands):
        # none at all is the best (超支率在0-5%的得1分,未超支的得2分: 0% is 未超支)
        return bands + (Band(None, False, best.low, best.low == 0 or not best.low_inclusive, full),)
    if best.low is None and best.high is not None and best.high > 0:
        # 在规定时间内报送的得2分,逾期3天以内的得1分: none at all (0) is better than ≤3
        return bands + (Band(None, False, 0.0, True, full),)
    if percent and best.high is None and best.low is not None and best.low < 1.0:
        # 问题全部整改的得2分,整改率达到80%以上的得1分: the whole (100%) is better than ≥80%
        return bands + (Band(1.0, True, None, False, full),)
    return bands


def _label(text: str) -> str:
    """A short name of what is measured, from a condition's words (``办理比率在`` → 办理比率):
    the last phrase, before any number, without comparison words; at most 20 characters."""
    pieces = _condition(text).split(",")
    if len(pieces) > 1 and pieces[-1] in vocab.FOUND_VERBS:
        pieces.pop()  # 存在违规办理业务的情况,查到1次: what was found, not the finding
    text = re.split(r"[\d<>≤≥=(]", pieces[-1])[0]
    for word in sorted(_OPERATOR_WORDS, key=len, reverse=True):
        cut = text.find(word)
        if cut > 0:
            text = text[:cut]
    for word in _W["label_tails"]:
        text = text.removesuffix(word)
    return text[-20:]


def _ratio(expr: str) -> tuple[tuple[float, bool] | None, str, float | None]:
    """The target, label and points of a formula: ``实际完成值/80%*10`` → (0.8, percent), 10."""
    ratio, points = expr, None
    for factor in expr.split("*"):
        number = re.fullmatch(r"(\d+(?:\.\d+)?){points}?".format(**_W), factor)
        if number:
            points = float(number.group(1))
    for factor in expr.split("*"):
        if not _FULL_POINTS.fullmatch(factor) and \
                not re.fullmatch(r"\d+(?:\.\d+)?{points}?".format(**_W), factor):
            ratio = factor
            break
    for word in sorted(vocab.RULE_WORDS["according"], key=len, reverse=True):
        if ratio.startswith(word) and len(ratio) > len(word):
            ratio = ratio[len(word):]  # 按(实际运行率/98%)
            break
    if ratio.startswith("(") and ratio.endswith(")"):
        ratio = ratio[1:-1]
    ratio = re.sub(r"\([^()]*\)", "", ratio)
    if "/" in ratio:
        denominator = ratio.rsplit("/", 1)[1]
        match = re.fullmatch(r"(\d+(?:\.\d+)?)(%)?", denominator)
        if match:
            value = value_of(match.group(1), match.group(2))
            if value > 0:
                return (value, match.group(2) == "%"), _label(ratio.rsplit("/", 1)[0]), points
    return None, _label(ratio), points


def component(name: str) -> tuple[str, bool]:
    """The name of a weighted component and whether it is an average: ``加上全部重点县的区县级
    考评分数的算术平均值`` → (区县级考评, True); ``市级考评分数`` → (市级考评, False)."""
    name = name.strip(",;:、()")
    changed = True
    while changed:
        changed = False
        for word in sorted(_C["lead"], key=len, reverse=True):
            if name.startswith(word) and len(name) > len(word):
                name, changed = name[len(word):], True
    average = any(word in name for word in _C["average"])
    for word in sorted(_C["average"], key=len, reverse=True):
        name = name.replace(word, "")
    changed = True
    while changed:
        changed = False
        for word in sorted(_C["score"] + _C["of"], key=len, reverse=True):
            if name.endswith(word) and len(name) > len(word):
                name, changed = name[: -len(word)], True
    name = re.sub(r"\d+(?:{})$".format("|".join(map(re.escape, _C["count"]))), "", name)  # 3项
    of = _C["of"][0]
    if of in name and len(name.rsplit(of, 1)[1]) >= 2:
        name = name.rsplit(of, 1)[1]  # 全部重点县的区县级考评 → 区县级考评
    return name.strip(",;:、()")[-20:], average


def _weight(number: str, percent: str | bool | None) -> float:
    return value_of(number, "%" if percent else None)


def _terms(expr: str) -> list[tuple[str, float | None]] | None:
    """The terms of a weighted sum ``A*70%+B*0.3`` (a weight may be ``权重系数``, stated
    elsewhere), or None when ``expr`` is no such sum."""
    terms = expr.split("+")
    if len(terms) < 2:
        return None
    found: list[tuple[str, float | None]] = []
    for term in terms:
        factors = term.split("*")
        if len(factors) != 2:
            return None
        values = [_WEIGHT_VALUE.fullmatch(factor) for factor in factors]
        if values[1] is not None:
            found.append((factors[0], _weight(values[1].group(1), values[1].group(2))))
        elif values[0] is not None:
            found.append((factors[1], _weight(values[0].group(1), values[0].group(2))))
        elif factors[1] in _W["weight"]:
            found.append((factors[0], None))
        else:
            return None
    return found


def _formula_text(fact: Fact) -> str:
    """A formula's whole expression: what the token holds and, past its 80 characters, the rest
    of the clause (a long weighted sum is read whole or refused, never cut)."""
    return fact.data.get("expr", "") + fact.data.get("more", "")


#: Words that name no component (``得分=得分×40%+满分×60%``).
_NOT_NAMES = frozenset((*_C["score"], *_W["full_points"], *_W["weight"], "总分", "综合分"))


def _match_names(names: list[str], declared: list[str]) -> list[int | None]:
    """For each formula name, the index of the one declared name it stands for: the same name,
    else the one declared name it contains or is contained in; None for a name with no such
    declared name or several, or whose declared name another name takes too (no guessing:
    省级部门考评 is 省级部门, never 市级部门考评 for their shared 级部门考评)."""
    found: list[int | None] = []
    for name in names:
        same = [index for index, other in enumerate(declared) if other == name]
        near = same or [index for index, other in enumerate(declared)
                        if other and (other in name or name in other)]
        found.append(near[0] if len(near) == 1 else None)
    return [None if index is not None and found.count(index) > 1 else index for index in found]


def _score_ratio(expr: str) -> float | None:
    """``适用指标得分/适用指标满分*100``: a score over its full points, times the item's points
    (returned; 0 for ``*分值``, the item's own); None for any other formula."""
    match = re.fullmatch(r"\(?([^/*()]+)/([^/*()]+?)\)?(?:\*(?:(\d+(?:\.\d+)?){points}?|{full}))?".format(
        points=_W["points"][0], full="|".join(map(re.escape, _W["full_points"]))), expr)
    if match is None:
        return None
    got, full = match.group(1), match.group(2)
    if not any(word in full for word in vocab.RESCALE_ALIASES[1]) or \
            not any(word in got for word in vocab.RESCALE_ALIASES[0]) or \
            any(word in got for word in vocab.RESCALE_ALIASES[1] if word not in vocab.RESCALE_ALIASES[0]):
        return None
    return float(match.group(3)) if match.group(3) else 0.0


def _subjects(text: str) -> list[str]:
    """The subjects of ``A和B…各占1分``: A and B (the words after the last of them dropped)."""
    parts = re.split("|".join(re.escape(word) for word in _W["and"]), text)
    parts = [part for part in parts if part]
    if len(parts) > 1:
        tail = parts[-1]
        cut = min((tail.find(word) for word in vocab.SUBJECT_ENDS if tail.find(word) > 0),
                  default=-1)
        if cut > 0:
            parts[-1] = tail[:cut]
    return parts


#: The whole words of a deduction that only says the measure fell short of its line (未达到,
#: 未达标, 低于, …) or, a comparison word alone, went past it (超过).
_FELL_SHORT = _BEYOND | frozenset(_W["negated_outcomes"])


def _only_short(fact: Fact, words: frozenset[str]) -> bool:
    """Whether a fact's condition is one of ``words`` and nothing more (``未达标的`` is 未达标;
    ``项目未完成的`` names another failing): stricter than :func:`_reaching_not`."""
    return _condition(fact.words).strip(",").removesuffix("的") in words


def _restates(fact: Fact, last: Fact) -> bool:
    """Whether a per-item deduction after ``last`` (the last of items that each give the same
    points) only says the list again: each missing item loses its points (``每少一项扣1分``,
    ``未达到规定要求的每一项扣1分``), not a measure of its own (``绩效指标每少一个``)."""
    verb = (fact.data.get("verb") or "").strip(",")
    return (fact.kind == "per" and fact.start > last.start and fact.amount == last.amount
            and fact.clause.item in (None, last.clause.item)  # not an item of its own
            and fact.data.get("unit") in vocab.ITEM_UNITS and not fact.data.get("noun")
            and ((_verb_kind(verb) == "decrease" and not _label(fact.words))
                 or (not verb and _reaching_not(fact.words))))


def _reaching_not(words: str) -> bool:
    """Words that only say the measure fell short (未达到的, 低于的, 未完成的) or, a comparison
    word alone, went past its line (``控制率≤100%得满分,超过的不得分``): no condition of their
    own, so ``…不得分`` after them adds nothing to the measure's own scoring."""
    return _condition(words) in _BEYOND or (
        any(word in words for word in _W["negated_outcomes"]) and len(words) <= 8)


def _strip_negation(words: str) -> str:
    return "".join(ch for ch in words if ch not in vocab.NEGATION_CHARS)


def _separate_problems(positive: list[Fact], zeros: list[Fact], deducts: list[Fact], top: float,
                       kept: bool) -> tuple[tuple[str, float], ...] | None:
    """Deductions for different problems, each costing its own points whatever else is found
    (``未装订或装订不整齐扣2分,装订顺序不正确扣1分``, ``资料不全的扣1分;未按时报送的扣1分``), as
    (problem, deduction) pairs; None for what stays tiers, one answer at a time: fewer than two
    deductions, one without its amount or that keeps the points otherwise (``否则扣1分``), a
    condition of no points, awards other than one of the full points, and degrees of one
    quality (``基本完善的扣2分,不完善的扣4分``: a common ending, or one quality word)."""
    if len(deducts) < 2 or zeros or kept or len(positive) > 1 or any(
            fact.amount is None or fact.share is not None for fact in deducts):
        return None
    if positive and abs(float(positive[0].amount or 0) - top) > 1e-9:
        return None
    written = [_condition(fact.words) for fact in deducts]
    conditions = list(written)
    for index, fact in enumerate(deducts):
        word = written[index]
        if written.count(word) < 2:
            continue
        before = next((written[other] for other in range(index - 1, -1, -1)
                       if deducts[other].clause.item == fact.clause.item), "")
        if word[:1] not in vocab.NEGATION_CHARS or word[0] not in before[1:]:
            return None  # (1、无方案扣1分、无总结扣1分。2、…无总结扣1分: whose 总结, unsaid)
        # 1、全年工作无安排扣2分、无总结扣2分。2、阶段性工作无安排扣1分、无总结扣1分: each 无总结
        # is its item's, named with the subject before it
        conditions[index] = before[:before.index(word[0], 1)] + word
    problems = tuple(zip(conditions, (float(fact.amount or 0) for fact in deducts)))
    qualities = {quality_word(condition) for condition in conditions}
    if not all(conditions) or len(set(conditions)) < len(conditions) or \
            _common_suffix(conditions) or (len(qualities) == 1 and None not in qualities) or \
            any(word in condition for condition in conditions for word in _W["question"]):
        return None  # (是否擅自增设机构…的,一经发现扣1分: a question, not the problem's name)
    return problems


#: The fewest characters of a requirement written before its problem (``按时将辅助器具发放到特困
#: 残疾人,发现截留``); a shorter head (``资金使用,存在截留``) is the problem's own subject.
_REQUIREMENT_LENGTH = 8


def _lead_in(problem: str) -> tuple[str, str]:
    """(what leads in, the problem) of a deduction's condition whose last phrase alone names
    the failing: after a context (``根据检查情况,发现账实不符``, ``检查发现,账目不清``) or a
    requirement of :data:`_REQUIREMENT_LENGTH` characters or more (``按时将辅助器具发放到特困
    残疾人,发现截留``), with no negation before; ("", the condition) otherwise (``资金使用,存在
    截留``: a subject; ``已成立…,但组成人员不符合要求``: a contrast)."""
    pieces = problem.split(",")
    head = problem[: -len(pieces[-1])].rstrip(",")
    last = pieces[-1]
    finding = vocab.COUNT_VERBS[:4]
    context = head.startswith(_W["context"])
    if len(pieces) < 2 or any(char in vocab.NEGATION_CHARS for char in head) or not (
            (last.startswith(finding) and (len(head) >= _REQUIREMENT_LENGTH or context))
            or (context and head.endswith(finding))):  # 检查发现,账目不清
        return "", problem  # (资金使用,存在截留: the subject of the problem, not a lead-in)
    return head, last


def _common_suffix(words: list[str]) -> str:
    suffix = words[0]
    for word in words[1:]:
        while suffix and not word.endswith(suffix):
            suffix = suffix[1:]
    return suffix if len(suffix) >= 2 else ""
