"""Saving a built workbook as .xlsx bytes, fast: openpyxl's writer for every part but the cells.

Most of ``wb.save``'s work on a form is in the cells: openpyxl makes an ElementTree element for
every cell, its inline string and its value, then serialises each one through its incremental
XML writer. The forms have a few thousand cells and few other parts, and ``perfscore fill``
writes thousands of workbooks, most of them laid out differently (issue #13).

:func:`workbook_bytes` writes the package through openpyxl's own :class:`ExcelWriter` (document
properties, theme, styles, workbook with its defined names, relationships, content types,
comments, drawings and charts) and, in each worksheet, openpyxl's own writer for every element
around the cells (sheet properties, dimension, views, columns, protection, merged cells,
conditional formatting, data validations, hyperlinks, print options, margins, page setup,
header and footer, breaks, legacy drawing, tables). Only the elements that grow with a form
are built here, by joining strings, into the places openpyxl's writer leaves for them: the cells
(``sheetData``), the column widths, the merged cells and the data validations. It writes exactly
what openpyxl writes (``tests/test_xlsx_writer.py`` compares every part of every form, byte for
byte, and what LibreOffice computes from both), so nothing a reader sees changes.

Nothing is dropped: a cell the string loop does not cover (rich text, array or data-table
formulas, dates and times, hyperlinks, a value whose type does not match its data type) is
written by openpyxl's own cell writer.

A table too long to hold as openpyxl cells (the summary of a collect run: tens of thousands of
rows) is not given as cells at all: ``row_sources`` names its sheet, whose rows are made as the
sheet is written (:class:`RowWriter`, the same strings the cell loop writes) and streamed into
the package, so neither a cell object nor the sheet's whole XML is ever held.
"""

from __future__ import annotations

import datetime
import io
import re
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl.cell import Cell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension, SheetDimension
from openpyxl.xml.functions import Element, tostring
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (ARC_APP, ARC_CORE, ARC_ROOT_RELS, ARC_STYLE, ARC_THEME,
                                    ARC_WORKBOOK, ARC_WORKBOOK_RELS)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: Deflate level of the package's parts: 1, the fastest, as the fill's patched templates use;
#: the files are somewhat larger than at openpyxl's default (6).
COMPRESS_LEVEL = 1


#: Makes the rows of a sheet given to :func:`workbook_bytes` by title, called just before the
#: sheet is written: it may still set what is written before the rows (column widths, print
#: setup), and returns the sheet's used range (``A1:H301``: openpyxl computes it from cells,
#: which such a sheet has none of) and its rows as XML (:meth:`RowWriter.row`), made one by one.
RowSource = Callable[["Worksheet"], tuple[str, Iterable[str]]]


def workbook_bytes(wb: "Workbook", row_sources: Mapping[str, RowSource] | None = None) -> bytes:
    """``wb`` as .xlsx bytes: the package openpyxl's ``wb.save`` writes, part for part.

    Like openpyxl's save, this sets the workbook's modified time to now (UTC) and gives every
    worksheet its drawing, comments and relationships as it writes them. The sheets
    ``row_sources`` names get their rows from it, streamed into the package as they are made.

    Raises:
        ValueError: for a write-only workbook (its rows are openpyxl's to stream: never written
            here), a title in ``row_sources`` the workbook has no sheet of, or such a sheet that
            has cells (they would be lost).
    """
    if wb.write_only:
        raise ValueError("a write-only workbook is saved by openpyxl's own save")
    sources = row_sources or {}
    for title in sources:
        if title not in wb.sheetnames:
            raise ValueError(f"no sheet {title!r} for its rows")
        if wb[title]._cells:
            raise ValueError(f"sheet {title!r} has cells and rows given: the cells would be lost")
    stream = io.BytesIO()
    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True,
                         compresslevel=COMPRESS_LEVEL) as archive:
        _PackageWriter(wb, archive, sources).write_data()
    return stream.getvalue()


