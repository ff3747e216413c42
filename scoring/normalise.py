"""Normalise rule texts, indicator values and actual values before they are read.

Text arrives full-width or half-width, with ``≦``/``≧``, traditional characters, PDF spacing
(``得 2 分``), line breaks inside a rule, numbered clauses (``①`` ``1、`` ``(二)``) and the debris
of pasted tables: page-break numbers inside a sentence (``每次扣\\n2、1分``), a points column
flattened with ``|``, table headings spliced into a sentence, pinyin glosses. Every reader calls
:func:`normalise` first, so the parsers see one canonical spelling: ASCII digits and
punctuation, ``[n]`` for clause numbers and the canonical words of
:data:`scoring.vocab.RULE_WORDS`. All the words come from :mod:`scoring.vocab`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import vocab
from .plaintext import clean_text

_SYMBOLS = str.maketrans(vocab.SYMBOLS)
_TRADITIONAL = str.maketrans(vocab.TRADITIONAL)
_CIRCLED = {ch: f"[{index}]" for index, ch in enumerate(vocab.CIRCLED, start=1)}
_CIRCLED_RE = re.compile(f"[{vocab.CIRCLED}]")
_REWRITES = tuple((re.compile(pattern), replacement) for pattern, replacement in vocab.REWRITES)
_NUMBERED = re.compile(vocab.NUMBERED_CLAUSE)
_LETTER = re.compile(vocab.LETTER_NUMBER)
_DIGITS = "".join(vocab.NUMERALS) + vocab.NUMERAL_TEN + vocab.NUMERAL_HUNDRED
_SPELLED = f"[{_DIGITS}]+"
_ALL_UNITS = sorted({unit for units in vocab.UNITS.values() for unit in units}, key=len, reverse=True)
#: Spelled numbers worth converting: ``百分之九十五``, ``每一处``, ``五个百分点``, ``少一个程序``.
_SPELLED_PERCENT = re.compile(f"{vocab.SPELLED_PERCENT}({_SPELLED})")
_SPELLED_COUNT = re.compile(
    "(?<![{digits}{blocked}])({num})(?=(?:{units})(?!{after}))".format(
        digits=_DIGITS, blocked=vocab.SPELLED_BLOCKED, num=_SPELLED,
        units="|".join(map(re.escape, _ALL_UNITS + list(vocab.PERCENT_WORDS))),
        after="|".join(map(re.escape, vocab.NOT_A_COUNT_AFTER))))
#: Spelled points after an outcome word: ``扣两分``, ``得五分``, ``扣零点五分``.
_SPELLED_POINTS = re.compile("(?<=[{verbs}])({num})(?:点([{digits}]+))?(?={points}(?!之))".format(
    verbs=vocab.POINT_VERBS, num=_SPELLED, digits="".join(vocab.NUMERALS),
    points=vocab.RULE_WORDS["points"][0]))
_HALF = re.compile("(?<={per})([^\\d,;]{{0,4}}?){half}(?={units})".format(
    per="|".join(vocab.RULE_WORDS["per"]), half=vocab.HALF,
    units="|".join(map(re.escape, vocab.UNITS["time"]))))
_GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_PAGE_BREAK = re.compile(r"(?<=[{after}])[ \t]*\n\s*\d{{1,2}}(?:、|\.(?!\d))".format(
    after=re.escape(vocab.PAGE_BREAK_AFTER)))
_HEADINGS = "(?:" + "|".join(re.escape(word) for word in sorted(vocab.TABLE_HEADINGS, key=len,
                                                                 reverse=True)) + ")"
_HEADING_RUN = re.compile(f"{_HEADINGS}{{3,}}")
_TABLE_ROW = re.compile(r"^\s*\|\s*")
_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_PAGE_NUMBER = re.compile(r"[-—–\s]*(\d{1,3}(?:\.\d+)?)[-—–\s]*")
_POINTS_STATED = re.compile(r"\d\s*{points}".format(points=vocab.RULE_WORDS["points"][0]))
_W = vocab.RULE_WORDS
#: What shows a sentence states points of its own (``按时上报得1分``; not ``否则不得分``): not
#: the 加 of 加强 or the 分 of 部分.
_OWN_POINTS = re.compile(r"\d{points}|满分|分值|(?<!不){gain}{points}|扣|加\d".format(
    points=_W["points"][0], gain=_W["gain"][0]))
#: A requirement stated alone, then its failing in generic words: ``完成年度任务。不达标不得分``.
_GENERIC_FAILURE = re.compile(
    r"^([^;]*(?:;[^;]*)*?)[;,](?:{above})?,?(?:{failure})的?,?(?:{item})?{zero};?$".format(
        above="|".join(_W["the_above"]), failure="|".join(_W["generic_failure"]),
        item="|".join(_W["this_item"]), zero=_W["zero"][0]))
#: An item's points in brackets after its sentence ends (``1.按时完成建档立卡。(3分)2.…``), and
#: the points of a rule of one sentence after it (``通过宣传栏进行宣传。(5分)``).
_POINTS = r"(\(\d+(?:\.\d+)?{points}\))".format(points=_W["points"][0])
_POINTS_AFTER_ITEM = re.compile(r"(\[\d+\][^;\[]*);" + _POINTS)
_POINTS_AT_END = re.compile(r"^([^;\[]*);" + _POINTS + r";?$")


def spelled_number(text: str) -> int | None:
    """The value of a small spelled Chinese number (``九十五`` → 95), or None if it is not one.

    Handles 0–999 in the usual spellings (``十五``, ``二十``, ``一百``, ``一百零五``).
    """
    if not text or any(ch not in _DIGITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == vocab.NUMERAL_HUNDRED:
            total += (current or 1) * 100
            current = 0
        elif ch == vocab.NUMERAL_TEN:
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + vocab.NUMERALS[ch] if current else vocab.NUMERALS[ch]
    return total + current


def _spelled(match: re.Match[str]) -> str:
    value = spelled_number(match.group(1))
    return match.group(0) if value is None else str(value)


def _spelled_percent(match: re.Match[str]) -> str:
    value = spelled_number(match.group(1))
    return match.group(0) if value is None else f"{value}%"


def _spelled_points(match: re.Match[str]) -> str:
    whole = spelled_number(match.group(1))
    if whole is None:
        return match.group(0)
    fraction = "".join(str(vocab.NUMERALS[ch]) for ch in match.group(2) or "")
    return f"{whole}.{fraction}" if fraction else str(whole)


def spelled_numbers(text: str) -> str:
    """Spelled percentages, counts and points in digits: ``百分之九十五`` → 95%, ``两个月`` →
    2个月, ``扣两分`` → 扣2分."""
    text = _SPELLED_PERCENT.sub(_spelled_percent, text)  # 百分之六十分值 before 得…分
    text = _SPELLED_POINTS.sub(_spelled_points, text)  # not 二分之一分 (a fraction)
    return _SPELLED_COUNT.sub(_spelled, text)


def characters(text: str) -> str:
    """Character-level normalisation only: circled numbers, NFKC, symbols, traditional.

    Used for actual values, where words must stay as typed (``基本达成``) but width and
    script must not matter.
    """
    text = _CIRCLED_RE.sub(lambda m: _CIRCLED[m.group(0)], text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_SYMBOLS).translate(_TRADITIONAL)
    return text.strip()


def _flatten_table(text: str) -> str:
    """Rows of a table flattened with ``|`` (``…全面\\n| 4\\n| …``): a row holding only a number
    is the points of the row before it; every other row is a sentence of its own."""
    lines = text.split("\n")
    if not any(_TABLE_ROW.match(line) for line in lines):
        return text
    rows: list[str] = []
    for line in lines:
        cell = _TABLE_ROW.sub("", line).strip()
        if not cell:
            continue
        if _BARE_NUMBER.match(cell) and rows:
            rows[-1] = rows[-1].rstrip(";,") + f",{cell}{vocab.RULE_WORDS['points'][0]}"
        else:
            rows.append(cell)
    return ";".join(rows)


def _number_lines(text: str) -> str:
    """Lines holding only a number (``\n12\n``, ``- 12 -``): page numbers where the text
    states its points elsewhere; otherwise the points column of a pasted table (``…的\n15``)."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    has_points = bool(_POINTS_STATED.search(text))
    kept: list[str] = []
    for line in lines:
        bare = _PAGE_NUMBER.fullmatch(line.strip())
        if bare is None:
            kept.append(line)
        elif not has_points and kept:
            kept[-1] = kept[-1].rstrip() + bare.group(1) + vocab.RULE_WORDS["points"][0]
    return "\n".join(kept)


