"""Rows that repeat: a workbook part compiled once into a program that writes it with copies of
some rows inserted, as a spreadsheet inserts rows.

A form's indicator table (the target form's: :mod:`scoring.batch.fill`) repeats a row kind as
often as a unit has indicators of it: the rows of a *run* (consecutive rows of one 一级/二级 group with the same
cells filled) differ only in their texts and row numbers. So the template of a layout whose runs
are cut to three rows holds everything a longer run needs: its middle row, copied. A part is
compiled (:func:`compile_sheet`, :func:`compile_names`, :func:`compile_part`) into a list of
operations; :func:`run` writes it for any number of copies of the chosen rows, as Excel inserts
rows: every reference below moves down, a range or merged area spanning a copied row grows, and
what belongs to the copied row alone (its cells, a merged area or a validated cell on that row,
a validation quoting that row's texts) is copied with it.

Nothing here knows a form. References are moved where a workbook holds them: row and cell
tags, formulas (``<f>``, conditional-format and validation formulas, defined names), merged
areas, ``sqref`` lists and the sheet's dimension; texts (``<t>``, input prompts) are never read
as references. What the caller fills per unit and per copy (placeholders matching a pattern it
gives, the heights of rows fitted to texts) are slots of the program. The fill checks, once per
family of layouts, that the program writes what the writer builds
(:func:`scoring.batch.fill._family_template`), and builds with the writer where it does not;
:func:`canonical` says what that comparison ignores.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import Any, Union

#: A sheet part's rows (``<row r="12" …>…</row>``, or self-closing).
_ROW = re.compile(rb'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.DOTALL)
#: A row's start tag: its number, and its height attribute (looked for in the tag alone: a
#: cell's text may hold ` ht="24"`, the writer does not escape quotes in text).
_ROW_START = re.compile(rb'<row r="(\d+)"[^>]*>')
_ROW_HEIGHT = re.compile(rb'\sht="[^"]*"')
#: What a row's cells hold that names rows: the cell tags' ``r`` and formula texts.
_IN_ROW = re.compile(rb'(?P<tag><c r=")(?P<letters>[A-Z]*)(?P<row>\d+)"'
                     rb'|(?P<open><f(?:\s[^>]*)?>)(?P<formula>[^<]*)</f>')
#: Formula texts and reference attributes elsewhere in a sheet: a list of ranges (``sqref``: a
#: copied row's cells join it) or a single reference or range (moved only).
_IN_SHEET = re.compile(
    rb'(?P<open><formula[12]?>)(?P<formula>[^<]*)</'
    rb'|(?P<attribute>\s(?P<list>sq)?(?:ref|activeCell|topLeftCell)=")(?P<refs>[^"]*)"')
_MERGE = re.compile(rb'<mergeCell ref="([^"]+)"\s*/>')
_MERGES = re.compile(rb'(<mergeCells\b[^>]*>)(.*?)</mergeCells>', re.DOTALL)
_VALIDATION = re.compile(rb'<dataValidation\s[^>]*?(?:/>|>.*?</dataValidation>)', re.DOTALL)
_VALIDATIONS = re.compile(rb'(<dataValidations\b[^>]*>)(.*?)</dataValidations>', re.DOTALL)
_SQREF = re.compile(rb'(\ssqref=")([^"]*)"')
_DEFINED_NAME = re.compile(rb'(<definedName\s[^>]*>)([^<]*)(</definedName>)')
#: The merged areas and validations of a sheet's tail, compiled by their own functions.
_TAIL_LISTS = re.compile(rb"<mergeCells\b.*?</mergeCells>|<dataValidations\b.*?</dataValidations>",
                         re.DOTALL)
#: What a formula holds that is left as it is (a string, an array constant of strings: one
#: match for the lists of words a light formula holds), or a reference: an optional sheet, a
#: cell and an optional second cell of a range, or a row range (``$12:$12``: moved only where a
#: sheet names it, as in a defined name). Not a function name (``LOG10(``), part of a name
#: (``mon_level1``) or another workbook's reference (``[1]表!A1``).
_REFERENCE = re.compile(
    r'(?P<string>\{(?:[^{}"]|"(?:[^"]|"")*")*\}|(?:"(?:[^"]|"")*"[,;]?)+)'
    r"|(?<![\w.$!:'\]])(?:(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)!)?"
    r"(?:(?P<c1>\$?[A-Z]{1,3}\$?)(?P<r1>\d{1,7})(?::(?P<c2>\$?[A-Z]{1,3}\$?)(?P<r2>\d{1,7}))?"
    r"|(?P<d3>\$?)(?P<r3>\d{1,7}):(?P<d4>\$?)(?P<r4>\d{1,7}))(?![\w(!.:])")
_TOKEN = re.compile(rb"\$?[A-Z]{1,3}\$?(\d+)(?::\$?[A-Z]{1,3}\$?(\d+))?")

#: Operations of a compiled part: bytes are written as they are; the tuples are
#: (``_ROW_OP``, row, follows a copy), (``_SLOT``, placeholder), (``_HEIGHT``, row),
#: (``_COPIES``, row, operations) and (``_COUNT``, count, rows).
Op = Union[bytes, tuple[Any, ...]]
_ROW_OP, _SLOT, _HEIGHT, _COPIES, _COUNT = range(5)


class Rows:
    """Where the rows of a sheet go once copies are inserted: ``plan`` maps a row to the number
    of copies inserted right below it."""

    def __init__(self, plan: Mapping[int, int]) -> None:
        self.plan = {row: count for row, count in plan.items() if count > 0}
        self._rows = sorted(self.plan)
        self._shifts: list[int] = []
        total = 0
        for row in self._rows:
            total += self.plan[row]
            self._shifts.append(total)

    def new(self, row: int) -> int:
        """Where an original row goes (its copies come right after it)."""
        index = bisect_left(self._rows, row)  # copied rows above ``row``
        return row + (self._shifts[index - 1] if index else 0)

    def copies(self, row: int) -> int:
        """How many copies of ``row`` are inserted below it."""
        return self.plan.get(row, 0)


class _Compiler:
    """Turns XML into operations; ``placeholders`` (the caller's) become slots wherever they
    stand in what is written as it is."""

    def __init__(self, placeholders: re.Pattern[bytes], sheet: str | None) -> None:
        self.placeholders = placeholders
        self.sheet = sheet

    def literal(self, data: bytes) -> list[Op]:
        return _literal(data, self.placeholders)

    def formula(self, text: bytes, own_sheet: bool = True) -> list[Op]:
        """A formula as the XML holds it: references to the sheet become row operations
        (``own_sheet``: unqualified references are the sheet's; else only those naming it, as
        a defined name). Remembered: the forms of a family repeat their rows' formulas."""
        return list(_formula(text, self.sheet, own_sheet, self.placeholders))

    def references(self, refs: bytes, copied: Collection[int]) -> list[Op]:
        """Space-separated references (a ``sqref`` list, a merged area, a single reference); a
        token on one row of ``copied`` is followed by the same token on each copy."""
        ops: list[Op] = []
        for index, token in enumerate(refs.split()):
            ops += ([b" "] if index else []) + self.formula(token)
            row = _one_row(token)
            if row in copied:
                ops.append((_COPIES, row, [b" "] + self.formula(token)))
        return ops

    def other(self, data: bytes, copied: Collection[int]) -> list[Op]:
        """Formulas and reference attributes outside rows, merged areas and validations (a
        conditional format's ranges grow over a copied row and gain its copies)."""
        ops: list[Op] = []
        position = 0
        for match in _IN_SHEET.finditer(data):
            ops += self.literal(data[position:match.start()])
            if match.group("open") is not None:
                ops += [match.group("open")] + self.formula(match.group("formula")) + [b"</"]
            else:
                listed = copied if match.group("list") else ()
                ops += ([match.group("attribute")] + self.references(match.group("refs"), listed)
                        + [b'"'])
            position = match.end()
        return ops + self.literal(data[position:])

    def row(self, data: bytes, fitted: Collection[int]) -> list[Op]:
        """A row (``<row r="12" …>…</row>``): its number, a fitted row's height, its cells'
        references and formulas."""
        start = _ROW_START.match(data)
        assert start is not None  # _ROW matched the same start tag
        row = int(start.group(1))
        ops: list[Op] = [b'<row r="', (_ROW_OP, row, True), b'"']
        tag = start.group(0)[len(b'<row r="%d"' % row):]
        height = _ROW_HEIGHT.search(tag)
        if height is not None and row in fitted:
            ops += [tag[:height.start()], (_HEIGHT, row), tag[height.end():]]
        else:
            ops.append(tag)
        position = start.end()
        for match in _IN_ROW.finditer(data, position):
            ops += self.literal(data[position:match.start()])
            if match.group("tag") is not None:
                ops += [match.group("tag") + match.group("letters"),
                        (_ROW_OP, int(match.group("row")), True), b'"']
            else:
                ops += [match.group("open")] + self.formula(match.group("formula")) + [b"</f>"]
            position = match.end()
        return ops + self.literal(data[position:])

    def merges(self, data: bytes, copied: Collection[int]) -> list[Op]:
        ops: list[Op] = []
        added: list[int] = []
        refs = _MERGE.findall(data)
        for ref in refs:
            row = _one_row(ref)
            element = [b'<mergeCell ref="'] + self.formula(ref) + [b'" />']
            ops += element
            if row in copied:
                ops.append((_COPIES, row, element))
                added.append(row)
        return ([b'<mergeCells count="', (_COUNT, len(refs), added), b'">'] + ops
                + [b"</mergeCells>"])

    def validations(self, data: bytes, copied: Collection[int],
                    own: Callable[[bytes], bool]) -> list[Op]:
        """Validations: one on a copied row alone that quotes the row's texts (``own``) is
        copied whole for each copy; any other gains the copied rows' cells on their copies."""
        ops: list[Op] = []
        added: list[int] = []
        elements = _VALIDATION.findall(data)
        for element in elements:
            refs = _SQREF.search(element)
            on = {_one_row(token) for token in refs.group(2).split()} if refs else set()
            row = next(iter(on)) if len(on) == 1 else None
            whole = row in copied and own(element)
            compiled = self.other(element, () if whole else copied)
            ops += compiled
            if whole:
                ops.append((_COPIES, row, compiled))
                added.append(row)
        return ([b'<dataValidations count="', (_COUNT, len(elements), added), b'">'] + ops
                + [b"</dataValidations>"])


def _literal(data: bytes, placeholders: re.Pattern[bytes]) -> list[Op]:
    """Bytes written as they are, but for the ``placeholders`` in them: slots."""
    ops: list[Op] = []
    position = 0
    for match in placeholders.finditer(data):
        if match.start() > position:
            ops.append(data[position:match.start()])
        ops.append((_SLOT, match.group(0)))
        position = match.end()
    if position < len(data):
        ops.append(data[position:])
    return ops


@lru_cache(maxsize=1 << 14)
def _formula(text: bytes, sheet: str | None, own_sheet: bool,
             placeholders: re.Pattern[bytes]) -> tuple[Op, ...]:
    """:meth:`_Compiler.formula`."""
    def literal(data: bytes) -> list[Op]:
        return _literal(data, placeholders)

    # Read as escaped: an entity (&lt; &amp;) is never taken for a reference, and what is not a
    # reference is written back byte for byte.
    formula = text.decode("utf-8")
    ops: list[Op] = []
    position = 0
    for match in _REFERENCE.finditer(formula):
        if match.group("string") is not None:
            continue
        name = match.group("sheet")
        if (name is None and not own_sheet) or (name is not None and _unquote(name) != sheet):
            continue
        if match.group("r3") is not None and name is None:
            continue  # a bare "12:12" in a formula: not ours to guess
        ops += literal(formula[position:match.start()].encode("utf-8"))
        if name is not None:
            ops += literal((name + "!").encode("utf-8"))
        if match.group("r3") is not None:
            ops += [match.group("d3").encode(), (_ROW_OP, int(match.group("r3")), False), b":",
                    match.group("d4").encode(), (_ROW_OP, int(match.group("r4")), False)]
        else:
            top = int(match.group("r1"))
            bottom = int(match.group("r2")) if match.group("r2") is not None else top
            one_row = top == bottom  # a lone cell, or a range on one row: follows a copy
            ops += [match.group("c1").encode(), (_ROW_OP, top, one_row)]
            if match.group("r2") is not None:
                ops += [b":" + match.group("c2").encode(), (_ROW_OP, bottom, one_row)]
        position = match.end()
    ops += literal(formula[position:].encode("utf-8"))
    return tuple(ops)


def compile_sheet(xml: bytes, sheet: str, copied: Collection[int], fitted: Collection[int],
                  placeholders: re.Pattern[bytes], own: Callable[[bytes], bool]) -> list[Op]:
    """A sheet part compiled: any number of copies of the rows ``copied`` can be inserted when
    it is run. ``fitted``: rows whose height the caller gives; ``own(xml)``: whether a
    validation on one copied row alone quotes that row's texts (it is then copied whole, as
    the writer gives each row's texts their own; else the copies' cells join its list)."""
    compiler = _Compiler(placeholders, sheet)
    head, _, rest = xml.partition(b"<sheetData>")
    data, _, tail = rest.partition(b"</sheetData>")
    ops = compiler.other(head, copied) + [b"<sheetData>"]
    position = 0
    for match in _ROW.finditer(data):
        ops += compiler.literal(data[position:match.start()])
        row = compiler.row(match.group(0), fitted)
        ops += row
        number = int(match.group(1))
        if number in copied:
            ops.append((_COPIES, number, row))
        position = match.end()
    ops += compiler.literal(data[position:]) + [b"</sheetData>"]
    position = 0
    for match in _TAIL_LISTS.finditer(tail):
        ops += compiler.other(tail[position:match.start()], copied)
        if match.group(0).startswith(b"<mergeCells"):
            ops += compiler.merges(match.group(0), copied)
        else:
            ops += compiler.validations(match.group(0), copied, own)
        position = match.end()
    return _joined(ops + compiler.other(tail[position:], copied))


def compile_names(xml: bytes, sheet: str, placeholders: re.Pattern[bytes]) -> list[Op]:
    """The workbook part compiled: its defined names' references to ``sheet`` move (a name over
    a range spanning a copied row grows; the print titles and print area too)."""
    compiler = _Compiler(placeholders, sheet)
    ops: list[Op] = []
    position = 0
    for match in _DEFINED_NAME.finditer(xml):
        ops += compiler.literal(xml[position:match.start()]) + [match.group(1)]
        ops += compiler.formula(match.group(2), own_sheet=False) + [match.group(3)]
        position = match.end()
    return _joined(ops + compiler.literal(xml[position:]))


def compile_part(xml: bytes, placeholders: re.Pattern[bytes]) -> list[Op]:
    """Any other part compiled: only its placeholders are slots."""
    return _Compiler(placeholders, None).literal(xml)


def _joined(ops: list[Op]) -> list[Op]:
    """``ops`` with each run of bytes written as one (within copies too): :func:`run` steps
    through operations one by one, and a compiled sheet is some 40% bytes following bytes."""
    joined: list[Op] = []
    for op in ops:
        if op.__class__ is tuple and op[0] == _COPIES:
            op = (_COPIES, op[1], _joined(op[2]))
        if op.__class__ is bytes and joined and joined[-1].__class__ is bytes:
            joined[-1] += op
        else:
            joined.append(op)
    return joined


def run(ops: list[Op], rows: Rows, slot: Callable[[bytes, int], bytes],
        height: Callable[[int, int], bytes]) -> bytes:
    """Write a compiled part with the copies of ``rows``: ``slot(placeholder, copy)`` and
    ``height(row, copy)`` (a fitted row's height attribute) give what the caller fills (copy 0:
    the row itself)."""
    out: list[bytes] = []
    moved: dict[int, bytes] = {}

    def write(ops: list[Op], copied: int, copy: int) -> None:
        for op in ops:
            if op.__class__ is bytes:  # most operations: the fastest test
                out.append(op)
                continue
            kind = op[0]
            if kind == _ROW_OP:
                row = op[1]
                if copy and row == copied and op[2]:
                    out.append(str(rows.new(row) + copy).encode())
                else:
                    text = moved.get(row)
                    if text is None:
                        text = moved[row] = str(rows.new(row)).encode()
                    out.append(text)
            elif kind == _SLOT:
                out.append(slot(op[1], copy))
            elif kind == _HEIGHT:
                out.append(height(op[1], copy))
            elif kind == _COPIES:
                for number in range(1, rows.copies(op[1]) + 1):
                    write(op[2], op[1], number)
            else:  # _COUNT
                out.append(str(op[1] + sum(rows.copies(row) for row in op[2])).encode())

    write(ops, 0, 0)
    return b"".join(out)


def placeholders(ops: list[Op]) -> set[bytes]:
    """The placeholders a compiled part fills (its slots, copies included)."""
    found: set[bytes] = set()
    for op in ops:
        if op.__class__ is tuple:
            if op[0] == _SLOT:
                found.add(op[1])
            elif op[0] == _COPIES:
                found |= placeholders(op[2])
    return found


def _unquote(name: str) -> str:
    return name[1:-1].replace("''", "'") if name.startswith("'") else name


def _one_row(token: bytes) -> int | None:
    """The row of a cell or range token that lies on one row, else None."""
    match = _TOKEN.fullmatch(token)
    if match is None or (match.group(2) is not None and match.group(2) != match.group(1)):
        return None
    return int(match.group(1))


def canonical(xml: bytes) -> bytes:
    """A sheet part as the comparison of a stretched part with the writer's sees it: the order
    of merged areas, of validations and of the cells a validation lists is not kept by the
    writer (a set) and means nothing to a spreadsheet."""
    def merges(match: re.Match[bytes]) -> bytes:
        inner = match.group(2)
        return (match.group(1) + b"".join(sorted(_MERGE_ELEMENT.findall(inner)))
                + _MERGE_ELEMENT.sub(b"", inner) + b"</mergeCells>")

    def validations(match: re.Match[bytes]) -> bytes:
        inner = match.group(2)
        elements = [_SQREF.sub(lambda s: s.group(1) + b" ".join(sorted(s.group(2).split())) + b'"',
                               element, count=1)
                    for element in _VALIDATION.findall(inner)]
        return (match.group(1) + b"".join(sorted(elements)) + _VALIDATION.sub(b"", inner)
                + b"</dataValidations>")

    return _VALIDATIONS.sub(validations, _MERGES.sub(merges, xml))


_MERGE_ELEMENT = re.compile(rb"<mergeCell\b[^>]*>")