class _PackageWriter(ExcelWriter):
    """openpyxl's package writer with each worksheet written by :class:`_SheetWriter` in memory
    (openpyxl's own goes through a temporary file per sheet; a sheet whose rows are given is
    streamed into its part), and the style sheet remembered."""

    def __init__(self, wb: "Workbook", archive: zipfile.ZipFile,
                 row_sources: Mapping[str, RowSource]) -> None:
        super().__init__(wb, archive)
        self._row_sources = row_sources

    def write_data(self) -> None:
        """The package's parts, in the order and with the content of
        :meth:`ExcelWriter.write_data` (openpyxl 3.1), ``xl/styles.xml`` from
        :func:`_stylesheet_xml`."""
        archive, wb = self._archive, self.workbook
        if len(wb.custom_doc_props) >= 1:  # a part and an override of their own: openpyxl's
            super().write_data()
            return
        archive.writestr(ARC_APP, tostring(ExtendedProperties().to_tree()))
        archive.writestr(ARC_CORE, tostring(wb.properties.to_tree()))
        archive.writestr(ARC_THEME, wb.loaded_theme or theme_xml)
        self._write_worksheets()
        self._write_chartsheets()
        self._write_images()
        self._write_charts()
        self._write_external_links()
        archive.writestr(ARC_STYLE, _stylesheet_xml(wb))
        writer = WorkbookWriter(wb)
        archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        archive.writestr(ARC_WORKBOOK, writer.write())
        archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        self._merge_vba()
        self.manifest._write(archive, wb)

    def write_worksheet(self, ws: "Worksheet") -> None:
        """Write ``ws`` as :meth:`ExcelWriter.write_worksheet` does, its cells by string building."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        source = self._row_sources.get(ws.title)
        writer = _SheetWriter(ws, *(source(ws) if source is not None else ()))
        writer.write()
        ws._rels = writer._rels
        if source is None:
            self._archive.writestr(ws.path[1:], writer.xml())
        else:
            with self._archive.open(self._member(ws.path[1:]), "w") as part:
                for chunk in writer.chunks():
                    part.write(chunk)
        self.manifest.append(ws)

    def _member(self, name: str) -> zipfile.ZipInfo:
        """The entry of a part written in pieces, as ``ZipFile.writestr`` makes it for a part
        written at once (time, compression, permissions)."""
        info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
        info.compress_type = self._archive.compression
        info._compresslevel = self._archive.compresslevel  # type: ignore[attr-defined]
        info.external_attr = 0o600 << 16
        return info


def _stylesheet_xml(wb: "Workbook") -> bytes:
    """``xl/styles.xml`` of ``wb`` as openpyxl writes it, remembered by the workbook's style
    lists compared by value: the forms of one kind register the same fonts, fills, borders and
    cell formats, and serialising them is a sixth of saving a form."""
    # Named styles by what the style sheet writes of them (name, ids, alignment, protection):
    # a NamedStyle object holds its workbook, which a key must not keep alive.
    named = tuple((style.name, style.builtinId, style.hidden, tuple(style._style),
                   style.alignment, style.protection) for style in wb._named_styles)
    key = (tuple(wb._fonts), tuple(wb._fills), tuple(wb._borders), tuple(wb._alignments),
           tuple(wb._protections), tuple(wb._number_formats), tuple(wb._colors),
           tuple(tuple(style) for style in wb._cell_styles), named,
           tuple(wb._differential_styles.styles), wb._table_styles)
    xml = _STYLESHEETS.get(key)
    if xml is None:
        xml = tostring(write_stylesheet(wb))
        if len(_STYLESHEETS) >= _STYLESHEETS_KEPT:
            del _STYLESHEETS[next(iter(_STYLESHEETS))]
        _STYLESHEETS[key] = xml
    return xml


#: Style sheets remembered by :func:`_stylesheet_xml` (a few KB each; the oldest goes first).
_STYLESHEETS: dict[tuple[Any, ...], bytes] = {}
_STYLESHEETS_KEPT = 32


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, in memory, with the elements that grow with a form (cells,
    merged cells, data validations, columns) built by string joining.

    Each of those is sent into openpyxl's XML stream as an empty placeholder element
    (``<perfscorePart0 />``) that :meth:`xml` replaces with the string: openpyxl keeps writing
    every other element, in its order. A placeholder cannot be mistaken for content: text and
    attribute values in the stream are escaped, so only an element spells a tag.
    """

    def __init__(self, ws: "Worksheet", dimension: str | None = None,
                 rows: Iterable[str] | None = None) -> None:
        super().__init__(ws, out=io.BytesIO())
        self._dimension = dimension
        self._rows = rows
        self._parts: list[bytes | Iterable[str]] = []

    def write_dimensions(self) -> None:
        """The used range: the given one for rows given, else as openpyxl computes it."""
        if self._dimension is None:
            super().write_dimensions()
        else:
            self.xf.send(SheetDimension(self._dimension).to_tree())

    def _send(self, xml: str | Iterable[str]) -> None:
        """Put ``xml`` (or, made later, its pieces) into the sheet at the stream's current place."""
        self.xf.send(Element(f"perfscorePart{len(self._parts)}"))
        self._parts.append(xml.encode("utf-8") if isinstance(xml, str) else xml)

    def write_rows(self) -> None:
        """The cells (:func:`sheet_data`), or the rows given."""
        if self._rows is None:
            self._send(sheet_data(self.ws))
        else:
            self._send(_sheet_data_of(self._rows))

    def write_cols(self) -> None:
        """The column widths, as ``DimensionHolder.to_tree`` writes them."""
        xml = column_dimensions(self.ws)
        if xml:
            self._send(xml)

    def write_merged_cells(self) -> None:
        """The merged ranges, as openpyxl's ``MergeCells`` writes them."""
        merged = self.ws.merged_cells.ranges
        if merged:
            refs = "".join(f'<mergeCell ref="{ref.coord}" />' for ref in merged)
            self._send(f'<mergeCells count="{len(merged)}">{refs}</mergeCells>')

    def write_validations(self) -> None:
        """The data validations, as openpyxl's ``DataValidationList`` writes them (those
        without cells left out); a list with another attribute set is openpyxl's to write."""
        validations = self.ws.data_validations
        if not validations:
            return
        if any(getattr(validations, key) is not None
               for key in ("disablePrompts", "xWindow", "yWindow")):
            super().write_validations()
            return
        kept = [dv for dv in validations.dataValidation if dv.sqref]
        body = "".join(_data_validation(dv) for dv in kept)
        self._send(f'<dataValidations count="{len(kept)}">{body}</dataValidations>'
                   if body else f'<dataValidations count="{len(kept)}" />')

    def xml(self) -> bytes:
        """The sheet part: openpyxl's XML with the placeholders replaced."""
        return b"".join(self.chunks())

    def chunks(self) -> Iterator[bytes]:
        """The sheet part in pieces: openpyxl's XML between the placeholders, and in their
        places what was sent (rows given are made here, one by one)."""
        data = self.read()
        at = 0
        for number, part in enumerate(self._parts):
            tag = re.compile(rb"<perfscorePart%d\s*/>" % number).search(data, at)
            if tag is None:
                raise ValueError(f"placeholder {number} missing from {self.ws.title}")
            yield data[at:tag.start()]
            if isinstance(part, bytes):
                yield part
            else:
                yield from (piece.encode("utf-8") for piece in part)
            at = tag.end()
        yield data[at:]


