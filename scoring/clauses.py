"""The clause table of 评价要点 texts and the scanner that reads a text into a :class:`Draft`.

Each clause shape is a named pattern in :data:`CLAUSES` with a same-named builder below that
records what the clause says. The patterns are templates whose ``{word}`` fields are filled from
:data:`scoring.vocab.CLAUSE_WORDS`, so no Chinese word is written here. :func:`scan` records
every clause it reads as a *fact* (name and span); :mod:`scoring.parse` assembles the rule and
refuses any fact the rule does not use, so no clause is ever dropped silently. Text no clause
reads is the rule's condition unless it holds numbers or scoring words (PS-R001 with a caret).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import vocab
from .errors import RuleError
from .rules import Band


NUM = r"\d{1,12}(?:\.\d{1,12})?"
_COUNT_UNITS = "|".join(sorted(vocab.UNITS["count"], key=len, reverse=True))
UNITS = "%|" + "|".join(
    sorted((u for units in vocab.UNITS.values() for u in units if u != "%"), key=len, reverse=True)
)


def _alternatives(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + ")"


_WORDS = {key: _alternatives(words) for key, words in vocab.CLAUSE_WORDS.items()}
_WORDS["num"] = NUM
_WORDS["unit"] = UNITS
_WORDS["count_unit"] = _COUNT_UNITS
_WORDS["op_symbol"] = _alternatives(tuple(s for ss in vocab.OPERATOR_SYMBOLS.values() for s in ss))
_WORDS["op_before"] = _alternatives(tuple(w for ws in vocab.OPERATOR_WORDS_BEFORE.values() for w in ws))
_WORDS["op_after"] = _alternatives(tuple(w for ws in vocab.OPERATOR_WORDS_AFTER.values() for w in ws))
_WORDS["share"] = _alternatives(tuple(vocab.SHARE_WORDS))
_WORDS["op_low"] = _alternatives(("<=", "≤", "<"))
#: What a condition clause ends with: ``得N分``, ``不得分`` or a share of the points (``得满分``).
_OUTCOME = r"(?:{gain}(?P<pts>{num}){points}|(?P<zero>{zero})|{gain}(?P<share>{share}))"

#: The clause shapes, in priority order: name → pattern template. Each name has a builder.
CLAUSES: dict[str, str] = {
    "example": r"{example}(?P<value>{num})(?P<unit>%)?,?(?:{deduct}(?P<lost>{num}){points}"
               r"|{gain}(?P<pts>{num}){points}|(?P<zero>{zero}))",
    "partial_up": r"{short_of}{num}%?{condition_end}?,?{as}{num}%?{compute}",
    "partial_down": r"{short_of}{num}%?{condition_end}?,?{no_deduct}",
    "partial_linear": r"(?:{short_of}{num}%?{condition_end}?,?)?{ratio_words}",
    "until_zero": r"{until_zero}",
    "not_cumulative": r"{not_cumulative}",
    "cumulative": r"{cumulative}",
    "veto": r"{veto}|{cancel}[^,;]{{0,40}}?{qualification}",
    "discretionary": r"{discretionary}",
    "proportional_words": r"{proportional}",
    "proportional_formula": r"(?:{score_is})?(?P<ratio>[^,;=*]{{0,40}}?)\*{full_points}"
                            r"|{score_is}(?P<ratio2>[^,;=*]{{1,40}}?)\*(?P<pts>{num}){points}?(?=[,;]|$)",
    "standard": r"{standard_before}(?P<line>{num})(?P<unit>%)?{standard_after}",
    "step": r"{per}{decrease}(?P<step>{num})(?P<unit>%)?,?{deduct}(?P<pts>{num}){points}",
    "reverse_step": r"{per}{exceed}(?P<step>{num})(?P<unit>%)?,?{deduct}(?P<pts>{num}){points}",
    "count_penalty": r"{per}{find}?(?:{num})?(?P<unit>{count_unit})[^,;%]{{0,30}}?{deduct}(?P<pts>{num}){points}"
                     r"|{deduct}(?P<pts2>{num}){points}/(?P<unit2>{count_unit})"
                     r"|{once}(?P<unit3>{count_unit})[^,;%\d]{{0,30}}?{deduct}(?P<pts3>{num}){points}",
    "deduct_cap": r"{deduct_cap}{deduct}(?P<cap>{num}){points}",
    "between_gain": r"(?P<low>{num})(?P<low_unit>{unit})?(?P<low_op>{op_low})[^,;\d<>≤≥=]{{1,20}}?"
                    r"(?P<high_op>{op_low})(?P<high>{num})(?P<high_unit>{unit})?{condition_end}?,?" + _OUTCOME,
    "range_gain": r"(?P<low>{num})(?P<low_unit>{unit})?(?P<low_incl>{inclusive})?{to}(?P<high>{num})"
                  r"(?P<high_unit>{unit})?(?P<high_incl>{inclusive})?{condition_end}?,?" + _OUTCOME,
    "bound_gain": r"(?P<op>{op_symbol}|{op_before})(?P<value>{num})(?P<unit>{unit})?(?P<incl>{inclusive})?"
                  r"{condition_end}?,?" + _OUTCOME,
    "bound_after_gain": r"(?P<value>{num})(?P<unit>{unit})?(?P<incl>{inclusive})?(?P<op>{op_after})"
                        r"{condition_end}?,?" + _OUTCOME,
    "bare_value_gain": r"(?<![\d.])(?P<value>{num})(?P<unit>%)(?P<incl>{inclusive})?{condition_end}?,?" + _OUTCOME,
    "otherwise_gain": r"{otherwise},?{gain}(?P<pts>{num}){points}",
    "otherwise_zero": r"{otherwise},?{zero}",
    "tier": r"(?P<cond>[^,;\[\]\d%<>≤≥=]{{1,40}}?){condition_end}?" + _OUTCOME,
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
    r"%|\d\s*{points}|{deduct}|{per}|{bonus}\d|[≥≤<>=]|比例|计分|{share}|{exclusive}".format(**_WORDS)
)
_OP_OF_WORD = {word: op for table in (vocab.OPERATOR_SYMBOLS, vocab.OPERATOR_WORDS_BEFORE,
                                      vocab.OPERATOR_WORDS_AFTER)
               for op, words in table.items() for word in words}


@dataclass
class Draft:
    """What the clauses of one text say, before the rule is assembled.

    Every clause the scanner reads is a *fact* (name and span). Assembly marks the facts the
    rule is built from; a fact left unmarked would be a silently dropped clause, so
    :func:`_check_used` refuses it (PS-R001 with the caret under it). ``*_facts`` lists run
    parallel to the value lists they annotate; ``slots`` holds the fact of single-valued fields.
    """

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
    penalty_cap: float | None = None
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
    otherwise: float | None = None
    gains: list[float] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    examples: list[tuple[float, str, float]] = field(default_factory=list)
    facts: list[tuple[str, int, int]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    slots: dict[str, int] = field(default_factory=dict)
    bound_facts: list[int] = field(default_factory=list)
    zero_facts: list[int] = field(default_factory=list)
    tier_facts: list[int] = field(default_factory=list)
    gain_facts: list[int] = field(default_factory=list)
    example_facts: list[int] = field(default_factory=list)
    #: Shares of the points (``得满分`` 1.0, ``得一半分值`` 0.5) by index into bounds / tiers.
    bound_shares: dict[int, float] = field(default_factory=dict)
    tier_shares: dict[int, float] = field(default_factory=dict)

    @property
    def fact(self) -> int:
        """The index of the fact being built."""
        return len(self.facts) - 1

    def set_slot(self, name: str) -> None:
        """Record that the current fact sets the single-valued field ``name`` (last one wins)."""
        self.slots[name] = self.fact

    def use(self, *names: str) -> None:
        """Mark every fact of the clauses ``names`` as used."""
        self.used.update(i for i, (name, _, _) in enumerate(self.facts) if name in names)

    def use_slots(self, *names: str) -> None:
        """Mark the facts that set the single-valued fields ``names``."""
        self.used.update(self.slots[name] for name in names if name in self.slots)

    def use_gains(self, points: float | None) -> None:
        """Mark the plain ``得N分`` facts that state ``points`` (others were not used)."""
        self.used.update(fact for fact, value in zip(self.gain_facts, self.gains)
                         if points is not None and abs(value - points) < 1e-9)


def _value(number: str, unit: str | None) -> float:
    return float(Decimal(number) / 100) if unit == "%" else float(Decimal(number))


# ---------------------------------------------------------------- clause builders
# Each builder has the name of its clause in CLAUSES and records what the clause says.
def example(draft: Draft, g: dict[str, str]) -> None:
    """``如86%扣5分``: an illustration; checked against the assembled rule, never scored."""
    if g["lost"]:
        draft.examples.append((_value(g["value"], g["unit"]), "lost", float(g["lost"])))
    else:
        draft.examples.append((_value(g["value"], g["unit"]), "score", float(g["pts"] or 0)))
    draft.example_facts.append(draft.fact)


def partial_up(draft: Draft, g: dict[str, str]) -> None:
    draft.partial_step = "up"
    draft.set_slot("partial_step")


def partial_down(draft: Draft, g: dict[str, str]) -> None:
    draft.partial_step = "down"
    draft.set_slot("partial_step")


def partial_linear(draft: Draft, g: dict[str, str]) -> None:
    draft.partial_step = "linear"
    draft.set_slot("partial_step")


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
    draft.ratio = g["ratio"] if g["ratio"] is not None else g["ratio2"]
    if g["pts"]:
        draft.text_points.append(float(g["pts"]))  # 得分=实际完成率×10: the points are 10
    draft.set_slot("ratio")


def standard(draft: Draft, g: dict[str, str]) -> None:
    draft.standard = _value(g["line"], g["unit"])
    draft.percent |= g["unit"] == "%"
    draft.set_slot("standard")


def step(draft: Draft, g: dict[str, str]) -> None:
    draft.step = (_value(g["step"], g["unit"]), float(g["pts"]))
    draft.percent |= g["unit"] == "%"
    draft.set_slot("step")


def reverse_step(draft: Draft, g: dict[str, str]) -> None:
    draft.reverse_step = (_value(g["step"], g["unit"]), float(g["pts"]))
    draft.percent |= g["unit"] == "%"
    draft.set_slot("reverse_step")


def count_penalty(draft: Draft, g: dict[str, str]) -> None:
    draft.penalty = (float(g["pts"] or g["pts2"] or g["pts3"]), g["unit"] or g["unit2"] or g["unit3"])
    draft.set_slot("penalty")


def deduct_cap(draft: Draft, g: dict[str, str]) -> None:
    draft.penalty_cap = float(g["cap"])
    draft.set_slot("penalty_cap")


def _outcome(draft: Draft, band: Band, g: dict[str, str]) -> None:
    if g["zero"]:
        draft.zeros.append(band)
        draft.zero_facts.append(draft.fact)
        return
    if g["share"]:
        draft.bound_shares[len(draft.bounds)] = vocab.SHARE_WORDS[g["share"]]
    else:
        draft.text_points.append(band.points)
    draft.bounds.append(band)
    draft.bound_facts.append(draft.fact)


def range_gain(draft: Draft, g: dict[str, str]) -> None:
    unit = g["high_unit"] or g["low_unit"]
    draft.percent |= unit == "%"
    low, high = _value(g["low"], g["low_unit"] or unit), _value(g["high"], unit)
    # A range without (含) marks includes its lower bound and excludes its upper one.
    low_incl = bool(g["low_incl"]) or not g["high_incl"]
    _outcome(draft, Band(low, low_incl, high, bool(g["high_incl"]), float(g["pts"] or 0)), g)


def between_gain(draft: Draft, g: dict[str, str]) -> None:
    """``80%≤满意度<90%得2分``: both bounds written as comparisons around the subject."""
    unit = g["high_unit"] or g["low_unit"]
    draft.percent |= unit == "%"
    low, high = _value(g["low"], g["low_unit"] or unit), _value(g["high"], unit)
    band = Band(low, _OP_OF_WORD[g["low_op"]] == "≤", high, _OP_OF_WORD[g["high_op"]] == "≤",
                float(g["pts"] or 0))
    _outcome(draft, band, g)


def _bound(draft: Draft, g: dict[str, str], op: str) -> None:
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
    _bound(draft, g, _OP_OF_WORD[g["op"]])


def bound_after_gain(draft: Draft, g: dict[str, str]) -> None:
    _bound(draft, g, _OP_OF_WORD[g["op"]])


def bare_value_gain(draft: Draft, g: dict[str, str]) -> None:
    """``完成率100%得5分``: a percentage without an operator is a line to reach (≥)."""
    _bound(draft, g, "≥")


def otherwise_gain(draft: Draft, g: dict[str, str]) -> None:
    draft.otherwise = float(g["pts"])
    draft.set_slot("otherwise")


def otherwise_zero(draft: Draft, g: dict[str, str]) -> None:
    """``否则不得分``: what no range covers scores 0, which every rule does anyway."""


def tier(draft: Draft, g: dict[str, str]) -> None:
    points = float(g["pts"] or 0)
    if g["share"]:
        draft.tier_shares[len(draft.tiers)] = vocab.SHARE_WORDS[g["share"]]
    draft.tiers.append((g["cond"], points))
    draft.tier_facts.append(draft.fact)
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
    draft.gain_facts.append(draft.fact)
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
#: Clauses that never change a score, so an assembled rule need not use them.
NEUTRAL = frozenset({"until_zero", "item", "points_paren", "zero", "otherwise_zero", "example",
                      "not_cumulative"})


# --------------------------------------------------------------------- assembly
def scan(text: str) -> Draft:
    """Read a normalised rule text clause by clause (PS-R001 for scoring words no clause reads)."""
    draft = Draft(text)
    position = 0
    for match in _SCANNER.finditer(text):
        _leftover(draft, text, position, match.start())
        name = match.lastgroup
        assert name is not None
        prefix = name + "__"
        groups = {key[len(prefix):]: value for key, value in match.groupdict().items()
                  if key.startswith(prefix)}
        draft.facts.append((name, match.start(), match.end()))
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
