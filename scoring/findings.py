"""Described findings (实际完成情况的描述) read into the values a rule takes.

Evaluators often record what they found rather than the value a rule reads: ``完成率97%,质量问题2项``
for a rule of two parts, ``仅满足①②`` or ``三项均满足`` for a checklist, ``有专人无经费`` for a
condition, ``超计划时间8%`` for a deviation. When a value cannot be read as it stands, the rule
reads it as a finding:

- the finding is cut into pieces at commas and semicolons; each piece gives one number (the words
  beside it name what it is) or words;
- words are compared with the rule's conditions by the phrases they share (longest first); a
  phrase is negated when an odd number of negations (未/不/无/没/非/欠/尚待/正在/零…) stands before
  it in its clause (``不存在未分解落实`` is positive); only phrases negated on one side or both
  decide, and they must agree among themselves; a negation that shares nothing with the other
  text (``批准文件尚未取得`` against ``有批准文件``) leaves the reading unsure;
- an input takes the piece that names it most strongly, and a piece that names an input it
  cannot be read for stops the reading; a piece left over may only confirm.

A rule of several scores (a weighted composite, a rescaled score) reads ``名称分数`` pairs instead
(``市级90,区县平均80``, ``适用指标满分80分,得分72分``): each name goes to the input it shares the most
characters with, and a list for an averaged component (``区县得分70、90``) is its average.

What comes out is the canonical value (``①97%；②2``, ``①②``, a tier's words), scored as usual. A
finding the rules cannot place with confidence stays unread (PS-V001): a hedged number (``约95%``,
``不到90%``), a partial word where the rule has no partial score for it (``基本满足`` on a
checklist), a number left over, a negation that shares nothing with the rule.

The workbook's native formulas read only canonical values; a finding typed into a workbook is
flagged by its input check, and collect reports the engine's reading beside the sheet's.
"""

from __future__ import annotations

import re
from typing import Any

from . import vocab
from .clauses import UNIT_FAMILY, read_clauses, value_of
from .errors import ActualValueError
from .normalise import characters, normalise, spelled_numbers
from .parts import (SCORE_TEXT, Band, Bands, Checklist, CountBonus, CountPenalty, Deductions, Gate,
                    Numeric, Part, Qualitative, Scores, Step, Tiers, Veto, Weighted, fmt)
from .spreadsheet_math import round15

_W = vocab.FINDING_WORDS
_PIECES = re.compile(r"[,;]")
#: Where the parts of a labelled value are cut: at ``；`` or, as people also type, a comma or a
#: space (``①12%，②30%``).
_LABELLED = re.compile("[;；,，、\\s]+(?=[{labels}])".format(labels=vocab.CIRCLED[1:]))
_CLAUSES = re.compile(r"[,;:]")
_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)({units})?".format(units="|".join(
    re.escape(unit) for unit in sorted(
        [u for units in vocab.UNITS.values() for u in units] + list(vocab.PERCENT_WORDS),
        key=len, reverse=True))))
_COUNT_UNITS = frozenset(vocab.UNITS["count"])
#: A finding that says, and only says, that nothing was found (无问题, 未发现问题, 均无).
_NONE_AT_ALL = frozenset(_W["zero_count"] + tuple(word + "问题" for word in _W["zero_count"])
                         + _W["none"] + _W["none_happened"])
_NEGATIONS = tuple(sorted(_W["negations"], key=len, reverse=True))
#: Comparison and approximation words that make a number no value of its own (以上, 约 …).
_HEDGES = tuple(w for ws in (*vocab.OPERATOR_WORDS_BEFORE.values(), *vocab.OPERATOR_WORDS_AFTER.values(),
                             *vocab.OPERATOR_SYMBOLS.values()) for w in ws
                if len(w) > 1 or not w.isalpha()) + _W["vague"]


def read_finding(rule: Any, text: str) -> list[Any] | None:
    """The value of each input of ``rule`` that the finding ``text`` states, or None when the
    finding cannot be placed with confidence (then the value stays unread)."""
    finding = _clean(text)
    if not finding:
        return None
    several = next((part for part in rule.parts if isinstance(part, Scores)), None)
    if several is not None:
        return _scores(several, text)
    labelled = _LABELLED.split(text.strip())
    if rule.inputs > 1 and len(labelled) == rule.inputs and all(
            piece.startswith(vocab.CIRCLED[index]) for index, piece in enumerate(labelled)):
        # ①12%，②30%; ①按时报送；②准确无误: each part as written, else as a finding of its own
        context = normalise(rule.text)
        values: list[Any] = []
        for index, piece in enumerate(labelled):
            value = piece[1:].strip() or None
            parts = rule.slot_parts(index)
            if value is not None and not _reads(parts, value):
                value = _read_slot(parts, value, [_clean(value)], context) or value
            values.append(value)
        return values
    total = _total_count(rule, finding)
    if total is not None:
        return total
    nothing = [_nothing_found(rule.slot_parts(slot)) for slot in range(rule.inputs)]
    if rule.inputs > 1 and None not in nothing and \
            (finding in _NONE_AT_ALL or finding in vocab.DEDUCTIONS_NONE):
        return nothing  # 无问题, 均未发现 against problems of several kinds
    pieces = [piece for piece in _PIECES.split(finding) if piece]
    slots = [rule.slot_parts(slot) for slot in range(rule.inputs)]
    context = normalise(rule.text)
    if len(slots) == 1:
        value = _read_slot(slots[0], finding, pieces, context)
        return None if value is None else [value]
    return _assign(slots, pieces, context)


def _reads(parts: list[Part], value: str) -> bool:
    """Whether the parts of one input take ``value`` as it is written."""
    try:
        for part in parts:
            part.score(value)
    except ActualValueError:
        return False
    return True


