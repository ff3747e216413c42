"""Native spreadsheet tests of an indicator value (指标值): can a cell be read for it, does it meet it.

:meth:`scoring.targets.Target.is_met` is the engine's answer; :func:`reads` and :func:`meets`
write the same answer as a spreadsheet expression on a cell, so a workbook can show live
whether a typed value meets its target (the lights of the monitoring form,
:mod:`scoring.lights`). The expressions use the functions of :mod:`scoring.formula` (plus LOWER,
RIGHT and ISLOGICAL), so Excel, WPS and LibreOffice compute them alike.

What a cell holds and how both sides read it:

* a number (``0.97`` for a typed ``97%``, ``6``) — read by both; a percentage target refuses a
  plain number above 10 (a forgotten percent sign, PS-V003), a rate or a count refuses one below
  0 (PS-V004) unless the target is 0 or below (``＝0%``, ``≤-5%``: a change rate);
* a number written as text with the target's own unit (``6条``, ``97%``) — read by both;
* a quality word for a qualitative target (``健全``, ``已健全``, ``基本健全``, ``是``, ``否``, 1, 0,
  TRUE) — both classify it with the same word lists (:func:`scoring.actuals.classify_quality`):
  the formula tries the plain words in the engine's order, then the prefixed forms
  (``已``/``基本``/``不`` + a word) with each prefix length the vocabulary has;
* anything else (``约95%``, ``abc``, an error value) — not read: no light, and the engine reports
  why (PS-V001 …).

The engine reads a few spellings more than the formula does — full-width digits typed as text
(``９７％``), another unit of the same quantity (``1亿元`` against a 万元 target) — and the formula
a unit typed after a number whose target has none — and the formula reads a few that the engine
refuses (text that VALUE takes as a date); the workbook offers numbers and dropdowns, and
``perfscore score`` re-reads every value with the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from . import formula as fx
from . import vocab
from .actuals import PERCENT_SIGN_LIMIT
from .normalise import characters
from .targets import Target

#: Separator of the word lists searched with FIND (no word contains it; a value that does is
#: never a word).
_SEPARATOR = "|"
#: Longest text literal Excel accepts in a formula.
_LITERAL_LIMIT = 255
_COUNT_UNITS = frozenset(vocab.UNITS["count"])
_COMPARE = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}


def squeezed(ref: str) -> str:
    """The text of ``ref`` without spaces (half- and full-width), as the engine reads words."""
    return f'SUBSTITUTE(SUBSTITUTE({ref}," ",""),"\u3000","")'


def blank(ref: str) -> str:
    """TRUE when ``ref`` is unfilled: empty, or nothing but spaces (:func:`~scoring.actuals.is_blank`)."""
    return f"IFERROR(LEN({squeezed(ref)})=0,FALSE())"


def _word_list(words: Iterable[str]) -> str:
    """``"|健全|是|…|"`` as one or more text literals joined with ``&``. The engine compares a
    value's normalised characters with the words, so a word normalisation changes (``×``
    becomes ``*``) is never matched there, and is left out here too."""
    return _joined_words(tuple(words))


@lru_cache(maxsize=1024)
def _joined_words(words: tuple[str, ...]) -> str:
    """:func:`_word_list` of a tuple, remembered: a form repeats the same vocabulary lists in
    every row's formula."""
    kept = [word for word in dict.fromkeys(words) if characters(word) == word]
    joined = _SEPARATOR + _SEPARATOR.join(kept) + _SEPARATOR
    size = _LITERAL_LIMIT - 5
    return "&".join(fx.text(joined[start:start + size]) for start in range(0, len(joined), size))


def among(expression: str, words: Iterable[str]) -> str:
    """TRUE when the text ``expression`` is exactly one of ``words`` (case-sensitive, like the
    engine's lists; FIND, unlike MATCH, takes no wildcards)."""
    return f'ISNUMBER(FIND("{_SEPARATOR}"&{expression}&"{_SEPARATOR}",{_word_list(words)}))'


def _prefixed(text: str, prefixes: Iterable[str], rests: Iterable[str]) -> str:
    """TRUE when ``text`` is one of ``prefixes`` followed by one of ``rests`` (``已健全``)."""
    by_length: dict[int, list[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), []).append(prefix)
    rests = tuple(rests)
    tests = [f"AND(LEN({text})>{length},{among(f'LEFT({text},{length})', group)},"
             f"{among(f'MID({text},{length + 1},LEN({text}))', rests)})"
             for length, group in sorted(by_length.items())]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def _quality_words(target: Target) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The quality words of a qualitative target and the words a prefix may stand before:
    the engine's ``qualities`` and ``generic`` lists of :func:`~scoring.actuals.classify_quality`."""
    if target.negated:
        return vocab.QUALITY_WORDS, vocab.YES_WORDS + vocab.QUALITY_WORDS
    word = str(target.value)
    return (word,), (word,) + vocab.YES_WORDS


