"""Described findings (实际完成情况的描述) read into the values a rule takes.

Evaluators often record what they found rather than the value a rule reads: ``完成率97%,质量问题2项``
for a rule of two parts, ``仅满足①②`` or ``三项均满足`` for a checklist, ``有专人无经费`` for a
condition, ``超计划时间8%`` for a deviation. When a value cannot be read as it stands, the rule
reads it as a finding: it is cut into pieces at commas and semicolons, each piece gives a number
(the one number it holds) or words, and words are compared with the rule's own conditions by the
phrases they share and whether each phrase is negated on either side (``编制了赤字预算`` against
``未编赤字预算`` is the opposite). What comes out is the canonical value (``①97%；②2``, ``①②``,
a tier's words), scored as usual; a finding the rules below cannot place stays unread (PS-V001).

The workbook's native formulas read only canonical values; a finding typed into a workbook is
flagged by its input check, and collect reports the engine's reading beside the sheet's.
"""

from __future__ import annotations

import re
from typing import Any

from . import vocab
from .clauses import UNIT_FAMILY, read_clauses, value_of
from .normalise import characters, normalise, spelled_number
from .parts import Band, Checklist, Gate, Numeric, Part, Qualitative, Step, Tiers, Veto, fmt

_W = vocab.FINDING_WORDS
_PIECES = re.compile(r"[,;]")
_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)({units})?".format(units="|".join(
    re.escape(unit) for unit in sorted(
        [u for units in vocab.UNITS.values() for u in units] + list(vocab.PERCENT_WORDS),
        key=len, reverse=True))))
_COUNT_UNITS = frozenset(vocab.UNITS["count"])
_SPELLED = "".join(vocab.NUMERALS) + vocab.NUMERAL_TEN + vocab.NUMERAL_HUNDRED


def read_finding(rule: Any, text: str) -> list[Any] | None:
    """The value of each input of ``rule`` that the finding ``text`` states, or None when the
    finding cannot be placed with confidence (then the value stays unread)."""
    finding = _clean(text)
    if not finding:
        return None
    pieces = [piece for piece in _PIECES.split(finding) if piece]
    slots = [rule.slot_parts(slot) for slot in range(rule.inputs)]
    context = normalise(rule.text)
    if len(slots) == 1:
        value = _read_slot(slots[0], finding, pieces, context)
        return None if value is None else [value]
    if len(pieces) == len(slots):
        values = [_read_slot(parts, piece, [piece], context) for parts, piece in zip(slots, pieces)]
        return None if any(value is None and not _optional(parts)
                           for value, parts in zip(values, slots)) else values
    return _assign(slots, pieces, context)


# ----------------------------------------------------------------------------- one input
def _read_slot(parts: list[Part], text: str, pieces: list[str], context: str) -> Any:
    """The value of one input: ``context`` is the rule's text, which lists what a veto covers
    (``出现任何一种状况的…:①…;⑤乡村举债搞建设``) beyond its heading."""
    scored = [part for part in parts if part.role not in ("gate", "veto")] or parts
    main = scored[0]
    if isinstance(main, Checklist):
        return _checklist(main, text, pieces)
    if isinstance(main, Numeric):
        return _numeric(main, pieces)
    if isinstance(main, Tiers):
        return _tier(main, text)
    if isinstance(main, (Qualitative, Veto, Gate)):
        condition = getattr(main, "condition", "")
        held = _answered(pieces)
        if held is None:
            held = _holds(text, condition + "," + context if isinstance(main, Veto) else condition)
        if held is None:
            return None
        if isinstance(main, Qualitative):
            return vocab.YES_NO_CHOICES[0] if held else vocab.QUALITY_ANSWERS["not_achieved"][0]
        return vocab.YES_NO_CHOICES[0] if held else vocab.YES_NO_CHOICES[1]
    return None


def _numeric(part: Numeric, pieces: list[str]) -> Any:
    """The one number of the finding (``超计划时间8%`` → 8%), or an exempt word it states
    (``实施方案无该项建设任务`` → the rule's own words); other pieces must agree with the rule."""
    numbers = [(piece, _NUMBER.findall(piece)) for piece in pieces]
    found = [(piece, matches[0]) for piece, matches in numbers if len(matches) == 1]
    words = [piece for piece, matches in numbers if not matches]
    if len(found) == 1 and len(found) + len(words) == len(pieces):
        if not all(_agrees_with_rule(part, word) for word in words):
            return None
        piece, (number, unit) = found[0]
        shift = _shift(part, piece, number)
        if shift is not None:
            return shift
        if _hedged(piece, number):
            return None  # 不到90%, 约95%, 90%以上: not the value itself
        return number if unit in _COUNT_UNITS or not unit else number + _unit(unit)
    return _numeric_words(part, found, words)