def _sheet_data_of(rows: Iterable[str]) -> Iterator[str]:
    """The ``sheetData`` element around ``rows``."""
    yield "<sheetData>"
    yield from rows
    yield "</sheetData>"


def column_dimensions(ws: "Worksheet") -> str:
    """The ``cols`` element of ``ws`` ("" when no column has more than its bounds), as
    ``DimensionHolder.to_tree`` writes it (and, as it does, the outline level noted)."""
    holder = ws.column_dimensions
    columns = []
    outlines = set()
    for dimension in holder.values():
        dimension.reindex()
    for dimension in sorted(holder.values(), key=lambda dimension: dimension.min):
        attributes = dict(dimension)
        if attributes.keys() != {"min", "max"}:
            outlines.add(dimension.outlineLevel)
            columns.append(_element("col", attributes))
    if outlines:
        holder.max_outline = max(outlines)
    return f"<cols>{''.join(columns)}</cols>" if columns else ""


def _data_validation(dv: Any) -> str:
    """One ``dataValidation`` element, as ``Serialisable.to_tree`` writes it."""
    children = "".join(
        f"<{tag}>{escape_text(safe_string(value))}</{tag}>" if safe_string(value) else f"<{tag} />"
        for tag, value in (("formula1", dv.formula1), ("formula2", dv.formula2))
        if value is not None)
    return _element("dataValidation", dict(dv), children)


