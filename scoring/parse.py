"""Turn a 评价要点 text into an executable :class:`~scoring.rules.Rule`.

Pipeline: :func:`~scoring.normalise.normalise` → scan the text with the clause table
:data:`CLAUSES` (each clause shape is a named pattern with a same-named builder below) →
assemble the clauses into one rule. The patterns are templates whose ``{word}`` fields are filled
from :data:`scoring.vocab.CLAUSE_WORDS`, so no Chinese word is written here. Text no clause reads
is the rule's condition (``决策制度建立完整``) unless it holds numbers or scoring words, which
makes it unreadable (PS-R001, with the caret under it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import vocab
from .errors import RuleError
from .normalise import normalise
from .rules import Band, Rule, RuleKind
from .targets import Target, parse_target

#: Longest rule text read (PS-R006): bounds the cost of a hostile or mistaken paste.
MAX_RULE_LENGTH = 2000

_NUM = r"\d{1,12}(?:\.\d{1,12})?"
_COUNT_UNITS = "|".join(sorted(vocab.UNITS["count"], key=len, reverse=True))
_UNITS = "%|" + "|".join(
    sorted((u for units in vocab.UNITS.values() for u in units if u != "%"), key=len, reverse=True)
)


def _alternatives(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + ")"


_WORDS = {key: _alternatives(words) for key, words in vocab.CLAUSE_WORDS.items()}
_WORDS["num"] = _NUM
_WORDS["unit"] = _UNITS
_WORDS["count_unit"] = _COUNT_UNITS
_WORDS["op_symbol"] = _alternatives(tuple(s for ss in vocab.OPERATOR_SYMBOLS.values() for s in ss))
_WORDS["op_before"] = _alternatives(tuple(w for ws in vocab.OPERATOR_WORDS_BEFORE.values() for w in ws))
_WORDS["op_after"] = _alternatives(tuple(w for ws in vocab.OPERATOR_WORDS_AFTER.values() for w in ws))
#: What a condition clause ends with: ``得N分`` or ``不得分``.
_OUTCOME = r"(?:{gain}(?P<pts>{num}){points}|(?P<zero>{zero}))"

#: The clause shapes, in priority order: name → pattern template. Each name has a builder.
CLAUSES: dict[str, str] = {
    "partial_up": r"{short_of}{num}%?{condition_end}?,?{as}{num}%?{compute}",
    "partial_down": r"{short_of}{num}%?{condition_end}?,?{no_deduct}",
    "partial_linear": r"{ratio_words}",
    "until_zero": r"{until_zero}",
    "not_cumulative": r"{not_cumulative}",
    "cumulative": r"{cumulative}",
    "veto": r"{veto}|{cancel}[^,;]{{0,40}}?{qualification}",
    "discretionary": r"{discretionary}",
    "proportional_words": r"{proportional}",
    "proportional_formula": r"(?:{score_is})?(?P<ratio>[^,;=*]{{0,40}}?)\*{full_points}",
    "standard": r"{standard_before}(?P<line>{num})(?P<unit>%)?{standard_after}",
    "step": r"{per}{decrease}(?P<step>{num})(?P<unit>%)?,?{deduct}(?P<pts>{num}){points}",
    "reverse_step": r"{per}{exceed}(?P<step>{num})(?P<unit>%)?,?{deduct}(?P<pts>{num}){points}",
    "count_penalty": r"{per}{find}?(?:{num})?(?P<unit>{count_unit})[^,;%]{{0,30}}?{deduct}(?P<pts>{num}){points}"
                     r"|{deduct}(?P<pts2>{num}){points}/(?P<unit2>{count_unit})",
    "range_gain": r"(?P<low>{num})(?P<low_unit>{unit})?(?P<low_incl>{inclusive})?{to}(?P<high>{num})"
                  r"(?P<high_unit>{unit})?(?P<high_incl>{inclusive})?{condition_end}?,?" + _OUTCOME,
    "bound_gain": r"(?P<op>{op_symbol}|{op_before})(?P<value>{num})(?P<unit>{unit})?(?P<incl>{inclusive})?"
                  r"{condition_end}?,?" + _OUTCOME,
    "bound_after_gain": r"(?P<value>{num})(?P<unit>{unit})?(?P<incl>{inclusive})?(?P<op>{op_after})"
                        r"{condition_end}?,?" + _OUTCOME,
    "tier": r"(?P<cond>[^,;\[\]\d%]{{1,40}}?){condition_end}" + _OUTCOME,
    "qualitative_unless": r"(?P<unmet>[^,;]{{1,40}}?){deduct}{points},?{if}?(?P<met>[^,;]{{1,20}}?){then}{no_deduct}",
    "bonus_award": r"(?P<award>[^,;\[\]]{{1,40}}?){bonus}(?P<pts>{num}){points}",
    "points_paren": r"\((?P<pts>{num}){points}\)",
    "gain": r"{gain}(?P<pts>{num}){points}",
    "bare_points": r"(?<=[,:])(?P<pts>{num}){points}(?=[;,\[]|$)",
    "zero": r"{zero}",
    "item": r"\[(?P<n>\d{{1,2}})\]",
}


def _compile() -> re.Pattern[str]:
    parts = []
    for name, template in CLAUSES.items():
        pattern = template.format(**_WORDS)
        pattern = re.sub(r"\(\?P<(\w+)>", lambda m, n=name: f"(?P<{n}__{m.group(1)}>", pattern)
        parts.append(f"(?P<{name}>{pattern})")
    return re.compile("|".join(parts))


_SCANNER = _compile()
#: Text left over that still looks like scoring (numbers with %, 扣, 每, N分, operators).
_SCORING_LEFTOVER = re.compile(
    r"%|\d\s*{points}|{deduct}|{per}|{bonus}\d|[≥≤<>=]".format(**_WORDS)
)
_OP_OF_WORD = {word: op for table in (vocab.OPERATOR_SYMBOLS, vocab.OPERATOR_WORDS_BEFORE,
                                      vocab.OPERATOR_WORDS_AFTER)
               for op, words in table.items() for word in words}


@dataclass
class Draft:
    """What the clauses of one text say, before the rule is assembled."""

    text: str
    percent: bool = False
    text_points: list[float] = field(default_factory=list)
    bounds: list[Band] = field(default_factory=list)
    zeros: list[Band] = field(default_factory=list)
    step: tuple[float, float] | None = None
    reverse_step: tuple[float, float] | None = None
    standard: float | None = None
    partial_step: str | None = None
    penalty: tuple[float, str] | None = None
    proportional: bool = False
    ratio: str | None = None
    tiers: list[tuple[str, float]] = field(default_factory=list)
    items: list[list[Any]] = field(default_factory=list)
    awards: list[tuple[str, float]] = field(default_factory=list)
    bonus_aggregation: str | None = None
    veto: bool = False
    discretionary: bool = False
    met: str | None = None
    unmet: str | None = None
    gains: list[float] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)


def _value(number: str, unit: str | None) -> float:
    return float(Decimal(number) / 100) if unit == "%" else float(Decimal(number))


# ---------------------------------------------------------------- clause builders
# Each builder has the name of its clause in CLAUSES and records what the clause says.
def partial_up(draft: Draft, g: dict[str, str]) -> None:
    draft.partial_step = "up"


def partial_down(draft: Draft, g: dict[str, str]) -> None:
    draft.partial_step = "down"


def partial_linear(draft: Draft, g: dict[str, str]) -> None:
    draft.partial_step = "linear"


def until_zero(draft: Draft, g: dict[str, str]) -> None:
    """``扣完为止``: scores never go below 0, which every rule applies anyway."""


def not_cumulative(draft: Draft, g: dict[str, str]) -> None:
    draft.bonus_aggregation = "highest_per_work"


def cumulative(draft: Draft, g: dict[str, str]) -> None:
    draft.bonus_aggregation = "cumulative"


def veto(draft: Draft, g: dict[str, str]) -> None:
    draft.veto = True


def discretionary(draft: Draft, g: dict[str, str]) -> None:
    draft.discretionary = True


def proportional_words(draft: Draft, g: dict[str, str]) -> None:
    draft.proportional = True


def proportional_formula(draft: Draft, g: dict[str, str]) -> None:
    draft.proportional = True
    draft.ratio = g["ratio"]


def standard(draft: Draft, g: dict[str, str]) -> None:
    draft.standard = _value(g["line"], g["unit"])
    draft.percent |= g["unit"] == "%"


def step(draft: Draft, g: dict[str, str]) -> None:
    draft.step = (_value(g["step"], g["unit"]), float(g["pts"]))
    draft.percent |= g["unit"] == "%"


def reverse_step(draft: Draft, g: dict[str, str]) -> None:
    draft.reverse_step = (_value(g["step"], g["unit"]), float(g["pts"]))
    draft.percent |= g["unit"] == "%"


def count_penalty(draft: Draft, g: dict[str, str]) -> None:
    draft.penalty = (float(g["pts"] or g["pts2"]), g["unit"] or g["unit2"])


def _outcome(draft: Draft, band: Band, g: dict[str, str]) -> None:
    if g["zero"]:
        draft.zeros.append(band)
    else:
        draft.bounds.append(band)
        draft.text_points.append(band.points)


def range_gain(draft: Draft, g: dict[str, str]) -> None:
    unit = g["high_unit"] or g["low_unit"]
    draft.percent |= unit == "%"
    low, high = _value(g["low"], g["low_unit"] or unit), _value(g["high"], unit)
    # A range without (含) marks includes its lower bound and excludes its upper one.
    low_incl = bool(g["low_incl"]) or not g["high_incl"]
    _outcome(draft, Band(low, low_incl, high, bool(g["high_incl"]), float(g["pts"] or 0)), g)


def _bound(draft: Draft, g: dict[str, str]) -> None:
    op = _OP_OF_WORD[g["op"]]
    draft.percent |= g["unit"] == "%"
    value, incl = _value(g["value"], g["unit"]), bool(g["incl"])
    points = float(g["pts"] or 0)
    if op in ("≥", ">"):
        band = Band(value, op == "≥" or incl, None, False, points)
    elif op in ("≤", "<"):
        band = Band(None, False, value, op == "≤" or incl, points)
    else:
        band = Band(value, True, value, True, points)
    _outcome(draft, band, g)


def bound_gain(draft: Draft, g: dict[str, str]) -> None:
    _bound(draft, g)


def bound_after_gain(draft: Draft, g: dict[str, str]) -> None:
    _bound(draft, g)


def tier(draft: Draft, g: dict[str, str]) -> None:
    points = float(g["pts"] or 0)
    draft.tiers.append((g["cond"], points))
    if draft.items:
        draft.items[-1][2] = points
        draft.items[-1][1] = g["cond"]


def qualitative_unless(draft: Draft, g: dict[str, str]) -> None:
    draft.met = g["met"]
    unmet = g["met"]
    for prefix in sorted(vocab.NOT_PREFIXES, key=len, reverse=True):
        if unmet.startswith(prefix):
            unmet = unmet[len(prefix):]
            break
    draft.unmet = unmet if unmet != g["met"] else None


def bonus_award(draft: Draft, g: dict[str, str]) -> None:
    name = g["award"]
    for verb in sorted(vocab.CLAUSE_WORDS["award_verbs"], key=len, reverse=True):
        if name.startswith(verb) and len(name) > len(verb):
            name = name[len(verb):]
            break
    draft.awards.append((name, float(g["pts"])))


def points_paren(draft: Draft, g: dict[str, str]) -> None:
    draft.text_points.append(float(g["pts"]))


def gain(draft: Draft, g: dict[str, str]) -> None:
    draft.gains.append(float(g["pts"]))
    if draft.items:
        draft.items[-1][2] = float(g["pts"])


def bare_points(draft: Draft, g: dict[str, str]) -> None:
    gain(draft, g)


def zero(draft: Draft, g: dict[str, str]) -> None:
    if draft.items:
        draft.items[-1][2] = 0.0


def item(draft: Draft, g: dict[str, str]) -> None:
    draft.items.append([int(g["n"]), "", None])


_BUILDERS = {name: globals()[name] for name in CLAUSES}


# --------------------------------------------------------------------- assembly
def _scan(text: str) -> Draft:
    draft = Draft(text)
    position = 0
    for match in _SCANNER.finditer(text):
        _leftover(draft, text, position, match.start())
        name = match.lastgroup
        assert name is not None
        prefix = name + "__"
        groups = {key[len(prefix):]: value for key, value in match.groupdict().items()
                  if key.startswith(prefix)}
        _BUILDERS[name](draft, groups)
        position = match.end()
    _leftover(draft, text, position, len(text))
    return draft


def _leftover(draft: Draft, text: str, start: int, end: int) -> None:
    part = text[start:end]
    stripped = part.strip(";,:")
    if not stripped:
        return
    suspicious = _SCORING_LEFTOVER.search(stripped)
    if suspicious:
        offset = start + part.index(stripped)
        raise RuleError(vocab.MESSAGES["rule_unreadable"].format(part=stripped[:30]),
                        text=text, position=offset)
    draft.conditions.append(stripped.rstrip(",;"))
    if draft.items and not draft.items[-1][1]:
        draft.items[-1][1] = stripped.rstrip(",;")


def _bad(detail_key: str, text: str, **fields: Any) -> RuleError:
    detail = vocab.MESSAGES[detail_key].format(**fields)
    return RuleError(vocab.MESSAGES["rule_bad_numbers"].format(detail=detail), code="PS-R004",
                     text=text)


def _points(draft: Draft, given: float | None, text_points: float | None, *,
            required: bool = True) -> float | None:
    if given is not None and text_points is not None and abs(given - text_points) > 1e-9:
        raise RuleError(vocab.MESSAGES["rule_points_conflict"].format(
            text_points=f"{text_points:g}", points=f"{given:g}"), code="PS-R003", text=draft.text)
    points = given if given is not None else text_points
    if points is None and required:
        raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=draft.text)
    return points


def _max(values: list[float]) -> float | None:
    return max(values) if values else None


def _tier_words(tiers: list[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Tier words without their common subject: ``内控制度完善`` → ``完善`` next to ``基本完善``."""
    conditions = [cond for cond, _ in tiers]
    suffix = conditions[0]
    for cond in conditions[1:]:
        while suffix and not cond.endswith(suffix):
            suffix = suffix[1:]
    if not suffix:
        return tuple(tiers)
    prefixes = sorted(vocab.PARTIAL_PREFIXES + vocab.NOT_PREFIXES + vocab.ACHIEVED_PREFIXES,
                      key=len, reverse=True)
    words = []
    for cond, points in tiers:
        head = cond[: -len(suffix)]
        modifier = next((p for p in prefixes if head.endswith(p)), "")
        words.append((modifier + suffix, points))
    if len({word for word, _ in words}) != len(words):
        return tuple(tiers)
    return tuple(words)


