"""Stage two and three of the rule reader: split a normalised text into clauses, and read what
each clause says.

:func:`read_clauses` cuts the text into *segments* at ``;`` ``,`` ``:`` and clause numbers (never
inside brackets, and after an outcome such as ``…加5分`` even where the punctuation was lost),
then joins the segments of one sentence that only state a condition (``低于年度任务的``,
``每减少1%``) to the segment that says what follows (``扣1分``). Each resulting :class:`Clause`
is read token by token with the table :data:`TOKENS`: every token shape is a named pattern whose
``{word}`` fields come from :data:`scoring.vocab.RULE_WORDS`, and the same-named builder in
:data:`BUILDERS` turns a match into facts. What no token reads is the clause's condition words,
or, when it still carries numbers or scoring words, a fragment the reader did not understand.
:mod:`scoring.assemble` turns the clauses into a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import vocab
from .actuals import unit_factor

NUM = r"\d{1,12}(?:\.\d{1,12})?"
_UNIT_LIST = sorted({unit for units in vocab.UNITS.values() for unit in units}, key=len, reverse=True)
_COUNT_LIST = sorted(vocab.UNITS["count"], key=len, reverse=True)
UNITS = "|".join(re.escape(unit) for unit in _UNIT_LIST)
#: The family of each unit (percent, count, money, time, measure).
UNIT_FAMILY: dict[str, str] = {unit: family for family, units in vocab.UNITS.items()
                               for unit in units}


def _alternatives(words: tuple[str, ...] | list[str]) -> str:
    return "(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + ")"


_W: dict[str, str] = {key: _alternatives(words) for key, words in vocab.RULE_WORDS.items()}
_W.update(
    num=NUM, unit=UNITS, count_unit="|".join(re.escape(unit) for unit in _COUNT_LIST),
    count_verbs=_alternatives(vocab.COUNT_VERBS),
    gain_verbs=_alternatives(vocab.GAIN_VERBS),
    op_before=_alternatives(tuple(w for ws in vocab.OPERATOR_WORDS_BEFORE.values() for w in ws
                                  if len(w) > 1)),
    op_short=_alternatives(tuple(w for ws in (*vocab.OPERATOR_SYMBOLS.values(),
                                              *vocab.OPERATOR_WORDS_BEFORE.values())
                                 for w in ws if len(w) == 1 or not w[0].isalpha())),
    op_after=_alternatives(tuple(w for ws in vocab.OPERATOR_WORDS_AFTER.values() for w in ws)),
    op_low=_alternatives(("<=", "≤", "<")),
    date=_alternatives(vocab.DATE_SUFFIXES),
    time_unit=_alternatives(vocab.UNITS["time"]),
    incl=_alternatives(vocab.RULE_WORDS["inclusive"] + vocab.RULE_WORDS["exclusive"]),
    negation=re.escape(vocab.NEGATION_CHARS),
    stop=re.escape("".join(vocab.RULE_WORDS[key][0] for key in ("per", "deduct", "gain"))),
    of_char=re.escape("".join(vocab.RULE_WORDS["of"])),
    # A weight: a percentage, or a decimal below 1 (权重为0.7); never a condition's number.
    decimal=r"0\.\d{1,12}(?![\d.%])",
)
_W.update(wnum=r"(?:{num}%|{decimal})".format(**_W))
#: No condition follows a weight in its clause (not 占比40%以上, 权重20%,执行率达到90%得满分).
_W.update(no_condition=r"(?![^;]*?(?:{op_after}|{op_before}|{gain}(?:{num}|{full_points})))".format(**_W))
_OP_OF_WORD: dict[str, str] = {word: op for table in (vocab.OPERATOR_SYMBOLS,
                                                      vocab.OPERATOR_WORDS_BEFORE,
                                                      vocab.OPERATOR_WORDS_AFTER)
                               for op, words in table.items() for word in words}
_EXCLUSIVE = vocab.RULE_WORDS["exclusive"][0]

#: The token shapes of a clause, in priority order: name → pattern template. Each name has a
#: builder in :data:`BUILDERS`. At one position the first shape that matches wins.
TOKENS: dict[str, str] = {
    "example": r"{example}(?P<value>{num})(?P<unit>%)?,?(?:{deduct}(?P<lost>{num}){points}"
               r"|{gain}(?P<pts>{num}){points}|(?P<zero>{zero}))",
    "partial_up": r"{short_of}{num}(?:{unit})?{condition_end}?,?{as}(?:{num}(?:{unit})?)?{compute}",
    "partial_down": r"{short_of}{num}(?:{unit})?{condition_end}?,?{no_deduct}",
    "partial_linear": r"{short_of}{num}(?:{unit})?{condition_end}?,?{partial_linear}",
    "cap": r"{cap_words}(?P<sign>{deduct}|{bonus}|{gain})(?P<cap>{num}){points}?"
           r"|{deduct_full}(?P<cap2>{num}){points}{until}"
           r"|(?P<sign3>{deduct}|{bonus}){points}{cap_words}{equals}?(?P<cap3>{num}){points}",
    "until_zero": r"{until_zero}",
    "veto": r"{veto}",
    "disqualify": r"{cancel}(?P<what>[^,;]{{0,15}}?){qualification}",
    "verdict": r"{handled_as}(?P<verdict>[^,;\d]{{0,15}}?{verdict_words}[^,;\d]{{0,6}}?){handle}"
               r"|{judged_as}(?P<verdict2>[^,;\d]{{0,15}}?{verdict_words})(?=[,;]|$)",
    "gate": r"{gate}",
    "rank": r"{rank},?(?:{per}{rank_unit}{rank_step}(?P<step>{num}){points})?",
    # A weighted composite: 权重分别为70%、30% · 权重系数为70% · 占40% · 按70%计入 · *权重系数 ·
    # 市级得分*70%+区县得分*30% (the names are the words before); and a rescaled score
    # (按百分制…计分, 折算为本项分值). Weights are never conditions (not 占比5%以上).
    "weight_each": r"(?:{weight})?{weight_each}(?P<list>{wnum}(?:(?:{and}|,){wnum})+){no_condition}",
    "weight_pairs": r"{as}?(?P<pairs>(?:[^\d,;%]{{1,20}}?{num}%{and}?){{2,8}}?){of}?(?:{weight}){no_condition}",
    "weight": r"(?:{weight}){equals}?(?P<w>-?{num}(?=%)|{decimal})(?P<pct>%)?(?!{points}|\(|{op_after}){no_condition}",
    "weight_share": r"{weight_share}(?P<w>-?{num})%(?!\(|{op_after}){no_condition}",
    "weight_as": r"{as}(?P<w>{num}(?=%)|{decimal})(?P<pct>%)?(?:{of}?(?:{weight}))?{weight_into}{no_condition}",
    "weight_ref": r"\*(?:{weight})",
    "weighted_sum": r"(?P<expr>[^,;=*+]{{1,30}}\*{num}%?(?:\+[^,;=*+]{{1,30}}\*{num}%?)+)",
    "weighted": r"{weighted}",
    "rescale": r"{hundred_scale}[^,;\d]{{0,10}}?(?:{rescale}|{rescale_basis})"
               r"|{rescale}(?:为|成|到)?(?:{rescale_into})?",
    "discretionary": r"{discretionary}",
    "evaluator": r"{evaluator}[^,;\d]{{1,12}}?{evaluated_by}",
    "formula": r"{score_is}(?P<expr>[^,;]{{1,80}})(?=(?P<more>[^,;]*))"
               r"|(?P<pts>{num}){points}\*(?P<expr2>[^,;]{{1,60}})"
               r"|(?P<expr3>[^,;=*{of_char}]{{1,60}}?)\*(?:(?P<pts3>{num}){points}?|{full_points})"
               r"(?={formula_tail}?(?:[,;)]|$))",
    "proportional": r"{proportional}",
    "linear": r"{interpolate}",
    "respectively": r"{respectively}(?:{gain}|(?P<sign>{deduct}|{bonus}))?"
                    r"(?P<list>{num}{points}?(?:(?:{and}|,){num}{points}?)+)",
    # 每降低5%扣2分 · 每迟报1天 · 每月 · 每低于95%1个百分点 (a line before the step); a unit
    # follows a number or 每 itself (每落后序时进度: 度 is no unit here)
    "per_gain": r"{per}(?P<verb>{gain_verbs})?(?P<n>{num})(?P<unit>{unit})(?P<noun>[^,;]{{0,24}}?),?"
                r"(?P<sign>{gain})(?P<amount>{num}){points}?",  # 每增加100人得1分 (not 每月…得6分)
    "per_step": r"{per}(?P<verb>[^\d,;]{{0,8}}?)(?:(?P<line>{num})%{of}?(?={num}))?(?P<n>{num})?"
                r"(?:(?<=[\d.])|(?<={per}))(?P<unit>{unit})(?P<noun>[^,;]{{0,24}}?),?"
                r"(?P<sign>{deduct}|{bonus}|{rank_step})(?:(?P<amount>{num}){points}?"
                r"|[^,;\d]{{0,6}}?{share_of}(?P<share>{num})%)",  # 扣该指标分值的10%
    "per_all": r"(?P<verb>{count_verbs})?(?P<n>1)(?P<unit>{count_unit})(?P<noun>[^,;]{{0,24}}?),?{gate}",
    "each_award": r"{each_award}[^,;\d]{{0,6}}?,?{gain}?(?P<pts>{num}){points}",  # 每项1分
    "per_count": r"(?P<verb>{count_verbs})?(?P<n>1)(?P<unit>{count_unit}|{time_unit})(?P<noun>[^,;\d]{{0,24}}?),?"
                 r"(?P<sign>{deduct}|{bonus})(?P<amount>{num}){points}?",
    "per_slash": r"{deduct}(?P<amount>{num}){points}/(?P<unit>{count_unit})",
    "each_item": r"{each_item}{each_item_gain}?|{each_item_gain}(?![^,;\d]{{0,2}}\d)",  # not 得该项分值的50%
    # 以100%为标准, 以全年计划1200人次为标准 (what the number is, before it)
    "standard": r"{standard_before}(?:[^,;\d]{{0,8}}?)(?P<line>-?{num})(?P<unit>{unit})?{standard_after}"
                r"|{standard_named}(?P<line2>-?{num})(?P<unit2>{unit})?(?=[,;]|$)",
    "base": r"{base}(?P<pts>{num}){points}",
    "not_cumulative": r"{not_cumulative}",
    "cumulative": r"{cumulative}|{cumulative_end}(?=[,;)]|$)",
    "no_deduct": r"{no_deduct}",
    # 得满分 · 得该项分值的40% · 得80%分值 / 得80%的分 · 基本实现得60% (a share: 得 takes points,
    # never a rate, so a bare percentage after it is the points' share)
    "share": r"{gain}[^,;\d]{{0,6}}?{share_of}(?P<percent>{num})%"  # 得满分的70%: not 得满分
             r"|(?:{gain}|{equals})(?P<share>{share})(?:(?P<pts>{num}){points})?"
             r"|{gain}(?P<percent2>{num})%(?:{of}?(?:{full_points}|{points})|(?=[,;)]|$))",
    "award": r"{gain}(?P<pts>{num}){points}|{equals}(?P<pts2>{num}){points}(?![/\d])"
             r"|\((?P<pts3>{num}){points}\)|(?P<pts4>{num}){points}(?=[;,)]|$)",
    "zero": r"{zero}",
    # 扣分值的20% · 扣基本分的20% (rewritten): a share of the points (before 扣分 alone: all)
    "deduct": r"{deduct}[^,;\d]{{0,6}}?{share_of}(?P<percent>{num})%|{deduct}(?P<pts>{num}){points}?"
              r"|{deduct}{points}",
    "bonus": r"{bonus}(?P<pts>{num}){points}",
    # 按…计分 (how the score is found); never over 酌情扣分 (根据实际情况酌情扣分: the evaluator's)
    "basis": r"(?<![{negation}]){according}(?:(?!{discretionary})[^,;\d{negation}*]){{0,30}}?{basis}",
    "range": r"(?P<low>-?{num})(?P<low_unit>{unit})?(?P<low_incl>{incl})?{to}(?P<high>{num})"
             r"(?P<high_unit>{unit})?(?P<high_incl>{incl})?(?!{date})",
    "between": r"(?P<low>-?{num})(?P<low_unit>{unit})?(?P<low_op>{op_low})(?P<subject>[^,;\d<>≤≥=]{{1,20}}?)"
               r"(?P<high_op>{op_low})(?P<high>-?{num})(?P<high_unit>{unit})?",
    # (达到省有关部门要求(1分): the number in brackets is the item's points, no bound)
    "op_before": r"(?:(?P<op>{op_before})(?P<mid>[^\d,;<>≤≥=*/{stop}]{{0,12}}?)|(?P<op2>{op_short}))"
                 r"(?<!\()(?P<value>-?{num})(?P<unit>{unit})?"
                 r"(?P<incl>{incl})?(?P<after>{op_after})?(?!{date})",
    "op_after": r"(?P<value>-?{num})(?P<unit>{unit})?(?P<incl>{incl})?(?P<op>{op_after})",
    "bare": r"(?<![\d.])(?P<value>{num})(?P<unit>{unit})(?!{date})(?![\d.])",
    "item": r"\[(?P<n>\d{{1,2}})\]",
}

#: Tokens that state a condition's number (one of them per condition makes a band).
COMPARISONS = frozenset({"range", "between", "op_before", "op_after", "bare"})
#: Tokens that say what a clause gives or takes: a clause ends with one of them.
OUTCOMES = frozenset({"share", "award", "zero", "deduct", "bonus", "respectively", "gate",
                      "veto", "disqualify", "verdict", "per_step", "per_all", "per_count",
                      "per_slash", "per_gain", "formula", "proportional", "linear", "no_deduct", "rank",
                      "discretionary", "evaluator", "each_award", "weight_each", "weight_pairs", "weight",
                      "weight_share", "weight_as", "weight_ref", "weighted_sum", "rescale"})


def _compile() -> re.Pattern[str]:
    parts = []
    for name, template in TOKENS.items():
        pattern = template.format(**_W)
        pattern = re.sub(r"\(\?P<(\w+)>", lambda m, n=name: f"(?P<{n}__{m.group(1)}>", pattern)
        parts.append(f"(?P<{name}>{pattern})")
    return re.compile("|".join(parts))


_SCANNER = _compile()
#: Text left over that still carries scoring meaning (a number, a %, 扣, 加N, 得N, N分).
_SCORING_LEFTOVER = re.compile(r"\d|%|{deduct}(?:\d|{points}|$)|{bonus}\d|{gain}\d|{zero}|<|>|≤|≥|{excluded}"
                               .format(excluded=vocab.RULE_WORDS["exclusive"][0][1:3], **_W))
#: A segment that says what follows (an outcome word), so the condition segments before it join it.
_CLOSING = re.compile(r"{gain}(?:\d|{share}|[^,;\d]{{0,6}}?{share_of}\d)|{deduct}(?:\d|{points}|{until}|[^,;\d]{{0,6}}?{share_of}\d)|{deduct_full}|(?<![增追附参添]){bonus}\d|{zero}|(?<=\d){points}(?=[,;)]|$)|{veto}"
                      r"|{cancel}[^,;]{{0,15}}{qualification}|{handled_as}[^,;]{{0,15}}{handle}|{judged_as}[^,;]{{0,15}}{verdict_words}|{discretionary}|{evaluator}[^,;\d]{{1,12}}?{evaluated_by}|{until}|{proportional}|{interpolate}|\*|{basis_closing}"
                      r"|{gate}|{no_deduct}|{each_item_gain}|{not_cumulative}|{cumulative}|{score_is}"
                      r"|{standard_after}|{weighted}|{rescale}|{hundred_scale}".format(**_W))
#: A weight closes its segment too (``市级考评权重系数为70%,区县…``), unless a condition follows
#: in its sentence (``本项权重20%,执行率达到90%得满分``: the weight words are the condition's).
_CLOSING_WEIGHT = re.compile(r"{weight}{equals}?-?\d|{weight_each}\d|{weight_share}-?\d"
                             r"|\d%?(?:{of}?{weight})?{weight_into}".format(**_W))
_CONDITION_AHEAD = re.compile(r"{op_after}|{op_before}|{gain}(?:{num}|{full_points})".format(**_W))
#: Where a clause starts although no punctuation says so: after ``N分`` followed by a new word.
_AFTER_OUTCOME = re.compile(r"(?<=\d{points})(?=[^\W\d_]{continues})"
                            r"|(?<={points})、".format(
                                points=vocab.RULE_WORDS["points"][0],
                                continues="".join(f"(?<!{re.escape(ch)})"
                                                  for ch in vocab.OUTCOME_CONTINUES)))
_RESPECTIVELY = re.compile(_W["respectively"])
_CONNECTORS = re.compile(r"^[,;:、]+|[,;:、]+$")


@dataclass(frozen=True)
class Comparison:
    """A condition's number: a range of the measured value, its unit and the words before it.

    Attributes:
        low, high: The bounds (None for open); percentages as fractions (90% → 0.9).
        low_inclusive, high_inclusive: Whether the bound itself is inside.
        unit: ``%``, a unit of :data:`scoring.vocab.UNITS`, or None for a plain number.
        bare: Written without an operator (``完成率100%``): a line to reach.
        subject: The words of the clause before the number (``办理比率在``).
        start, end: Span in the normalised text.
        high_by_convention: A range's upper bound left out by convention, not by the text
            (``80%-90%``): it is inside after all where no other band holds it.
        low_by_convention: Likewise a lower bound (``100%-120%(含)``, ``31名以后``).
    """

    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    unit: str | None
    bare: bool
    subject: str
    start: int
    end: int
    high_by_convention: bool = False
    low_by_convention: bool = False

    @property
    def family(self) -> str:
        """The kind of quantity: percent, count, money, time, measure or none."""
        return UNIT_FAMILY.get(self.unit or "", "none")


@dataclass
class Token:
    """One token of a clause: its name, its named groups and its span in the normalised text."""

    name: str
    groups: dict[str, str | None]
    start: int
    end: int


@dataclass
class Clause:
    """One clause: a condition and what follows it, as read by :data:`TOKENS`.

    Attributes:
        text: The clause text (normalised).
        start, end: Span in the normalised text.
        sentence: Index of the sentence (``;`` ends one) the clause is in.
        item: The clause number (``[2]``) of the item the clause belongs to, if any.
        tokens: The tokens read, in order (comparisons included).
        comparisons: The condition's numbers, in order.
        words: The condition words: what no token read, without connectors.
        unknown: Fragments with numbers or scoring words that no token read (text, position).
    """

    text: str
    start: int
    end: int
    sentence: int
    item: int | None
    tokens: list[Token] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    words: str = ""
    unknown: list[tuple[str, int]] = field(default_factory=list)

    def find(self, *names: str) -> list[Token]:
        """The tokens called ``names``, in order."""
        return [token for token in self.tokens if token.name in names]

    def first(self, *names: str) -> Token | None:
        """The first token called one of ``names``, or None."""
        found = self.find(*names)
        return found[0] if found else None

    @property
    def outcomes(self) -> list[Token]:
        """The tokens saying what the clause gives or takes."""
        return [token for token in self.tokens if token.name in OUTCOMES]


def value_of(number: str, unit: str | None) -> float:
    """A number as the engine holds it: percentages as fractions (90% → 0.9)."""
    return float(Decimal(number) / 100) if unit == "%" else float(Decimal(number))


# ----------------------------------------------------------------------------- segmentation
@dataclass
class _Segment:
    text: str
    start: int
    sentence: int
    item: int | None
    closing: bool


def _split(text: str) -> list[_Segment]:
    """Cut the text at separators outside brackets; ``[n]`` starts a sentence and an item."""
    cuts: list[_Segment] = []
    sentence, item, depth, start = 0, None, 0, 0
    index = 0
    breaks = {m.start() for m in _AFTER_OUTCOME.finditer(text)
              if not _RESPECTIVELY.search(text[:m.start()].rsplit(";", 1)[-1])}

    def close(end: int, new_sentence: bool) -> None:
        nonlocal sentence
        piece = text[start:end]
        if piece.strip(",;:、"):
            lead = len(piece) - len(piece.lstrip(",;:、"))
            stripped = piece.strip(",;:、")
            closing = bool(_CLOSING.search(stripped)) or (
                bool(_CLOSING_WEIGHT.search(stripped))
                and not _CONDITION_AHEAD.search(text[end:].split(";", 1)[0]))
            cuts.append(_Segment(stripped, start + lead, sentence, item, closing))
        if new_sentence:
            sentence += 1

    while index < len(text):
        ch = text[index]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch == "[" and re.match(r"\[\d{1,2}\]", text[index:]):
            close(index, True)
            end = text.index("]", index) + 1
            item = int(text[index + 1:end - 1])
            start = index = end
            continue
        elif depth == 0 and (ch in ";,:|、" and (ch != "、" or index in breaks)):
            close(index, ch in ";|")
            start = index + 1
        elif depth == 0 and index in breaks and index > start:
            close(index, False)
            start = index
        index += 1
    close(len(text), True)
    return cuts


def _merge(segments: list[_Segment]) -> list[_Segment]:
    """Join the condition segments of a sentence to the segment that says what follows."""
    merged: list[_Segment] = []
    pending: list[_Segment] = []

    def flush() -> None:
        for segment in pending:
            merged.append(segment)
        pending.clear()

    for segment in segments:
        if pending and pending[0].sentence != segment.sentence and not _bare_points(segment):
            flush()  # ``…健全。5分``: only points alone close the condition of the sentence before
        if not segment.closing:
            pending.append(segment)
            continue
        if pending:
            first = pending[0]
            segment = _Segment(_join(pending + [segment]), first.start, segment.sentence,
                               first.item if first.item is not None else segment.item, True)
            pending.clear()
        merged.append(segment)
    flush()
    return merged


def _bare_points(segment: _Segment) -> bool:
    return bool(re.fullmatch(r"{num}{points}".format(**_W), segment.text))


def _join(segments: list[_Segment]) -> str:
    return ",".join(segment.text for segment in segments)


# ----------------------------------------------------------------------------- reading
def read_clauses(text: str) -> list[Clause]:
    """Read a normalised rule text into clauses (see module docs)."""
    clauses: list[Clause] = []
    for segment in _merge(_split(text)):
        clauses.append(_read(segment))
    return clauses


def _read(segment: _Segment) -> Clause:
    clause = Clause(segment.text, segment.start, segment.start + len(segment.text),
                    segment.sentence, segment.item)
    position, words = 0, []
    text = segment.text
    for match in _SCANNER.finditer(text):
        if match.start() > position:
            words.append((text[position:match.start()], position))
        name = match.lastgroup
        assert name is not None
        prefix = name + "__"
        groups = {key[len(prefix):]: value for key, value in match.groupdict().items()
                  if key.startswith(prefix)}
        token = Token(name, groups, segment.start + match.start(), segment.start + match.end())
        if name in COMPARISONS:
            comparison = _comparison(name, groups, token, _subject(text, position, match.start()))
            if comparison is None:
                words.append((match.group(0), match.start()))
            else:
                clause.comparisons.append(comparison)
                clause.tokens.append(token)
        else:
            clause.tokens.append(token)
        position = match.end()
    if position < len(text):
        words.append((text[position:], position))
    kept = []
    for part, offset in words:
        stripped = _CONNECTORS.sub("", part)
        if not stripped:
            continue
        if _SCORING_LEFTOVER.search(stripped):
            clause.unknown.append((stripped, segment.start + offset + part.index(stripped)))
        kept.append(stripped)
    clause.words = ",".join(kept)
    _drop_bare_numbers(clause)
    _drop_qualifiers(clause)
    return clause


def _subject(text: str, start: int, end: int) -> str:
    return _CONNECTORS.sub("", text[start:end])


def _op(word: str | None) -> str | None:
    return _OP_OF_WORD.get(word or "")


def _comparison(name: str, g: dict[str, str | None], token: Token, subject: str) -> Comparison | None:
    """The comparison a comparison token states (None when the words contradict each other)."""
    start, end = token.start, token.end
    if name in ("range", "between"):
        unit = g["high_unit"] or g["low_unit"]
        low, high = value_of(g["low"] or "0", g["low_unit"] or unit), value_of(g["high"] or "0", unit)
        factor = unit_factor(g["low_unit"], unit) if g["low_unit"] and unit != g["low_unit"] else None
        if factor is not None:
            low = float(Decimal(g["low"] or "0") * factor)  # 5000万元至1亿元: 0.5亿元 to 1亿元
        if name == "between":
            return Comparison(low, _op(g["low_op"]) == "≤", high, _op(g["high_op"]) == "≤", unit,
                              False, subject + (g["subject"] or ""), start, end)
        low_excl, high_excl = g["low_incl"] == _EXCLUSIVE, g["high_incl"] == _EXCLUSIVE
        # A range without marks includes its lower bound and excludes its upper one.
        low_incl = not low_excl and (bool(g["low_incl"]) or not g["high_incl"] or high_excl)
        high_incl = bool(g["high_incl"]) and not high_excl
        return Comparison(low, low_incl, high, high_incl, unit, False, subject, start, end,
                          high_by_convention=not g["high_incl"],
                          low_by_convention=not low_incl and not low_excl)
    unit = g.get("unit")
    value = value_of(g["value"] or "0", unit)
    if name == "bare":
        return Comparison(value, True, None, False, unit, True, subject, start, end)
    op = _op(g.get("op") or g.get("op2"))
    after = _op(g.get("after"))
    if name == "op_before" and after and op and after != op and {op, after} != {">", "≥"} and \
            {op, after} != {"<", "≤"}:
        return None  # 低于90%以上: contradicting words are no comparison
    if after:
        op = after if op not in (">", "<") else op
    if name == "op_before":
        subject += g.get("mid") or ""
    incl, excl = g.get("incl") == vocab.RULE_WORDS["inclusive"][0], g.get("incl") == _EXCLUSIVE
    if excl and op in ("≥", "≤"):
        if name == "op_before" and not after:
            return None  # ≥60%(不含) contradicts itself: not read, never guessed
        op = {"≥": ">", "≤": "<"}[op]
    if op in ("≥", ">"):
        return Comparison(value, op == "≥" or incl, None, False, unit, False, subject, start, end,
                          low_by_convention=(g.get("after") or (g.get("op") if name == "op_after"
                                                                else None)) in vocab.AFTER_BY_CONVENTION)
    if op in ("≤", "<"):
        return Comparison(None, False, value, op == "≤" or incl, unit, False, subject, start, end)
    if op == "=":
        return Comparison(value, True, value, True, unit, False, subject, start, end)
    return None


#: What makes two conditions of two numbers in a piece (``4次以上且整改率…``, ``3次以上、参训率…``).
_JOINED = re.compile("[,、\\d]|" + "|".join(("和", "与", "及", "并", *vocab.FINDING_WORDS["joins"])))


def _drop_qualifiers(clause: Clause) -> None:
    """A bound on an attribute (an age, an amount) right before a percentage, in the same piece,
    says whose share is measured (``科级领导干部中35岁(含)以下的不低于20%``, ``投入50万元以上的
    项目完成率达到90%``): it is part of the percentage's subject, not a second condition. A
    count (``开展检查4次以上整改率达到100%``) or a joining word makes two conditions."""
    for first, second in zip(list(clause.comparisons), clause.comparisons[1:]):
        between = clause.text[first.end - clause.start:second.start - clause.start]
        if (second.unit != "%" or UNIT_FAMILY.get(first.unit or "") not in ("measure", "money")
                or first.bare or _JOINED.search(between)):
            continue  # 检查4次以上且整改率达到100%: two conditions, not one qualified
        clause.comparisons.remove(first)
        clause.tokens = [token for token in clause.tokens if token.start != first.start]
        # Named by the words after the bound (项目完成率), else by those before it.
        own = second.subject.removeprefix(vocab.RULE_WORDS["of"][0])
        index = clause.comparisons.index(second)
        clause.comparisons[index] = replace(second, subject=own if _CONNECTORS.sub("", own)
                                            else first.subject)


def _drop_bare_numbers(clause: Clause) -> None:
    """A bare number that is not a percentage is a condition only right before the outcome
    (``完成10项得2分``); elsewhere (``2024年度``, ``5项预期效益指标``) it is words."""
    outcome = next((token for token in clause.tokens if token.name in OUTCOMES), None)
    for comparison in list(clause.comparisons):
        if not comparison.bare or comparison.unit == "%":
            continue
        gap = clause.text[comparison.end - clause.start:(outcome.start - clause.start)
                          if outcome else len(clause.text)]
        if outcome is None or outcome.start < comparison.start or _CONNECTORS.sub(
                "", gap.replace(vocab.RULE_WORDS["condition_end"][0], "")):
            clause.comparisons.remove(comparison)
            clause.tokens = [token for token in clause.tokens
                             if not (token.name == "bare" and token.start == comparison.start)]
            clause.words = ",".join(filter(None, [clause.words, clause.text[
                comparison.start - clause.start:comparison.end - clause.start]]))