def _element(tag: str, attributes: dict[str, str], children: str = "") -> str:
    """An element as ElementTree serialises it (an empty one closed by `` />``)."""
    head = "".join(f' {key}="{_escape_attribute(value)}"' for key, value in attributes.items())
    return f"<{tag}{head}>{children}</{tag}>" if children else f"<{tag}{head} />"


def escape_text(text: str) -> str:
    """Character data as ElementTree escapes it (``&``, ``<``, ``>``): also how batch fill
    writes a unit's formula where a template's sentinel was (:mod:`scoring.batch.fill`)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(text: str) -> str:
    """An attribute value as ElementTree escapes it."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                         ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, entity)
    return text


class _ElementCollector:
    """Stands in for openpyxl's XML stream when a cell goes through openpyxl's own cell writer:
    collects the serialised element."""

    def __init__(self, out: list[str]) -> None:
        self.out = out

    def write(self, element: Any) -> None:
        text = tostring(element)
        self.out.append(text.decode("utf-8") if isinstance(text, bytes) else text)


#: The Python types of a number cell's value the string loop writes (others: openpyxl's writer).
_NUMBERS = (int, float)


def sheet_data(ws: "Worksheet") -> str:
    """The ``sheetData`` element of ``ws`` as openpyxl writes it (rows in order, each with its
    dimension's attributes, cells with value or style), giving each styled cell its style id in
    the workbook in the same order openpyxl does (the style ids depend on it).

    Side effects as openpyxl's: comments go to ``ws._comments`` and hyperlinks to
    ``ws._hyperlinks``, for the elements written after the cells.
    """
    wb = ws.parent
    cell_styles = wb._cell_styles
    style_ids: dict[tuple[int, ...], int] = {}
    letters: dict[int, str] = {}
    rows: defaultdict[int, list[Any]] = defaultdict(list)
    for (row, _), cell in sorted(ws._cells.items()):
        rows[row].append(cell)
    dimensions = ws.row_dimensions
    for row in dimensions.keys() - rows.keys():
        rows[row] = []
    out: list[str] = ["<sheetData>"]
    append = out.append
    fallback = _ElementCollector(out)
    for row, cells in sorted(rows.items()):
        attributes = "".join(f' {key}="{_escape_attribute(value)}"'
                             for key, value in dimensions[row]) if row in dimensions else ""
        append(f'<row r="{row}"{attributes}>')
        for cell in cells:
            if cell._comment is not None:
                ws._comments.append(CommentRecord.from_cell(cell))
            value = cell._value
            style = cell._style
            styled = style is not None and any(style)
            if value is None and not styled and not cell._comment:
                continue
            kind = cell.data_type
            if not _plain(cell, value, kind):
                etree_write_cell(fallback, ws, cell, styled)
                continue
            column = cell.column
            letter = letters.get(column)
            if letter is None:
                letter = letters[column] = get_column_letter(column)
            style_id = None
            if styled:
                key = tuple(style)
                style_id = style_ids.get(key)
                if style_id is None:
                    style_id = style_ids[key] = cell_styles.add(style)
            append(_cell_xml(f"{letter}{row}", style_id, kind, value))
        append("</row>")
    append("</sheetData>")
    return "".join(out)


def _cell_xml(reference: str, style_id: int | None, kind: str, value: Any) -> str:
    """A cell the string loop writes (:func:`_plain`) as openpyxl writes it: at ``reference``
    (``B2``), with ``style_id`` (None: unstyled), of data type ``kind``."""
    head = f'<c r="{reference}"' if style_id is None else f'<c r="{reference}" s="{style_id}"'
    if kind == "s":
        head += ' t="inlineStr"'
    elif kind != "f":
        head += f' t="{kind}"'
    if value is None or value == "":
        return head + " />"
    if kind == "s":
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f"{head}><is><t{space}>{escape_text(value)}</t></is></c>"
    if kind == "f":
        formula = value[1:]
        return (f"{head}><f>{escape_text(formula)}</f><v /></c>" if formula
                else f"{head}><f /><v /></c>")
    text = safe_string(value) if kind != "e" else value
    return f"{head}><v>{escape_text(text)}</v></c>" if text else f"{head}><v /></c>"