def _assemble(draft: Draft, given: float | None) -> Rule:
    text = draft.text
    common = {"text": text, "percent": draft.percent}
    if draft.veto:
        return Rule(RuleKind.VETO, _points(draft, given, _max(draft.gains), required=False), **common)
    if draft.awards:
        return Rule(RuleKind.BONUS, _points(draft, given, _max(draft.text_points), required=False),
                    awards=tuple(draft.awards), bonus_aggregation=draft.bonus_aggregation, **common)
    if draft.discretionary:
        return Rule(RuleKind.DISCRETIONARY,
                    _points(draft, given, _max(draft.text_points + draft.gains), required=False),
                    **common)
    if draft.step:
        return _assemble_step(draft, given)
    if draft.reverse_step:
        return _assemble_reverse_step(draft, given)
    if draft.penalty:
        points = _points(draft, given, _max(draft.text_points + draft.gains))
        if draft.penalty[0] <= 0:
            raise _bad("bad_step", text)
        return Rule(RuleKind.COUNT_PENALTY, points, text, penalty=draft.penalty[0],
                    unit_word=draft.penalty[1])
    if draft.proportional:
        return _assemble_proportional(draft, given)
    if draft.bounds:
        return _assemble_bands(draft, given)
    if draft.items and all(points is not None for _, _, points in draft.items) and len(draft.items) > 1:
        items = tuple((cond, float(points)) for _, cond, points in draft.items)
        points = _points(draft, given, sum(points for _, points in items))
        return Rule(RuleKind.CHECKLIST, points, text, items=items)
    if len(draft.tiers) > 1:
        tiers = _tier_words(draft.tiers)
        points = _points(draft, given, _max([points for _, points in tiers]))
        return Rule(RuleKind.TIERS, points, text, tiers=tiers)
    text_points = _max(draft.text_points + draft.gains + [p for _, p in draft.tiers])
    condition = draft.tiers[0][0] if draft.tiers else (draft.conditions[0] if draft.conditions else None)
    return Rule(RuleKind.QUALITATIVE, _points(draft, given, text_points), text,
                condition=condition, met=draft.met, unmet=draft.unmet)