def _total_count(rule: Any, finding: str) -> list[Any] | None:
    """``3`` or ``共3例`` for a rule whose parts are alike deductions per case of different kinds
    (``未按规定审核的,每例扣0.1分;未及时维护的,每例扣0.1分``): the cases of all kinds together
    cost the same, so the total is read as the first part's count and none of the others'."""
    parts = rule.parts
    alike = (parts[0].penalty, parts[0].step, parts[0].unit, parts[0].exempt) \
        if parts and isinstance(parts[0], CountPenalty) else None
    if rule.inputs < 2 or len(parts) != rule.inputs or not all(
            isinstance(part, CountPenalty) and part.cap is None
            and (part.penalty, part.step, part.unit, part.exempt) == alike for part in parts):
        return None
    found = re.fullmatch(r"(?:共|合计|总计)?(\d+)(?:{unit})?".format(
        unit=re.escape(parts[0].unit or "")), finding)
    return None if found is None else [found.group(1)] + ["0"] * (rule.inputs - 1)


# ----------------------------------------------------------------------------- one input
def _read_slot(parts: list[Part], text: str, pieces: list[str], context: str) -> Any:
    """The value of one input from the finding's ``text`` (in ``pieces``); ``context`` is the
    rule's text, which lists what a veto covers (``出现任何一种状况的…:①…;⑤乡村举债搞建设``)."""
    scored = [part for part in parts if part.role not in ("gate", "veto")] or parts
    main = scored[0]
    if isinstance(main, Deductions):
        return _problems(main, text, pieces)
    if isinstance(main, Checklist):
        return _checklist(main, text, pieces)
    if isinstance(main, Numeric):
        return _numeric(main, pieces)
    if isinstance(main, Tiers):
        return _tier(main, text)
    if isinstance(main, (Qualitative, Veto, Gate)):
        condition = getattr(main, "condition", "")
        target = condition + "," + context if isinstance(main, Veto) else condition
        numbers = _numbers(text)
        measured = [cmp for clause in read_clauses(normalise(condition))
                    for cmp in clause.comparisons] if numbers else []
        if isinstance(main, Qualitative) and measured:
            # 污水处理率达80%以上,污泥基本实现无害化处理: a number outside the condition's own
            # range fails it (75%); inside it, the words decide (a number alone: unsure)
            numbered = [piece for piece in pieces if _NUMBER.search(piece)]
            if len(numbers) != len(numbered) or not all(
                    any(_shared(_strip_numbers(piece), cmp.subject) >= 2 for cmp in measured)
                    or (len(measured) == 1 and not _strip_numbers(piece).strip(","))  # 75% alone
                    for piece in numbered):
                return None  # 另有2份缺失, 考核合格率85%: a number of something else
            if not _numbers_fit(numbers, condition):
                return vocab.QUALITY_ANSWERS["not_achieved"][0]
            words = [piece for piece in pieces if not _NUMBER.search(piece)]
            if not words:
                return None  # the number alone says nothing of the condition's words
            # the words are held against the condition's phrases without a number
            # (asides in brackets dropped: 无害化(资源化)处理)
            target = ",".join(phrase for phrase in re.split(
                "[,;]", re.sub(r"\([^()]*\)", "", normalise(condition)))
                if phrase and not _NUMBER.search(phrase))
            pieces, text = words, ",".join(words)
        held = _answered(pieces)
        if held is not None and text in vocab.PRESENCE_WORDS["no"] and \
                condition.startswith(vocab.NEGATION_PREFIXES):
            return None  # 无 against 无违规违纪问题: "there is none" of what? (it read as failing)
        if held is None:
            # pieces that speak of the condition; others (总分92) are context and may not negate
            relevant = [piece for piece in pieces if _shared(piece, target) >= 2] or pieces
            said = ",".join(relevant)
            unsure = _partial(said) or (_NUMBER.search(re.sub(r"\[\d{1,2}\]", "", said)) and
                                        not (_all_hold(said) or _none_hold(said)))
            if unsure or any(_negated(piece) for piece in pieces if piece not in relevant):
                return None  # 只落实了一部分, 落实率80%: not a yes or no
            held = _holds(said, target, whole=not isinstance(main, Veto), own=condition)
        if held is None:
            return None
        if isinstance(main, Qualitative):
            return vocab.YES_NO_CHOICES[0] if held else vocab.QUALITY_ANSWERS["not_achieved"][0]
        return vocab.YES_NO_CHOICES[0] if held else vocab.YES_NO_CHOICES[1]
    return None


