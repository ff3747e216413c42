"""Normalise rule texts, indicator values and actual values before they are read.

Text arrives full-width or half-width, with ``≦``/``≧``, traditional characters, PDF spacing
(``得 2 分``), line breaks inside a rule and numbered clauses (``①`` ``1、`` ``(1)``). Every
reader calls :func:`normalise` first, so the parsers see one canonical spelling: ASCII digits
and punctuation, ``[n]`` for clause numbers, and the canonical words of
:data:`scoring.vocab.CLAUSE_WORDS`. All the words come from :mod:`scoring.vocab`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import vocab

_SYMBOLS = str.maketrans(vocab.SYMBOLS)
_TRADITIONAL = str.maketrans(vocab.TRADITIONAL)
_CIRCLED = {ch: f"[{index}]" for index, ch in enumerate(vocab.CIRCLED, start=1)}
_CIRCLED_RE = re.compile(f"[{vocab.CIRCLED}]")
_REWRITES = tuple((re.compile(pattern), replacement) for pattern, replacement in vocab.REWRITES)
_NUMBERED = re.compile(vocab.NUMBERED_CLAUSE)
_DIGITS = "".join(vocab.NUMERALS) + vocab.NUMERAL_TEN + vocab.NUMERAL_HUNDRED
_SPELLED = f"[{_DIGITS}]+"
#: Spelled numbers worth converting: ``百分之九十五``, ``每一处``, ``五个百分点``.
_SPELLED_PERCENT = re.compile(f"{vocab.SPELLED_PERCENT}({_SPELLED})")
_SPELLED_AFTER_PER = re.compile(
    "({per})({find}|{decrease}|{exceed})?({num})(?=[^\\d])".format(
        per="|".join(vocab.CLAUSE_WORDS["per"]),
        find="|".join(vocab.CLAUSE_WORDS["find"]),
        decrease="|".join(vocab.CLAUSE_WORDS["decrease"]),
        exceed="|".join(vocab.CLAUSE_WORDS["exceed"]),
        num=_SPELLED,
    )
)


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


def _spelled_percent(match: re.Match[str]) -> str:
    value = spelled_number(match.group(1))
    return match.group(0) if value is None else f"{value}%"


def _spelled_after_per(match: re.Match[str]) -> str:
    value = spelled_number(match.group(3))
    if value is None:
        return match.group(0)
    return f"{match.group(1)}{match.group(2) or ''}{value}"


def _numbered(match: re.Match[str]) -> str:
    return f"[{match.group(1) or match.group(2)}]"


def characters(text: str) -> str:
    """Character-level normalisation only: circled numbers, NFKC, symbols, traditional.

    Used for actual values, where words must stay as typed (``基本达成``) but width and
    script must not matter.
    """
    text = _CIRCLED_RE.sub(lambda m: _CIRCLED[m.group(0)], text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_SYMBOLS).translate(_TRADITIONAL)
    return text.strip()


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """The canonical form of a rule text or indicator value.

    Args:
        text: Raw text as typed, pasted from a PDF or read from a workbook.

    Returns:
        The text with ASCII digits and punctuation, no whitespace, simplified characters,
        canonical clause words (:data:`scoring.vocab.REWRITES`) and ``[n]`` clause numbers.
    """
    text = characters(text)
    text = _SPELLED_PERCENT.sub(_spelled_percent, text)
    text = _SPELLED_AFTER_PER.sub(_spelled_after_per, text)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    text = _NUMBERED.sub(_numbered, text)
    return text