def _floor(draft: Draft) -> tuple[float | None, bool]:
    """The no-points floor: ``低于F不得分`` (exclusive) or ``F以下不得分`` (inclusive)."""
    floors = [band for band in draft.zeros if band.low is None and band.high is not None]
    if not floors:
        return None, False
    band = max(floors, key=lambda b: b.high or 0)
    return band.high, band.high_inclusive


def _assemble_step(draft: Draft, given: float | None) -> Rule:
    assert draft.step is not None
    lines = [band for band in draft.bounds if band.low is not None]
    line = lines[0].low if lines else 1.0
    points = _points(draft, given, _max([band.points for band in lines]))
    step_size, step_points = draft.step
    if step_size <= 0 or step_points <= 0:
        raise _bad("bad_step", draft.text)
    floor, floor_inclusive = _floor(draft)
    if floor is not None and line is not None and floor > line:
        raise _bad("floor_above_line", draft.text, floor=floor, line=line)
    return Rule(RuleKind.STEP, points, draft.text, percent=draft.percent or line <= 1.0,
                line=line, step=step_size, step_points=step_points, floor=floor,
                floor_inclusive=floor_inclusive, partial_step=draft.partial_step)


def _assemble_reverse_step(draft: Draft, given: float | None) -> Rule:
    assert draft.reverse_step is not None
    lines = [band for band in draft.bounds if band.high is not None and band.low is None]
    line = draft.standard if draft.standard is not None else (lines[0].high if lines else 0.0)
    points = _points(draft, given, _max([band.points for band in draft.bounds] + draft.gains))
    step_size, step_points = draft.reverse_step
    if step_size <= 0 or step_points <= 0:
        raise _bad("bad_step", draft.text)
    return Rule(RuleKind.REVERSE_STEP, points, draft.text, percent=draft.percent, line=line,
                step=step_size, step_points=step_points, partial_step=draft.partial_step)