def _numeric(part: Numeric, pieces: list[str]) -> Any:
    """The one number of the finding (``办理比率97%`` → 97%, ``超计划时间8%`` → 108%), or an
    exempt condition it states; other pieces may only confirm the rule."""
    numbers = [(piece, _NUMBER.findall(piece)) for piece in pieces]
    found = [(piece, matches[0]) for piece, matches in numbers if len(matches) == 1]
    words = [piece for piece, matches in numbers if not matches]
    if len(found) == 1 and len(found) + len(words) == len(pieces):
        if not all(_confirms(part, word) for word in words):
            return None
        piece, (number, unit) = found[0]
        if (_unit(unit) == "%") != part.percent and unit:
            return None  # 100% is no count of people, 3人 no percentage
        if isinstance(part, CountPenalty) and part.label.startswith(vocab.SHORTFALL_VERBS) and \
                not any(verb in piece for verb in vocab.SHORTFALL_VERBS) and not _negated(piece) and \
                _strip_numbers(piece).strip(","):
            return None  # 组织4次 against 缺党课: the lessons held, not the lessons missed
        if isinstance(part, CountPenalty) and not any(_negated(each) for each in pieces) and any(
                word in each for each in pieces for word in _COMPLETE):
            # 四项制度齐全, 任务6例,全部完成: a count of what holds (or is planned), not of the
            # problems counted
            return None
        if piece[:piece.index(number)].endswith(_W["early"]):
            # 提前2天报送 against 每拖延一天扣0.5分: no day late (against anything else: unread)
            return "0" if _from_nothing(part) else None
        shift = _shift(part, piece, number)
        if shift is not None:
            return shift
        if _hedged(piece, number) or (part.percent and piece[:piece.index(number)].endswith(_W["fell_by"])):
            return None  # 不到90%, 约95%, 90%以上; 执行率低2% (below some line): not the value itself
        return number if unit in _COUNT_UNITS or not unit else number + _unit(unit)
    if not found and len(words) == 1:
        for exempt in part.exempt:
            if _holds(words[0], exempt) is True and _covers(words[0], exempt):
                return exempt  # 实施方案无该项建设任务, 按时拨付: the rule's own exemption
        if part.input_kind == "count" and _says_none(words[0]):
            return "0"  # 全部纳入, 未发现: none of what is counted
    return None


def _unit(unit: str) -> str:
    return "%" if unit in vocab.PERCENT_WORDS else unit


def _confirms(part: Numeric, words: str) -> bool:
    """A piece beside the number that only confirms the rule: names what is measured or states
    an exemption the same way round (``有任务`` beside ``回收率95%`` against ``没有…任务`` does
    not claim the exemption), and holds no negation the rule does not share."""
    conditions = list(part.exempt) + ([part.label] if part.label else [])
    if not _negated(words):
        return True
    return any(_holds(words, condition) is True for condition in conditions)


def _hedged(piece: str, number: str) -> bool:
    """A number said with a comparison, an approximation or a negation next to it (``不到90%``,
    ``完成率未达到90%``, ``约95%``, ``90%以上``, ``20多个``); a negation or comparison in what is
    counted (``2张未做到``, ``2个学校未达到预期效果``) is no hedge."""
    at = piece.index(number)
    found = _NUMBER.match(piece, at)
    before, after = piece[:at], piece[found.end() if found else at + len(number):]
    # (a negation that is part of what is counted is none: 非访1批次, 未处理2例)
    return before.endswith(_W["short_of_number"]) or any(
        word in before[-4:] or before.startswith(word) or after.startswith(word)
        for word in _HEDGES)  # (低于全县平均2个百分点: below what, by how much?)


def _shift(part: Numeric, piece: str, number: str) -> str | None:
    """``超计划时间8%``, ``比计划推迟12%`` beside a step measured from its line (计划, 100%):
    the finding states how far the value is past the line, so the value is the line moved.
    Below a line likewise: ``比年度目标低2个百分点``, ``差3%`` (a difference, said right before
    the number; ``低于90%`` is the value said with a comparison)."""
    line, direction = _line_of(part)
    if not part.percent or not line:
        return None
    before = piece[:piece.index(number)]
    if direction in ("below", "deviation") and (
            (before.endswith(_W["fell_by"]) and (_AGAINST.search(before) or len(before) <= 2))
            or (before.startswith(_W["short_of"]) and before.endswith(_W["targets"]))):
        # 比年度目标低2个百分点, 差3%, 低于责任指标0.5个百分点: the line less the difference
        return fmt(line - float(number) / 100, True)
    if direction == "below" and before.startswith(_W["exceeded"]):
        return fmt(line + float(number) / 100, True)  # 超额20% against 完成率100%得5分
    if direction not in ("deviation", "above"):
        return None
    verbs = vocab.STEP_VERBS["increase"] + vocab.STEP_VERBS["delay"]
    if any(before.startswith(verb) or before.endswith(verb) for verb in verbs if len(verb) > 1) \
            or before[:1] in vocab.STEP_VERBS["increase"]:
        return fmt(line + float(number) / 100, True)
    return None


def _line_of(part: Numeric) -> tuple[float | None, str]:
    """The line a percentage part measures from and which side of it scores: a step's, a bonus
    past a line (above), a threshold's (below: 完成率100%得5分)."""
    if isinstance(part, Step):
        return part.line, part.direction
    if isinstance(part, CountBonus):
        return (part.line or None), "above"
    if isinstance(part, Bands):
        lines = [band for band in part.bands if band.points > 0]
        if len(lines) == 1 and lines[0].low is not None and lines[0].high is None:
            return lines[0].low, "below"
    return None, ""


#: A count of items (``两项``, ``3条``).
_COUNTED = re.compile(r"(\d+)(?:{})".format("|".join(map(re.escape, _W["item_units"]))))
#: Words that say what they follow holds in full (``四项制度齐全``, ``均已完成``).
_COMPLETE = _W["complete"] + _W["all"]
#: Words of a comparison with the line (``比年度目标低2个百分点``, ``较计划少3%``, ``与目标相差2%``).
_AGAINST = re.compile(r"(?:比|较)(?!率|例|重)|与(?:年度)?(?:目标|计划)")