def _hedged(piece: str, number: str) -> bool:
    """A number said with a comparison, an approximation or a negation right before it
    (``不到90%``); a negation in what is counted (``2张未做到``) is no hedge."""
    words = [w for ws in (*vocab.OPERATOR_WORDS_BEFORE.values(), *vocab.OPERATOR_WORDS_AFTER.values(),
                          *vocab.OPERATOR_SYMBOLS.values()) for w in ws if len(w) > 1 or not w.isalpha()]
    just_before = piece[:piece.index(number)][-2:]
    return _negated_anywhere(just_before) or any(word in piece for word in words + list(_W["vague"]))


def _shift(part: Numeric, piece: str, number: str) -> str | None:
    """``超计划时间8%`` beside a step measured from its line (计划, 100%): the finding states
    how far the value is from the line, so the value is the line moved by it."""
    if not isinstance(part, Step) or not part.percent or part.line == 0 or \
            part.direction not in ("deviation", "above"):
        return None
    before = piece[:piece.index(number)]
    if any(before.startswith(verb) for verb in vocab.STEP_VERBS["increase"]):
        return fmt(part.line + float(number) / 100, True)
    return None


def _numeric_words(part: Numeric, found: list[Any], words: list[str]) -> Any:
    """A finding in words only: an exempt condition it states, or a count said to be none."""
    if not found and len(words) == 1:
        for exempt in part.exempt:
            if _holds(words[0], exempt):
                return exempt
        if part.input_kind == "count" and _says_none(words[0]):
            return "0"  # 全部纳入, 未发现: none of what is counted
    return None


def _unit(unit: str) -> str:
    return "%" if unit in vocab.PERCENT_WORDS else unit


def _agrees_with_rule(part: Numeric, words: str) -> bool:
    """A piece beside the number that only confirms the rule (``有任务`` beside ``回收率95%``
    when the rule spares ``没有…任务``, ``对象准确``) or names what it measures."""
    conditions = list(part.exempt) + ([part.label] if part.label else [])
    return any(_cores(_bare(words), _bare(condition)) for condition in conditions) or \
        not _negated_anywhere(words)


def _tier(part: Tiers, text: str) -> Any:
    """The tier whose condition the finding agrees with, phrase by phrase, and nowhere
    contradicts (``开展但无明显成效`` → 开展…; ``及时清理`` → 进行清理, not 清理不及时)."""
    if _all_hold(text):
        top = max(part.tiers, key=lambda tier: tier[1])
        return top[0]
    fits: list[tuple[int, float, str]] = []
    opposite: list[str] = []
    numbers = _numbers(text)
    for condition, points in part.tiers:
        if not _numbers_fit(numbers, condition):
            continue  # 完成率70% is not 技术培训人次完成率80-99%
        agree, disagree = _compare(_strip_numbers(text), _strip_numbers(condition))
        if agree and not disagree:
            fits.append((agree, points, condition))
        elif disagree and not agree:
            opposite.append(condition)
    if fits:
        most = max(agree for agree, _, _ in fits)
        tied = [fit for fit in fits if fit[0] == most]
        if len(tied) == 1:
            return tied[0][2]
        if _negated_anywhere(text):
            return min(tied, key=lambda fit: fit[1])[2]  # 没有规程: the tier that fails most
        return None
    if len(part.tiers) == 2 and len(opposite) == 1:
        return next(condition for condition, _ in part.tiers if condition != opposite[0])
    return None


def _numbers(text: str) -> list[tuple[float, str]]:
    """The numbers of a finding with their kind of quantity (``70%`` → (0.7, percent))."""
    found = []
    for number, unit in _NUMBER.findall(text):
        unit = _unit(unit) if unit else ""
        found.append((value_of(number, unit or None), UNIT_FAMILY.get(unit, "none")))
    return found


def _numbers_fit(numbers: list[tuple[float, str]], condition: str) -> bool:
    """Whether every number of the finding lies in the condition's own range for its kind of
    quantity (a condition without one says nothing against it)."""
    comparisons = [cmp for clause in read_clauses(normalise(condition)) for cmp in clause.comparisons]
    for value, family in numbers:
        ranges = [cmp for cmp in comparisons if cmp.family == family]
        if ranges and not any(Band(cmp.low, cmp.low_inclusive, cmp.high, cmp.high_inclusive, 0.0)
                              .contains(value) for cmp in ranges):
            return False
    return True


def _strip_numbers(text: str) -> str:
    return _NUMBER.sub(",", text)


