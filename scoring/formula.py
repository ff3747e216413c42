"""Building blocks of native spreadsheet formulas, shared by every rule kind.

The formulas use only functions every spreadsheet has (IF, IFERROR, MAX, MIN, ROUNDUP,
ROUNDDOWN, SUM, ISNUMBER, ISERROR, AND, OR, ABS, SUBSTITUTE, FIND, MID, LEFT, LEN, TRIM, REPT,
VALUE, CHAR, N): no XLOOKUP, LET or LAMBDA, which LibreOffice 7.4 lacks. Each rule kind in
:mod:`scoring.parts` writes its own formula with these helpers; :meth:`scoring.rules.Rule.to_formula`
combines them. A test recalculates the corpus rules in headless LibreOffice and compares every
case with :meth:`~scoring.rules.Rule.score`.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import vocab

#: Width of one field when a multi-part value is cut into fields (REPT trick, see :func:`field`).
FIELD_WIDTH = 200


def num(value: float) -> str:
    """A number literal: shortest round-trip form, no trailing ``.0``."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def text(value: str) -> str:
    """A string literal with quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


def any_of(ref: str, words: Iterable[str]) -> str:
    """TRUE when ``ref`` holds one of ``words`` exactly (FALSE for no words), compared as ``=``
    compares text (without case, no wildcards).

    Three words or more are compared in one go with an array constant, ``OR(ref={…})`` (a
    long-standing idiom: OR takes the array of comparisons without array entry, in Excel as in
    LibreOffice), so that ``ref`` (a field cut out of a multi-part value is some 150 characters)
    is written once, not once per word: a rule with long answer lists stays within the 8,192
    characters Excel allows a formula (a corpus rule of two parts took 14,064 before)."""
    unique = list(dict.fromkeys(words))
    if not unique:
        return "FALSE()"
    if len(unique) > 2:
        return f"OR({ref}={{{','.join(text(word) for word in unique)}}})"
    tests = [f"{ref}={text(word)}" for word in unique]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def choose(ref: str, cases: Iterable[tuple[Iterable[str], str]], default: str) -> str:
    """``IF(ref is one of words1, value1, IF(…, default))`` over (words, value) cases; a TRUE
    or FALSE cell counts as 是 or 否 (as :meth:`scoring.answers.Answers.find` reads it)."""
    formula = default
    for words, value in reversed(list(cases)):
        words = list(words)
        test = any_of(ref, words)
        logical = [name for word, name in ((vocab.YES_NO_CHOICES[0], "TRUE()"),
                                           (vocab.YES_NO_CHOICES[1], "FALSE()")) if word in words]
        if logical:
            test = f"OR({test},{','.join(f'{ref}={name}' for name in logical)})" if test != "FALSE()" \
                else f"{ref}={logical[0]}"
        if test != "FALSE()":
            formula = f"IF({test},{value},{formula})"
    return formula


def contains(ref: str, condition: str) -> str:
    """TRUE when the answer in ``ref`` (two characters or more) stands in ``condition``, not
    inside a longer number, and is not negated there: ``开展`` stands in ``未开展这项工作`` only
    behind 未, so it does not match it, while ``未开展`` does. The engine's
    :func:`scoring.answers.stands_in` reads the same way."""
    literal = text(condition)
    negations = text(vocab.NEGATION_CHARS)
    before = f'MID({text("_" + condition)},FIND({ref},{literal}),1)'
    after = f'MID({text(condition + "_")},FIND({ref},{literal})+LEN({ref}),1)'
    pair = f'MID({text("__" + condition)},FIND({ref},{literal}),2)'  # 没有 before 完成
    pairs = text("|".join(vocab.NEGATION_PAIRS))
    digits, number = '"0123456789"', '"0123456789."'
    # 100 in 1000人次 is part of another number: digits at an end of the answer need no digit
    # beside them in the condition
    whole = (f"OR(ISERROR(FIND(LEFT({ref},1),{digits})),ISERROR(FIND({before},{number}))),"
             f"OR(ISERROR(FIND(RIGHT({ref},1),{digits})),ISERROR(FIND({after},{number})))")
    return (f"AND(LEN({ref})>1,ISNUMBER(FIND({ref},{literal})),{whole},"
            f"OR(ISNUMBER(FIND(LEFT({ref},1),{negations})),"
            f"AND(ISERROR(FIND({before},{negations})),ISERROR(FIND({pair},{pairs})))))")


def steps(expression: str, policy: str) -> str:
    """How many steps a shortfall is, by the partial-step policy (up, down or linear)."""
    if policy == "up":
        return f"ROUNDUP({expression},0)"
    if policy == "down":
        return f"ROUNDDOWN({expression},0)"
    return f"({expression})"


def field(cell: str, index: int) -> str:
    """The text of part ``index`` (1-based) of a multi-part value such as ``①97%；②2``: fields
    are cut at ``;``, ``；`` or a line break, trimmed, and the part's own label removed."""
    wide, narrow = vocab.PART_SEPARATORS[1], vocab.PART_SEPARATORS[0]
    unified = f'SUBSTITUTE(SUBSTITUTE({cell},"{wide}","{narrow}"),CHAR(10),"{narrow}")'
    cut = (f'TRIM(MID(SUBSTITUTE({unified},";",REPT(" ",{FIELD_WIDTH})),'
           f"{(index - 1) * FIELD_WIDTH + 1},{FIELD_WIDTH}))")
    return f"SUBSTITUTE({cut},{text(vocab.CIRCLED[index - 1])},\"\")"


def field_value(cell: str, index: int, units: Iterable[str]) -> str:
    """Part ``index`` as a number where it reads as one (its unit dropped), else its text."""
    raw = field(cell, index)
    stripped = raw
    for unit in sorted(set(units), key=len, reverse=True):
        if unit and unit != "%":
            stripped = f"SUBSTITUTE({stripped},{text(unit)},\"\")"
    return f"IFERROR(VALUE({stripped}),{raw})"