#: A decimal point scanned as a full stop before points (``每有 1 人扣 0。5 分``): the number.
_OCR_DECIMAL = re.compile(r"(\d)\s*[。．]\s*(\d+)(?=\s*分)")
#: A space or line break after an outcome before the next condition ends a statement: rows of a
#: table pasted as lines or onto one line (``完成率≥90%，得满分 完成率≥85%，得5分``) would join
#: into one condition.
_OUTCOME_GAP = re.compile(r"(得满分|不得分|[得扣加]\d+(?:\.\d+)?分)[ \t\u3000\n]+(?=[^\s,，;；。.、:：()（）])"
                          r"(?!{})".format("|".join(map(re.escape, vocab.ROW_CONTINUES))))


#: Points set apart by spaces after a row's words and before the next row or the end (``…沟通情况
#: 1分 2.培训对象…``): the row's points in brackets, as a table's points column reads.
_POINTS_COLUMN = re.compile(r"(?<=[^\s\d.扣得加计记为减奖罚止])[ \t\u3000]+(\d+(?:\.\d+)?分)(?=[ \t\u3000\n]|$)")


def _statement_lines(text: str) -> str:
    """A line break ends a statement after a title with its points (``项目按期完成率(3分)``) or a
    definition (``按期完成率=按期完成项目数/计划项目数×100%``); elsewhere it is a wrapped line
    (``办理比率在99%\n以上得10分``) and joins."""
    lines = text.split("\n")
    joined = lines[0]
    for line in lines[1:]:
        before, after = joined.rstrip(), line.lstrip()
        ends = before.endswith(")") or ("=" in before.rsplit(";", 1)[-1] and after[:1] and
                                        not re.match(r"[*/+\-\d.%]", after))
        joined += (";" if ends and before and after else "\n") + line
    return joined