def _answered(pieces: list[str]) -> bool | None:
    """A yes or no among the pieces: ``无`` beside ``总分92``, ``…造假行为:是``."""
    for piece in pieces:
        answer = piece.rsplit(":", 1)[-1]
        if answer in vocab.VETO_ANSWERS["triggered"][:1] + vocab.QUALITY_ANSWERS["achieved"][:1]:
            return True
        if answer in vocab.VETO_ANSWERS["clear"]:
            return False
    return None


def _holds(text: str, condition: str) -> bool | None:
    """Whether the finding says the condition holds (True), fails (False), or neither (None)."""
    if _all_hold(text):
        return True
    if _none_hold(text):
        return False
    agree, disagree = _compare(text, condition)
    if disagree:
        return False
    return True if agree else None


# ----------------------------------------------------------------------------- checklists
def _checklist(part: Checklist, text: str, pieces: list[str]) -> Any:
    """``①②③均满足``, ``仅满足①②``, ``仅1、2符合``, ``满足前两项``, ``满足三项`` (items of equal
    points), ``仅印制宣传手册``, ``主办会计、出纳未分开`` (the others hold), ``入户率95%,其余三项
    满足`` → the items that hold, as ``①③`` (or 无)."""
    count = len(part.items)
    labels = _labels(text, count)
    if labels is not None:
        return _written(labels) if not _negated_anywhere(_strip_labels(text)) else None
    if _none_hold(text):
        return vocab.CHECKLIST_NONE[0]
    if _all_hold(text) and not any(word in text for word in _W["only"] + _W["rest"]):
        return _written(set(range(1, count + 1)))
    first = _first(text)
    if first is not None:
        return _written(set(range(1, min(first, count) + 1)))
    equal = len({points for _, points in part.items}) == 1
    many = _how_many(text)
    if many is not None and equal and len(pieces) == 1 and many <= count:
        return _written(set(range(1, many + 1)))
    held: set[int] = set()
    failed: set[int] = set()
    rest = False
    for piece in pieces:
        if any(word in piece for word in _W["rest"]):
            rest = True
            continue
        index, holds = _item(part, piece)
        if index is None:
            return None
        (held if holds else failed).add(index)
    if rest or (failed and not held and not any(word in text for word in _W["only"])):
        held = set(range(1, count + 1)) - failed  # the others hold
    return _written(held) if held else vocab.CHECKLIST_NONE[0]


def _item(part: Checklist, piece: str) -> tuple[int | None, bool]:
    """The item a piece names, and whether it holds (``入户率95%`` against ``入户率100%``:
    a number short of the item's own fails it)."""
    words = _strip_words(piece, _W["only"] + _W["hold"])
    best: tuple[int, int, bool] | None = None
    for index, (item, _) in enumerate(part.items, start=1):
        agree, disagree = _compare(words, item)
        if not (agree or disagree):
            continue
        holds = not disagree
        mine, theirs = _NUMBER.findall(piece), _NUMBER.findall(item)
        if len(mine) == 1 and len(theirs) == 1:
            holds = holds and float(mine[0][0]) >= float(theirs[0][0])
        if best is None or agree + disagree > best[1]:
            best = (index, agree + disagree, holds)
    return (None, False) if best is None else (best[0], best[2])


def _labels(text: str, count: int) -> set[int] | None:
    """Item numbers written out: ``①②`` (read as ``[1][2]``), ``1、2``."""
    marked = {int(number) for number in re.findall(r"\[(\d{1,2})\]", text)}
    if not marked and re.search(r"\d[、,]\d", text):
        marked = {int(number) for number in re.findall(r"\d+", text)}
    if not marked:
        return None
    return marked if max(marked) <= count and min(marked) >= 1 else None


def _strip_labels(text: str) -> str:
    return re.sub(r"\[\d{1,2}\]|[\d、,]", "", text)


def _written(labels: set[int]) -> str:
    return "".join(vocab.CIRCLED[index - 1] for index in sorted(labels))


def _first(text: str) -> int | None:
    """``满足前两项`` → 2."""
    for word in _W["first"]:
        match = re.search(re.escape(word) + r"(\d+|[{}]+)".format(re.escape(_SPELLED)), text)
        if match:
            return _count_of(match.group(1))
    return None


def _how_many(text: str) -> int | None:
    """``满足三项`` → 3 (said of items that weigh the same)."""
    if not any(word in text for word in _W["hold"]):
        return None
    match = re.search(r"(\d+|[{digits}]+)(?:{units})".format(
        digits=re.escape(_SPELLED), units="|".join(map(re.escape, _W["item_units"]))), text)
    return _count_of(match.group(1)) if match else None