def _tier(part: Tiers, text: str) -> Any:
    """The tier whose condition the finding agrees with and nowhere contradicts (``开展但无明显
    成效`` → 开展…; ``及时清理`` → 进行清理, not 清理不及时); numbers must lie in the tier's own
    range (``完成率85%`` → 80-99%)."""
    if _all_hold(text):
        top = max(part.tiers, key=lambda tier: tier[1])
        return top[0]
    fits: list[tuple[int, float, str]] = []
    opposite: list[str] = []
    numbers = _numbers(text)
    said = [clause for clause in re.split("[,;]|" + "|".join(map(re.escape, _W["joins"])),
                                           _strip_numbers(text)) if clause]
    agreeing: dict[int, set[str]] = {}  # the tiers each piece says the same way round
    for condition, points in part.tiers:
        if not _numbers_fit(numbers, condition):
            continue  # 完成率70% is not 技术培训人次完成率80-99%
        verdicts = [_verdict(clause, _strip_numbers(condition)) for clause in said]
        for index, (verdict, _) in enumerate(verdicts):
            if verdict:
                agreeing.setdefault(index, set()).add(condition)
        if any(verdict is False for verdict, _ in verdicts):
            opposite.append(condition)  # 开展但无明显成效: not 取得明显成效
        elif any(verdict is True for verdict, _ in verdicts):
            fits.append((sum(shared for verdict, shared in verdicts if verdict), points, condition))
    top = max(points for _, points in part.tiers)
    below = {condition for condition, points in part.tiers if points < top}
    lower = [conditions & below for conditions in agreeing.values() if conditions & below]
    if len(lower) > 1:
        common = set.intersection(*lower)
        if len(common) == 1 and len(lower) == len(said):
            return common.pop()  # 无标识,设施不全 against 既无标识又设施不全的不得分: that tier
        if any(not first & second for first in lower for second in lower):
            # 无标识,设施不全: two failings found at once, which one tier cannot score (已清理,
            # 但清理不够及时 is the full tier refined by one failing: that failing)
            return None
    if fits:
        most = max(shared for shared, _, _ in fits)
        tied = [fit for fit in fits if fit[0] == most]
        if len(tied) == 1:
            return tied[0][2]
        if _negated(text):
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
    quantity (a condition without one says nothing against it, except that a count of more
    than one is no condition that happens once: ``2次未按规定执行`` against ``未按规定执行``,
    which costs its points once)."""
    comparisons = [cmp for clause in read_clauses(normalise(condition)) for cmp in clause.comparisons]
    for value, family in numbers:
        ranges = [cmp for cmp in comparisons if cmp.family == family]
        if ranges and not any(Band(cmp.low, cmp.low_inclusive, cmp.high, cmp.high_inclusive, 0.0)
                              .contains(value) for cmp in ranges):
            return False
        if not ranges and family == "count" and value > 1:
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


def _holds(text: str, condition: str, whole: bool = True, own: str | None = None) -> bool | None:
    """Whether the finding says the condition holds (True), fails (False), or neither (None);
    ``own`` is the condition's own words when ``condition`` also holds the rule's text as context
    (opposite words are looked for in its own words only)."""
    if _all_hold(text):
        return True
    if _none_hold(text):
        return False
    own = condition if own is None else own
    if _contradicts(text, own):
        return False  # 存在违规使用 against 资金使用合规 (not 无违规, 未发现错误)
    if not _negated(text) and any(_asserted(text, word) and any(
            _asserted(own, bad) and bad not in text for bad in opposites)
            for word, opposites in vocab.ANTONYMS):
        return False  # 开设符合规定 against 违规私自开设财政专户: the other way round
    return _verdict(text, condition, whole)[0]


def _contradicts(text: str, condition: str) -> bool:
    """Whether the finding states the opposite of a word of the condition without a negation
    (``存在违规使用`` against ``资金使用合规``, ``数据有误`` against ``数据准确``)."""
    return any(word in condition and word not in text and any(_asserted(text, bad) for bad in opposites)
               for word, opposites in vocab.ANTONYMS)


def _asserted(text: str, word: str) -> bool:
    """Whether ``word`` stands in ``text`` without a negation just before it (``无违规`` and
    ``未发现违规`` deny it)."""
    return any(not any(mark in text[max(0, found.start() - 3):found.start()]
                       for mark in vocab.NEGATION_PREFIXES)
               for found in re.finditer(re.escape(word), text))


def _covers(text: str, condition: str) -> bool:
    """Whether the phrases the finding shares with a condition are half of the finding or more
    (``按时拨付`` of ``按规定时间拨付资金``; not ``资金滞留`` of it)."""
    return 2 * _shared(text, condition) >= len(_bare(text))


# ----------------------------------------------------------------------------- checklists
def _checklist(part: Checklist, text: str, pieces: list[str]) -> Any:
    """``①②③均满足``, ``仅满足①②``, ``仅1、2符合``, ``①③满足,②不满足``, ``满足前两项``,
    ``三项中满足两项`` (items of equal points), ``除信息公开外均满足``, ``制度健全、执行到位,但
    信息未公开``, ``入户率95%,其余三项满足`` → the items that hold, as ``①③`` (or 无)."""
    count = len(part.items)
    if _partial(text):
        return None  # 基本满足: which items, the finding does not say
    if _none_hold(text) and not any(word in text for word in _W["rest"] + _W["except"]):
        return vocab.CHECKLIST_NONE[0]
    excepted = _except(part, text)
    if excepted is not None:
        return _written(set(range(1, count + 1)) - excepted) or vocab.CHECKLIST_NONE[0]
    if any(word in text for word in _W["except"]):
        return None  # 除1项外均达到: which item is excepted, the finding does not say
    labelled = _labels(text, count) is not None
    if _all_hold(text) and not any(word in text for word in _W["only"] + _W["rest"]) and \
            not labelled:
        return _written(set(range(1, count + 1)))
    first = _first(text)
    if first is not None and not labelled:
        return _written(set(range(1, min(first, count) + 1)))
    many = None if labelled else _how_many(text)
    if many is not None:
        number, hold = many
        if not part.equal or number > count:
            return None
        return _written(set(range(1, (number if hold else count - number) + 1))) or \
            vocab.CHECKLIST_NONE[0]
    held: set[int] = set()
    failed: set[int] = set()
    rest: bool | None = None
    for piece in pieces:
        if any(word in piece for word in _W["rest"]):
            rest = not _negated(piece) and not _none_hold(piece)
            continue
        named = _named(part, piece)
        if named is None:
            return None
        for index, holds in named.items():
            (held if holds else failed).add(index)
    if held & failed:
        return None
    if rest is not None:
        others = set(range(1, count + 1)) - held - failed
        (held if rest else failed).update(others)
    elif failed and not held and not any(word in text for word in _W["only"]):
        held = set(range(1, count + 1)) - failed  # 执行不到位: the others hold
    return _written(held) if held else vocab.CHECKLIST_NONE[0]


def _problems(part: Deductions, text: str, pieces: list[str]) -> Any:
    """``未装订，纸张大小不符合规定``, ``已成立自评工作小组,但组成人员不符合要求``, ``均未发现`` →
    the problems found, as ``①③`` (or 无). A problem said not to have happened (``按时报送``
    against ``未按时报送``) is not found, and says nothing of the others (unlike a checklist's
    item that fails)."""
    if any(word in text for word in _W["except"] + _W["rest"]) or _partial(text):
        # 除②外均未发现: which ones, read as problems, is too easily turned around; 装订不太整齐:
        # partly, which no problem's deduction says
        return None
    # 均无, 均没有: none of the problems; 均未, 均不 alone may say every failing happened (均未 against
    # 未成立…,未作出…: both not done), so they stay unread
    absent_all = any(word in text for word in _W["none_present"])
    if _none_hold(text) and not absent_all:
        return None
    if (text in _NONE_AT_ALL or _none_hold(text)) and _labels(text, len(part.items)) is None:
        return vocab.DEDUCTIONS_NONE[0]
    found: set[int] = set()
    absent: set[int] = set()
    for piece in pieces:
        exact = _problem_named(part, piece)
        named = {exact: True} if exact is not None else _named(part, piece)
        if named is None:
            return None
        # a piece sharing words with a problem finds it only if it says a failing (资金使用
        # against 资金使用,存在截留 names none)
        says = bool(_negation_marks(piece)) or any(verb in piece for verb in vocab.COUNT_VERBS[:4])
        for index, holds in named.items():
            if holds and exact is None and not says:
                return None
            (found if holds else absent).add(index)
    if found & absent:
        return None
    return _written(found) or vocab.DEDUCTIONS_NONE[0]


#: Words before a problem's own words that only say it was found (``发现``, ``但``, ``又有``).
_FOUND_LEADS = tuple(sorted((*_W["joins"], *vocab.COUNT_VERBS[:4], "既", "又"), key=len, reverse=True))


def _problem_named(part: Deductions, piece: str) -> int | None:
    """The problem a piece names in its very words (``资料不全``, ``但组成人员不符合要求``, one of
    the alternatives of ``未装订或装订不整齐``: :meth:`.Deductions.spellings`), the words of
    finding before it left out."""
    spellings = part.spellings()
    word = piece
    while word not in spellings:
        lead = next((lead for lead in _FOUND_LEADS if word.startswith(lead)), "")
        if not lead:
            return None
        word = word[len(lead):]
    return spellings[word]


def _named(part: Checklist, piece: str) -> dict[int, bool] | None:
    """The items a piece names (by number, or by sharing enough of their words), each with
    whether it holds (``入户率95%`` against ``入户率100%``: short of the item's number fails it)."""
    count = len(part.items)
    labels = _labels(piece, count)
    if labels is not None:
        # ③否, ③×: a no-mark after the label fails the item, as the cell formula reads it
        rest = _strip_labels(piece)
        holds = not _negated(rest) and not rest.startswith(vocab.CHECKLIST_NO_MARKS)
        return {index: holds for index in labels}
    words = _strip_numbers(_strip_words(piece, _W["only"] + _W["hold"]))
    phrases = [phrase for phrase in re.split("[、且]", words) if phrase]  # 设有目标且明确: two
    raws = [raw for raw in re.split("[、且]", _strip_numbers(piece)) if raw]
    if len(raws) != len(phrases):
        raws = phrases

    def pick(raw: str, phrase: str) -> int | None:
        # 设有目标: the item written out (its 有 is no word of holding to strip)
        whole = [index for index, (item, _) in enumerate(part.items, start=1)
                 if _bare(raw) == _bare(item)]
        return whole[0] if len(whole) == 1 else _best_item(part, phrase)

    indexes = [pick(raw, phrase) for raw, phrase in zip(raws, phrases)]
    whole_piece = _best_item(part, words) if len(phrases) > 1 and None in indexes else None
    if whole_piece is not None:
        phrases, indexes = [words], [whole_piece]  # 申报、批复程序符合管理办法: one item's own 、
    # each phrase with its own negation, or none with one (未细化、未量化; not 未细化、量化, where
    # the one 未 says both)
    own = len(phrases) > 1 and len({_negated(phrase) for phrase in phrases}) == 1
    named: dict[int, bool] = {}
    for phrase, index in zip(phrases, indexes):
        if index is None:
            return None
        item = part.items[index - 1][0]
        # the whole piece, for a negation it shares (未细化、量化); each phrase alone when each has
        # its own (未细化、未量化: two 未 before 量化 would read as none)
        verdict, _ = _verdict(phrase if own else words, _strip_numbers(item))
        if _contradicts(phrase if len(phrases) > 1 else piece, item):
            verdict = False  # 数据有误 against 数据准确, 报送滞后 against 报送及时
        if verdict is None:
            return None
        mine, theirs = _NUMBER.findall(piece), _NUMBER.findall(item)
        if len(mine) == 1 and len(theirs) == 1:
            verdict = verdict and float(mine[0][0]) >= float(theirs[0][0])
        if named.get(index, verdict) != verdict:
            return None
        named[index] = verdict
    return named or None


def _best_item(part: Checklist, phrase: str) -> int | None:
    """The one item a phrase names: the most shared words, then the longest shared phrase
    (``新增和改善节水灌溉面积`` is that item, not ``新增和改善高效节水灌溉面积``)."""
    scores = []
    for index, (item, _) in enumerate(part.items, start=1):
        cores = _cores(_bare(phrase), _bare(_strip_numbers(item)))
        shared = sum(len(core) for core, _, _ in cores)
        if shared >= 2 and (shared >= 4 or 2 * shared >= len(_bare(phrase))):
            scores.append((shared, max(len(core) for core, _, _ in cores), index))
    if not scores:
        return None
    scores.sort(reverse=True)
    if len(scores) > 1 and scores[0][:2] == scores[1][:2]:
        return None  # two items fit as well: which one is meant, the finding does not say
    return scores[0][2]


def _except(part: Checklist, text: str) -> set[int] | None:
    """``除信息公开外均满足``, ``除第③项外其余均满足``: the items excepted."""
    match = re.search("(?:{})(.+?)(?:{})".format(
        "|".join(map(re.escape, _W["except"])), "|".join(map(re.escape, _W["except_end"]))), text)
    if not match or not _all_hold(text[match.end():]) and not any(
            word in text[match.end():] for word in _W["hold"]):
        return None
    named = _named(part, match.group(1))
    return set(named) if named else None


def _labels(text: str, count: int) -> set[int] | None:
    """Item numbers written out: ``①②`` (read as ``[1][2]``), ``1、2``, ``第1、3项``."""
    marked = {int(number) for number in re.findall(r"\[(\d{1,2})\]", text)}
    if not marked and re.search(r"\d[、,]\d|(?:{})\d".format(
            "|".join(map(re.escape, _W["ordinal"]))), text):
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
        match = re.search(re.escape(word) + r"(\d+)(?:{})".format(
            "|".join(map(re.escape, _W["item_units"]))), text)
        if match:
            return int(match.group(1))
    return None


def _how_many(text: str) -> tuple[int, bool] | None:
    """``满足两项``, ``三项中满足两项`` → (2, True): the last count said of items, and whether it
    counts those that hold; ``两项未达到要求``, ``有1项不符合`` → (2, False), (1, False): those
    that fail (before, the count was dropped and the words named one item)."""
    pieces = [piece for piece in _PIECES.split(text) if _COUNTED.search(piece)]
    if len(pieces) != 1:
        return None  # (2项达到,1项未达到: which count to take is not plain)
    piece = pieces[0]
    # the count's own piece says whether they fail: 未发现问题,3项均达标 (hold); 三项均无问题,
    # 3项均未发现问题 (nothing wrong: hold)
    negated = _negated(piece) and not any(word in piece for word in _W["zero_count"])
    if any(word in text for word in _W["rest"] + _W["except"]):
        return None  # 未制定管理办法,其余两项做到: the count is of the rest (the items named)
    if not negated and not any(word in piece for word in _W["hold"] + _W["zero_count"]):
        return None
    counts = _COUNTED.findall(piece)
    if len(counts) > 1 and negated:
        return None  # (3项中2项未达到 is plain, but not every such sentence is)
    return int(counts[-1]), not negated


# ----------------------------------------------------------------------------- named scores
_SCORE = SCORE_TEXT
_MARKER = re.compile(r"\[(\d{1,2})\]")
_SCORE_VALUE = re.compile(r"-?\d+(?:\.\d+)?(?:{points})?".format(points=vocab.RULE_WORDS["points"][0]))
_SCORE_SEPARATORS = re.compile(r"[,;、/\s]+")
#: Where one ``名称分数`` pair ends and the next begins without a separator (``区县80市级90``).
_SCORE_PAIRS = re.compile(r"(?<=\d)(?=[^\d.{points}])|(?<=\d{points})(?=[^\d.])".format(
    points=vocab.RULE_WORDS["points"][0]))


def _scores(part: Scores, text: str) -> list[Any] | None:
    """The scores of a weighted composite or a rescaled score, given as ``名称分数`` pairs in any
    order (``市级90,区县平均80``, ``适用指标满分80分,得分72分``, ``市级:90``; ``,`` ``;`` ``、``
    ``/`` or spaces between them), or as bare numbers in the inputs' order (``72/80``). A number
    without a name after a named one continues its list (``区县得分70、90``), which an averaged
    component takes as its average. A pair whose value is no plain score (``市级约90``,
    ``市级九十``, a list for a component that is no average) keeps its text, so the rule refuses
    it naming the input; a name that fits no input, or fits two, leaves the finding unread. An
    input no pair names stays empty (the rule then says it is missing)."""
    text = characters(str(text))
    if _MARKER.search(text):
        return _numbered_scores(part, text)
    pieces = [piece for chunk in _SCORE_SEPARATORS.split(text) for piece in _SCORE_PAIRS.split(chunk)
              if piece]
    named: list[tuple[str, list[str]]] = []
    for piece in pieces:
        number = _SCORE.search(piece)
        name = (piece[:number.start()] if number else piece).strip(":=")
        value = piece[number.start():] if number else ""
        for word in sorted(_HEDGES, key=len, reverse=True):
            if name.endswith(word) and len(name) > len(word):
                name, value = name[: -len(word)], word + value  # 市级约90: refused, not guessed
                break
        name = name.rstrip(":=为是")
        if not number and named and name in _HEDGES:
            named[-1][1][-1] += name  # 市级90分以上: refused, not guessed
            continue
        if not name and named and named[0][0]:
            named[-1][1].append(value)  # 区县得分70、90
        else:
            named.append((name, [value]))
    if not named:
        return None
    values: list[list[str]] = [[] for _ in range(part.width)]
    if all(not name for name, _ in named):
        if len(named) != part.width:
            return None
        values = [found for _, found in named]
    else:
        for name, found in named:
            index = _field_named(part, name)
            if index is None:
                return None
            if found == [""]:  # 市级九十: the words after the input's name are its value
                run = max((core for core, _, _ in _cores(name, part.field_label(index), least=1)),
                          key=len, default="")
                found = [name.split(run, 1)[1] if run else name]
            values[index] += found
    return _readings(part, values)


def _numbered_scores(part: Scores, text: str) -> list[Any] | None:
    """``①90、80；②70``: each numbered field's scores, by its number (a list for a component
    that is no average is refused naming it, as the typed value would be); a number past the
    inputs, or text before the first, leaves the finding unread."""
    pieces = _MARKER.split(text)
    if pieces[0].strip(",;、/ "):
        return None
    values: list[list[str]] = [[] for _ in range(part.width)]
    for number, chunk in zip(pieces[1::2], pieces[2::2]):
        index = int(number) - 1
        if not 0 <= index < part.width:
            return None
        values[index] += [value for value in _SCORE_SEPARATORS.split(chunk) if value]
    return _readings(part, values)


def _readings(part: Scores, values: list[list[str]]) -> list[Any]:
    """Each input's value from the texts found for it: one score, the average of an averaged
    component's list (rounded as the engine rounds; a negative score in it is that score, so
    the rule refuses it as PS-V004), else the texts joined (refused naming the input)."""
    readings: list[Any] = []
    for index, found in enumerate(values):
        averaged = isinstance(part, Weighted) and part.averaged(index)
        if len(found) > 1 and averaged and all(_SCORE_VALUE.fullmatch(value) for value in found):
            numbers = [float(value.removesuffix(vocab.RULE_WORDS["points"][0])) for value in found]
            negative = next((value for value in found if value.startswith("-")), None)
            mean = round15(sum(numbers) / len(numbers))
            shown = fmt(mean) if float(fmt(mean)) == mean else repr(mean)  # 86.66666666666667
            readings.append(negative or shown)
        elif len(found) == 1 and _SCORE_VALUE.fullmatch(found[0]):
            readings.append(fmt(float(found[0].removesuffix(vocab.RULE_WORDS["points"][0]))))
        else:
            readings.append(vocab.LIST_SEPARATOR.join(found) or None)
    return readings


def _field_named(part: Scores, name: str) -> int | None:
    """The one input a name stands for: by the words it is also called (``满分``), else by the
    longest run of characters it shares with the input's name (two or more, or the whole name)."""
    aliases = [max((len(word) for word in part.field_aliases(index) if word in name), default=0)
               for index in range(part.width)]
    if max(aliases) > 0 and aliases.count(max(aliases)) == 1:
        return aliases.index(max(aliases))
    shared = [_longest_run(name, part.field_label(index)) for index in range(part.width)]
    best = max(shared)
    if best < min(2, len(name)) or shared.count(best) > 1:
        return None
    return shared.index(best)


def _longest_run(first: str, second: str) -> int:
    """The length of the longest run of characters two texts share."""
    found = _cores(first, second, least=1)
    return max((len(phrase) for phrase, _, _ in found), default=0)


# ----------------------------------------------------------------------------- several inputs
def _assign(slots: list[list[Part]], pieces: list[str], context: str) -> list[Any] | None:
    """Each input takes the piece that names it most strongly (a number beside its label, or
    its condition: ``未发现违规采购`` goes to 发现违规采购的,本项不得分); an input no piece names
    stays empty (a missing part is reported when it is scored), except a count of problems when
    every piece was placed, which is 0 (none found); a piece left over may only confirm (no
    number, no negation), and then the inputs no piece names stay empty."""
    names = [[part.label or getattr(part, "condition", "") for part in parts] for parts in slots]
    options = []
    for index, piece in enumerate(pieces):
        strengths = [max((_shared(piece, name) for name in slot_names if name), default=0)
                     for slot_names in names]
        named = [slot for slot, strength in enumerate(strengths) if strength >= 2 and
                 strength == max(strengths)]
        read = 0
        for slot, parts in enumerate(slots):
            if named and slot not in named:
                continue  # 发现套取资金1笔 names the veto, never the count beside it
            value = _read_slot(parts, piece, [piece], context)
            if value is not None:
                read += 1
                options.append((strengths[slot], -index, slot, index, value))
        if named and not read:
            return None  # it names an input it cannot be read for
        if len(named) > 1 and read < len(named) and not _NUMBER.search(piece):
            # 无实施计划 names 无实施计划或考核办法 as much as 实施计划无针对性 (and reads only
            # against the second, as its opposite): which one it speaks of is not plain (a
            # number is placed by its kind: 整合占35% is the percentage's)
            return None
    values: list[Any] = [None] * len(slots)
    filled: set[int] = set()
    taken: set[int] = set()
    for _, _, slot, index, value in sorted(options, reverse=True):
        if slot in filled or index in taken:
            continue
        values[slot] = value
        filled.add(slot)
        taken.add(index)
    leftover = [piece for index, piece in enumerate(pieces) if index not in taken]
    if not taken or any(_negated(piece) or _NUMBER.search(piece) for piece in leftover):
        return None
    if leftover:
        return values  # 存在挪用情况: a piece that may speak of a kind not counted
    # 未及时维护实名制系统2例 against four kinds of problems counted: the kinds it does not
    # name were not found (an evaluator lists what was found)
    return [(_nothing_found(parts) if value is None else value)
            for value, parts in zip(values, slots)]


def _nothing_found(parts: list[Part]) -> str | None:
    """What an input reads when the finding names none of what it counts: 0 for a count of
    problems or a step from nothing (``迟报1天扣1分``: no day late); None for anything else
    (a rate, a yes or no, tiers: the finding must say it)."""
    if all(isinstance(part, CountPenalty) or _from_nothing(part) for part in parts):
        return "0"
    return None


def _from_nothing(part: Part) -> bool:
    """A step counted from nothing in days or cases (``迟报1天扣1分``): 0 is none late."""
    return isinstance(part, Step) and part.direction == "above" and part.line == 0 and not part.percent


# ----------------------------------------------------------------------------- phrases
def _clean(text: str) -> str:
    return spelled_numbers(re.sub(r"\s+", "", characters(str(text))))


def _bare(text: str) -> str:
    """Words without particles and quantifiers that do not change what they say (了, 已, 均)."""
    return _strip_words(text, _W["particles"])


def _strip_words(text: str, words: tuple[str, ...]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def _partial(text: str) -> bool:
    """``基本满足``, ``只落实了一部分``, ``执行欠到位`` is said elsewhere: partly."""
    return any(word in text for word in _W["partial"])


def _all_hold(text: str) -> bool:
    """``三项均满足``, ``两项均符合``, ``均有``: every requirement holds."""
    return any(word + hold in text for word in _W["all"] for hold in _W["hold"]) and \
        not _none_hold(text) and not _negated(text)


def _none_hold(text: str) -> bool:
    """``均不满足``, ``均无``, ``一项也不满足``: none holds (not ``均无问题``, ``均未发现问题``:
    nothing was found wrong)."""
    return any(word in text for word in _W["none"]) and \
        not any(word in text for word in _W["zero_count"])


def _says_none(text: str) -> bool:
    """A count said in words to be zero (``全部纳入``, ``未发现``, ``没有发生``): a word of none,
    a phrase of nothing happening that is the whole text, or all of something done with no
    negation."""
    return any(word in text for word in _W["zero_count"]) or text in _W["none_happened"] or (
        any(word in text for word in _W["all"]) and not _negated(text))


def _negated(text: str) -> bool:
    """Whether words say something negatively: an odd number of negations (未, 不, 无, 没, 非,
    欠, 尚待, 正在, 零 …; words such as 无公害 are no negation)."""
    return len(_negation_marks(text)) % 2 == 1


def _negation_marks(text: str) -> list[int]:
    """Where the negations of ``text`` stand."""
    for word in _W["not_negations"]:
        text = text.replace(word, "\0" * len(word))
    marks: list[int] = []
    for word in _NEGATIONS:
        for match in re.finditer(re.escape(word), text):
            marks.append(match.start())
        text = text.replace(word, "\0" * len(word))
    marks += [index for index, ch in enumerate(text) if ch in vocab.NEGATION_CHARS]
    return sorted(marks)


def _polarity(text: str, position: int) -> bool:
    """Whether the phrase at ``position`` is negated: an odd number of negations before it in
    its clause (``往来款项未清理``: 往来款项 is not, 清理 is)."""
    start = max((m.end() for m in _CLAUSES.finditer(text, 0, position)), default=0)
    return sum(start <= mark < position for mark in _negation_marks(text)) % 2 == 1


def _unaddressed(text: str, starts: list[int]) -> bool:
    """A negation with no shared phrase after it in its clause (``批准文件尚未取得`` against
    ``有批准文件``): what it negates is not in the other text, so the reading is unsure."""
    for mark in _negation_marks(text):
        end = next((m.start() for m in _CLAUSES.finditer(text, mark)), len(text))
        if not any(mark < start < end for start in starts):
            return True
    return False


def _verdict(finding: str, condition: str, whole: bool = True) -> tuple[bool | None, int]:
    """Whether the finding says the condition the same way round (True) or the opposite way
    (False); None when they share nothing or the negations disagree among themselves or one
    side negates something the other does not mention. Also how many characters they share.

    Only phrases negated on at least one side decide (``往来款项及时清理`` against ``…往来款项
    …,未进行清理``: 清理 decides, 往来款项 only says both speak of the same thing). ``whole``:
    every negation of the condition must be answered (not so for a veto read against the whole
    rule text, whose other clauses the finding need not speak of)."""
    finding, condition = _bare(finding), _bare(condition)
    if finding and finding == condition:
        return True, len(finding)  # 设施不全 against 设施不全 (its 不全 shares one character: unread)
    cores = _cores(finding, condition)
    shared = sum(len(phrase) for phrase, _, _ in cores)
    if not cores or _unaddressed(finding, [at for _, at, _ in cores]):
        return None, shared
    bearing = [(_polarity(finding, a) == _polarity(condition, b))
               for _, a, b in cores if _polarity(finding, a) or _polarity(condition, b)]
    if not bearing:
        unsure = whole and _unaddressed(condition, [b for _, _, b in cores])
        return (None if unsure else True), shared
    if all(bearing):
        return True, shared
    if not any(bearing):
        return False, shared
    return None, shared


def _shared(first: str, second: str) -> int:
    return sum(len(phrase) for phrase, _, _ in _cores(_bare(first), _bare(second)))


def _cores(first: str, second: str, least: int = 2) -> list[tuple[str, int, int]]:
    """The phrases two texts share (longest first, each character used once, at least
    ``least`` characters, negations and punctuation not counted), with where they start."""
    usable_a = [ch not in vocab.NEGATION_CHARS and ch not in ",;:、" for ch in first]
    usable_b = [ch not in vocab.NEGATION_CHARS and ch not in ",;:、" for ch in second]
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