class RowWriter:
    """Rows of one sheet as openpyxl writes them, made from values and styles rather than from
    cells (for :data:`RowSource`): a text (``str``, or ``bytes`` as UTF-8) is always text, never
    a formula or an error whatever it starts with, a number a number, a boolean a boolean, and a
    cell without a value is written only when it has a style. Style ids are given as openpyxl
    gives them, in the order the cells are written; a value of any other type (a date) goes
    through openpyxl's own cell writer, the style given first (a date keeps its date format).
    Texts are expected cleaned (:func:`scoring.plaintext.clean_text`): a lone surrogate cannot
    be encoded into the part.

    Args:
        ws: The sheet the rows are for (its workbook's style list gets the styles).
    """

    def __init__(self, ws: "Worksheet") -> None:
        self.ws = ws
        self._cell_styles = ws.parent._cell_styles
        self._style_ids: dict[tuple[int, ...], int] = {}
        self._letters: list[str] = []

    def row(self, number: int, cells: Sequence[tuple[Any, StyleArray | None]],
            height: float | None = None) -> str:
        """Row ``number``: each cell's value and style (None: no style, as a plain
        ``ws.append`` gives), the row ``height`` in points when it has one of its own.

        Raises:
            IllegalCharacterError: as openpyxl does, for a text holding a character no
                worksheet can hold (a control character).
        """
        while len(self._letters) < len(cells):
            self._letters.append(get_column_letter(len(self._letters) + 1))
        attributes = "".join(f' {key}="{_escape_attribute(value)}"' for key, value in
                             RowDimension(self.ws, index=number, ht=height)
                             ) if height is not None else ""
        out = [f'<row r="{number}"{attributes}>']
        for column, (letter, (value, style)) in enumerate(zip(self._letters, cells), start=1):
            styled = style is not None and any(style)
            if value is None and not styled:
                continue
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            if isinstance(value, str):
                kind, value = "s", _cell_text(str(value))
            elif isinstance(value, bool):
                kind = "b"
            elif value is None or type(value) in _NUMBERS:
                kind = "n"
            else:
                out.append(self._openpyxl_cell(number, column, value, style))
                continue
            style_id = None
            if styled:
                key = tuple(style)
                style_id = self._style_ids.get(key)
                if style_id is None:
                    style_id = self._style_ids[key] = self._cell_styles.add(style)
            out.append(_cell_xml(f"{letter}{number}", style_id, kind, value))
        out.append("</row>")
        return "".join(out)

    def _openpyxl_cell(self, row: int, column: int, value: Any, style: StyleArray | None) -> str:
        """A cell of a type the string loop does not write, by openpyxl's cell writer."""
        cell = Cell(self.ws, row=row, column=column)
        if style is not None:
            cell._style = StyleArray(style)
        cell.value = value  # a date adds its date format to the style
        out: list[str] = []
        etree_write_cell(_ElementCollector(out), self.ws, cell, cell.has_style)
        return "".join(out)


def _cell_text(value: str) -> str:
    """A text as openpyxl's cell takes it: cut to 32,767 characters, refused when it holds a
    character no worksheet can hold."""
    value = value[:32767]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    return value


def _plain(cell: Any, value: Any, kind: str) -> bool:
    """True when the string loop writes ``cell`` as openpyxl would: text, a text formula, a
    number, a boolean or an error, without a hyperlink; everything else goes through openpyxl's
    own cell writer."""
    if cell.hyperlink is not None:
        return False
    if value is None:
        return kind != "d"
    if kind in ("s", "f", "e"):
        return type(value) is str
    if kind == "n":
        return type(value) in _NUMBERS
    return kind == "b" and type(value) is bool