def _count_of(number: str) -> int | None:
    return int(number) if number.isdigit() else spelled_number(number)


# ----------------------------------------------------------------------------- several inputs
def _assign(slots: list[list[Part]], pieces: list[str], context: str) -> list[Any] | None:
    """More or fewer pieces than inputs (``有方案、记录齐全,排查4次,对象准确,优亲厚友0例``,
    ``影响全省上报``): each input takes the piece that names it (a number beside its label, or
    its condition), an input no piece names stays empty; pieces left over must only confirm
    the rule."""
    values: list[Any] = [None] * len(slots)
    taken: set[int] = set()
    for slot, parts in enumerate(slots):
        candidates = []
        for index, piece in enumerate(pieces):
            if index in taken:
                continue
            value = _read_slot(parts, piece, [piece], context)
            if value is None:
                continue
            label = next((part.label for part in parts if part.label), "")
            candidates.append((len(_cores(_bare(piece), _bare(label))) if label else 0, index, value))
        if not candidates:
            continue  # not named: left empty (a missing part is reported when it is scored)
        _, index, value = max(candidates, key=lambda candidate: (candidate[0], -candidate[1]))
        values[slot] = value
        taken.add(index)
    leftover = [piece for index, piece in enumerate(pieces) if index not in taken]
    if not taken or any(_negated_anywhere(piece) for piece in leftover):
        return None
    return values


def _optional(parts: list[Part]) -> bool:
    return all(part.optional for part in parts)


# ----------------------------------------------------------------------------- phrases
def _clean(text: str) -> str:
    return re.sub(r"\s+", "", characters(str(text)))


def _bare(text: str) -> str:
    """Words without particles and quantifiers that do not change what they say (了, 已, 均)."""
    for word in sorted(_W["particles"], key=len, reverse=True):
        text = text.replace(word, "")
    return text


def _strip_words(text: str, words: tuple[str, ...]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def _all_hold(text: str) -> bool:
    """``三项均满足``, ``两项均符合``, ``均有``: every requirement holds."""
    return any(word + hold in text for word in _W["all"] for hold in _W["hold"]) and \
        not _none_hold(text)


def _none_hold(text: str) -> bool:
    """``均不满足``, ``均无``, ``都没有``: none holds."""
    return any(word in text for word in _W["none"])


def _says_none(text: str) -> bool:
    """A count said in words to be zero (``全部纳入``, ``未发现``)."""
    return any(word in text for word in _W["zero_count"])


def _negated_anywhere(text: str) -> bool:
    return any(ch in text for ch in vocab.NEGATION_CHARS)


def _negated(text: str, position: int) -> bool:
    """Whether a negation stands before ``position`` in its phrase (a negation reaches to the
    phrase's end: ``没有小额信贷回收任务``, ``清理不及时``); words such as 无公害 are no negation."""
    before = re.split(r"[,;、]", text[:position])[-1]
    for word in _W["not_negations"]:
        before = before.replace(word, "")
    return any(ch in before for ch in vocab.NEGATION_CHARS)


def _compare(finding: str, condition: str) -> tuple[int, int]:
    """How many characters of shared phrases the finding and a condition say the same way,
    and how many they say opposite ways (one side negated)."""
    finding, condition = _bare(finding), _bare(condition)
    agree = disagree = 0
    for phrase, at_finding, at_condition in _cores(finding, condition):
        if _negated(finding, at_finding) == _negated(condition, at_condition):
            agree += len(phrase)
        else:
            disagree += len(phrase)
    return agree, disagree


def _cores(first: str, second: str, least: int = 2) -> list[tuple[str, int, int]]:
    """The phrases two texts share (longest first, each character used once, at least
    ``least`` characters, negations and punctuation not counted), with where they start."""
    usable_a = [ch not in vocab.NEGATION_CHARS and ch not in ",;、" for ch in first]
    usable_b = [ch not in vocab.NEGATION_CHARS and ch not in ",;、" for ch in second]
    found: list[tuple[str, int, int]] = []
    while True:
        best = (0, 0, 0)
        for i in range(len(first)):
            if not usable_a[i]:
                continue
            for j in range(len(second)):
                length = 0
                while i + length < len(first) and j + length < len(second) and \
                        usable_a[i + length] and usable_b[j + length] and \
                        first[i + length] == second[j + length]:
                    length += 1
                if length > best[0]:
                    best = (length, i, j)
        length, i, j = best
        if length < least:
            return found
        found.append((first[i:i + length], i, j))
        for k in range(length):
            usable_a[i + k] = usable_b[j + k] = False