def _quality_reads(target: Target, ref: str) -> str:
    text = squeezed(ref)
    qualities, rests = _quality_words(target)
    prefixes = vocab.NOT_PREFIXES + vocab.PARTIAL_PREFIXES + vocab.ACHIEVED_PREFIXES
    words = (f"OR({among(f'LOWER({text})', vocab.YES_WORDS + vocab.NO_WORDS)},"
             f"{among(text, vocab.PARTIAL_WORDS + qualities)},{_prefixed(text, prefixes, rests)})")
    return (f"IF(ISLOGICAL({ref}),TRUE(),IF(ISNUMBER({ref}),OR({ref}=0,{ref}=1),"
            f"AND(ISERROR(FIND(\"{_SEPARATOR}\",{text})),{words})))")


def _quality_meets(target: Target, ref: str) -> str:
    """The engine's tiers in its order: 是-words, 否-words, 基本-words, the quality word, then
    the prefixed forms (whose prefix tiers start with different characters, so at most one
    applies). A 否 target is met by what states the negative."""
    text = squeezed(ref)
    lower = f"LOWER({text})"
    qualities, rests = _quality_words(target)
    if target.negated:
        words = (f"OR({among(lower, vocab.NO_WORDS)},AND(NOT({among(lower, vocab.YES_WORDS)}),"
                 f"NOT({among(text, vocab.PARTIAL_WORDS + qualities)}),"
                 f"{_prefixed(text, vocab.NOT_PREFIXES, rests)}))")
        logical, number = f"NOT({ref})", f"{ref}=0"
    else:
        words = (f"OR({among(lower, vocab.YES_WORDS)},AND(NOT({among(lower, vocab.NO_WORDS)}),"
                 f"NOT({among(text, vocab.PARTIAL_WORDS)}),OR({among(text, qualities)},"
                 f"{_prefixed(text, vocab.ACHIEVED_PREFIXES, rests)})))")
        logical, number = ref, f"{ref}=1"
    return (f"IF(ISLOGICAL({ref}),{logical},IF(ISNUMBER({ref}),{number},"
            f"AND(ISERROR(FIND(\"{_SEPARATOR}\",{text})),{words})))")


def number(target: Target, ref: str) -> str:
    """The number in ``ref``: the cell's number, or its text without the target's unit read by
    VALUE (which takes ``97%`` as 0.97)."""
    text = squeezed(ref)
    unit = target.unit
    if unit and not target.percent:
        size = len(unit)
        text = f"IF(RIGHT({text},{size})={fx.text(unit)},LEFT({text},LEN({text})-{size}),{text})"
    return f"IF(ISNUMBER({ref}),{ref},VALUE({text}))"


def _number_reads(target: Target, ref: str) -> str:
    text = squeezed(ref)
    value = number(target, ref)
    has_percent = f"ISNUMBER(FIND(\"%\",{text}))"
    tests = [f"NOT(ISLOGICAL({ref}))", f"ISNUMBER({value})"]
    if target.percent:
        # PS-V003: a plain number above the limit is a forgotten percent sign.
        tests.append(f"OR(AND(NOT(ISNUMBER({ref})),{has_percent}),"
                     f"ABS({value})<={fx.num(PERCENT_SIGN_LIMIT)})")
    elif target.unit:
        tests.append(f"OR(ISNUMBER({ref}),NOT({has_percent}))")  # PS-V002: 5% for 条
    if target.unit in _COUNT_UNITS or (target.percent and not target.zero):
        tests.append(f"{value}>=0")  # PS-V004
    return f"AND({','.join(tests)})"


def reads(target: Target, ref: str) -> str:
    """TRUE when the filled value in ``ref`` can be read for ``target`` (``is_met`` answers
    rather than raising); FALSE for an error value. Blank cells are the caller's test
    (:func:`blank`)."""
    test = _quality_reads(target, ref) if target.kind == "qualitative" \
        else _number_reads(target, ref)
    return f"IFERROR({test},FALSE())"


def meets(target: Target, ref: str) -> str:
    """TRUE when the value in ``ref`` meets ``target`` as :meth:`~scoring.targets.Target.is_met`
    says: FALSE for a blank, unreadable or error value."""
    if target.kind == "qualitative":
        return f"IFERROR({_quality_meets(target, ref)},FALSE())"
    compare = f"{number(target, ref)}{_COMPARE[target.op]}{fx.num(float(target.value))}"
    return f"IFERROR(AND({_number_reads(target, ref)},{compare}),FALSE())"