def _assemble_proportional(draft: Draft, given: float | None) -> Rule:
    target: Target | None = None
    if draft.ratio and "/" in draft.ratio:
        denominator = draft.ratio.rsplit("/", 1)[1]
        if re.fullmatch(_NUM + "(?:" + _UNITS + ")?", denominator):
            target = parse_target(denominator)
            if float(target.value) <= 0:
                raise _bad("bad_points", draft.text)
    points = _points(draft, given, _max(draft.text_points + draft.gains))
    percent = target.percent if target else True
    return Rule(RuleKind.PROPORTIONAL, points, draft.text, percent=percent, target=target)


def _assemble_bands(draft: Draft, given: float | None) -> Rule:
    for band in draft.bounds:
        if band.low is not None and band.high is not None and band.low > band.high:
            raise _bad("band_empty", draft.text, low=band.low, high=band.high)
    points = _points(draft, given, _max([band.points for band in draft.bounds]))
    kind = RuleKind.THRESHOLD if len(draft.bounds) == 1 else RuleKind.BANDS
    bands = tuple(draft.bounds) + tuple(draft.zeros)
    return Rule(kind, points, draft.text, percent=draft.percent, bands=bands)


@lru_cache(maxsize=8192)
def _parse_canonical(text: str, points: float | None) -> Rule:
    draft = _scan(text)
    return _assemble(draft, points)