def _drop_notes(text: str) -> str:
    """Remove the standard notation's notes ``(口径:…)``, ``(填写:…)`` (nested brackets too)."""
    while True:
        starts = [index for index in (text.find(opener) for opener in vocab.NOTE_OPENERS)
                  if index >= 0]
        if not starts:
            return text
        start = min(starts)
        depth, end = 0, len(text)
        for index in range(start, len(text)):
            if text[index] == "(":
                depth += 1
            elif text[index] == ")":
                depth -= 1
                if depth == 0:
                    end = index + 1
                    break
        text = text[:start] + text[end:]


def _numbered(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2)
    if digits:
        return f"[{digits}]"
    return f"[{spelled_number(match.group(3) or match.group(4))}]"


def _lone_leading_number(text: str) -> str:
    """A single clause number at the start (``(二)``, ``3、``, ``⑧``) numbers the row of a table,
    not items of the rule: dropped. Two or more numbers are items and stay."""
    markers = re.findall(r"\[\d+\]", text)
    if len(markers) == 1 and text.startswith(markers[0]):
        return text[len(markers[0]):]
    return text


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """The canonical form of a rule text or indicator value.

    Args:
        text: Raw text as typed, pasted from a PDF or read from a workbook.

    Returns:
        The text with ASCII digits and punctuation, no whitespace and no invisible format
        characters (zero-width space, byte-order mark, joiners), simplified characters,
        canonical rule words (:data:`scoring.vocab.REWRITES`), ``[n]`` clause numbers and the
        debris of pasted tables removed.
    """
    # line breaks as LF, and no character the workbooks could not hold (U+FFFE in a pasted rule
    # would become an answer word, and the word a formula no file can carry)
    text = characters(_OCR_DECIMAL.sub(r"\1.\2", clean_text(text)))
    if not text.isprintable():  # invisible format characters (zero-width space, BOM, joiners)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _GLOSS.sub("", text)
    text = _flatten_table(text)
    text = _PAGE_BREAK.sub("", text)
    text = _number_lines(text)
    text = _statement_lines(text)
    text = _OUTCOME_GAP.sub(r"\1;", text)
    text = _POINTS_COLUMN.sub(r"(\1)", text)
    text = re.sub(r"\s+", "", text)
    text = _LETTER.sub("", text)
    text = _drop_notes(text)
    text = spelled_numbers(text)
    text = _HALF.sub(r"\g<1>0.5", text)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    text = _HEADING_RUN.sub("", text)
    text = _NUMBERED.sub(_numbered, text)
    text = _item_points(text)
    text = _POINTS_AT_END.sub(_sentence_points, text)
    text = _lone_leading_number(text)
    return _GENERIC_FAILURE.sub(_otherwise_nothing, text)


def _sentence_points(match: re.Match[str]) -> str:
    """``资金到位率达到100%;(2分)``, ``按计划实施,否则不得分;(2分)``: the points of the rule's one
    sentence (not of a sentence with points of its own, ``按时上报得1分;(3分)``, nor of a failing
    alone, ``未按时报送的不得分;(2分)``)."""
    sentence = match.group(1)
    zero, otherwise = _W["zero"][0], _W["otherwise"][0]
    if "[" in sentence or _OWN_POINTS.search(sentence) or (zero in sentence and otherwise not in sentence):
        return match.group(0)
    return f"{sentence}{match.group(2)};"


def _item_points(text: str) -> str:
    """``[1]A;(3分)[2]B;(2分)`` → ``[1]A(3分);[2]B(2分);``: only when every item has its points
    after it (``[1]A;[2]B;(4分)`` states the points of both)."""
    items = len(re.findall(r"\[\d+\]", text))
    if items < 2 or len(_POINTS_AFTER_ITEM.findall(text)) != items:
        return text
    return _POINTS_AFTER_ITEM.sub(r"\1\2;", text)


def _otherwise_nothing(match: re.Match[str]) -> str:
    """``完成年度任务;不达标不得分`` → ``完成年度任务,否则不得分`` (``制度健全;执行到位;以上内容,
    不符合要求的不得分`` → ``制度健全,执行到位,否则不得分``): only statements with no outcome, no
    item number and no number (an item list keeps its closing for all items; ``全年安全事故发生0起``
    is a measure, not a yes or no)."""
    statement = match.group(1)
    if not statement or "[" in statement or _OWN_POINTS.search(statement) or \
            _W["zero"][0] in statement or any(ch.isdigit() for ch in statement):
        return match.group(0)
    return f"{statement.replace(';', ',')},{_W['otherwise'][0]}{_W['zero'][0]}"