def parse_rule(text: str, points: float | None = None) -> Rule:
    """Read a 评价要点 text into a :class:`Rule` (cached on the normalised text and points).

    Args:
        text: The rule as written (full-width, traditional, PDF-spaced, numbered …).
        points: The item's points from the framework; None to take them from the text.

    Returns:
        The rule.

    Raises:
        RuleError: PS-R001 unreadable part (with position), PS-R002 no points, PS-R003 text
            points differ from ``points``, PS-R004 nonsense numbers, PS-R005 empty, PS-R006 too
            long.
    """
    if text is None or not str(text).strip():
        raise RuleError(vocab.MESSAGES["rule_empty"], code="PS-R005")
    raw = str(text)
    if len(raw) > MAX_RULE_LENGTH:
        raise RuleError(vocab.MESSAGES["rule_too_long"].format(length=len(raw), limit=MAX_RULE_LENGTH),
                        code="PS-R006")
    if points is not None:
        try:
            points = float(points)
        except (TypeError, ValueError):
            raise _bad("bad_points", raw) from None
        if not points >= 0 or points == float("inf"):
            raise _bad("bad_points", raw)
    canonical = normalise(raw).strip(";,")
    if not canonical:
        raise RuleError(vocab.MESSAGES["rule_empty"], code="PS-R005")
    return _parse_canonical(canonical, points)


def rule_from_target(target: Target | str, points: float) -> Rule:
    """The default rule of an indicator without its own: ratio to target (项目支出绩效自评).

    ≥ targets score points × actual ÷ target, ≤ targets points × target ÷ actual, never above
    the points; qualitative targets score by tier (达成 / 部分达成 / 未达成).
    """
    if isinstance(target, str):
        target = parse_target(target)
    if points is None or not float(points) >= 0:
        raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=target.text)
    return Rule(RuleKind.RATIO_TO_TARGET, float(points), target.text, percent=target.percent,
                target=target)
