"""The self-evaluation report as a Word document: the default template and the rendering.

The texts come from :func:`scoring.report.draft_report`; this module puts them into a Word
template with docxtpl (Jinja2 tags written as ordinary Word text: ``{{ 单位名称 }}``, a paragraph
``{%p for 段 in 主要职能 %}`` … ``{%p endfor %}``, a table row ``{%tr for 行 in 评分表 %}``). A
bureau edits the template in Word — wording, fonts, headings, the standard passages of
评价工作简述 — and keeps the placeholders (:data:`scoring.report.PLACEHOLDERS`, docs/report.md).
docxtpl is used rather than hand-written XML because it already handles what Word does to typed
tags (splitting them over several runs) and the paragraph and table-row loops.

The default template is built here with python-docx, the same every time, following the layout
of official documents (GB/T 9704): A4, title in 黑体 二号, 一级标题 黑体 三号, 二级标题 楷体 三号,
三级标题 仿宋 三号 bold, body 仿宋 三号 at a fixed 28 pt line, page numbers ``— 1 —`` at the foot.
``perfscore report --write-template 模板.docx`` writes it for editing; ``--template`` uses the
edited copy.

Templates are rendered in Jinja2's sandbox with every placeholder required: a template that
names an unknown placeholder (a typo in Word) is refused with the name (PS-D002), never rendered
with a silent gap; a file that is not a usable .docx is refused (PS-D001).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..errors import ReportError
from ..plaintext import clean_text
from ..report import PLACEHOLDERS, SCORE_ROW_FIELDS, Report

#: Fonts and sizes (points) of the default template: 三号 = 16 pt, 二号 = 22 pt, 五号 = 10.5 pt.
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
TITLE_POINTS = 22.0
BODY_POINTS = 16.0
TABLE_POINTS = 10.5
LINE_POINTS = 28.0
#: Page margins (cm): top, bottom, left, right (GB/T 9704).
MARGINS_CM = (3.7, 3.5, 2.8, 2.6)
#: Widths (cm) of the annex's score table columns, in :data:`SCORE_ROW_FIELDS` order.
TABLE_WIDTHS_CM = (2.4, 2.6, 4.4, 1.3, 1.3, 3.6)
#: The style of the annex table's text (a paragraph style of the template).
TABLE_STYLE = "表格文字"
#: The largest template accepted: its file, and what its parts hold unpacked (bytes).
MAX_TEMPLATE_BYTES = 50_000_000
MAX_TEMPLATE_UNPACKED = 200_000_000

#: The standard passages of 二、评价工作简述 (as the seed report words them; a bureau edits them
#: in the template). (heading, paragraphs); ``{{ … }}`` are placeholders.
WORK_SUMMARY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("（一）评价对象", ("{{ 单位名称 }}",)),
    ("（二）评价范围", ("{{ 年度 }} 年部门预算",)),
    ("（三）绩效评价原则", ("1、科学合理原则。", "2、激励约束原则。", "3、公开公平原则。")),
    ("（四）评价目的", ("通过绩效目标的设置情况、资金使用和管理情况等自我评价，了解资金使用是否达到了预期目标、资金管理是否"
                  "规范。分析存在问题及原因，及时总结经验，改进管理措施，完善工作机制，提高资金管理水平和使用效益。",)),
    ("（五）评价组织实施", (
        "1、前期准备。确定评价目的、范围、评价原则，制定评价指标体系。",
        "2、资料信息汇总。查阅年度预算安排、预算调整、资金管理、经费支出、资产管理、政府采购等相关文件资料。",
        "3、评价分析。按照绩效评价的原则和规范，对数据进行汇总、对比、分析，对部门履职及履职绩效进行量化打分。",
        "4、出具报告等内容。根据评价工作情况，撰写评价报告。")),
)


def _loop(placeholder: str, item: str = "段", numbered: bool = False) -> tuple[str, str, str]:
    """The three paragraphs of a list placeholder: one paragraph per element (``1、…`` when
    ``numbered``)."""
    number = "{{ loop.index }}、" if numbered else ""
    return (f"{{%p for {item} in {placeholder} %}}", f"{number}{{{{ {item} }}}}", "{%p endfor %}")


#: The body of the default template: (style, text) paragraphs in order; the annex table follows.
BODY: tuple[tuple[str, str], ...] = (
    ("Title", "{{ 年度 }} 年度{{ 单位名称 }}整体绩效自我评价报告"),
    ("Heading 1", "一、基本情况"),
    ("Heading 2", "（一）概况"),
    ("Heading 3", "1、部门主要职责"),
    *(("Normal", text) for text in _loop("主要职能")),
    ("Heading 3", "2、机构设置及人员配置"),
    *(("Normal", text) for text in _loop("机构人员")),
    ("Heading 2", "（二）收入支出情况"),
    *(("Normal", text) for text in _loop("收入支出")),
    ("Heading 2", "（三）部门绩效目标"),
    *(("Normal", text) for text in _loop("绩效目标")),
    ("Heading 1", "二、评价工作简述"),
    *((style, text) for heading, texts in WORK_SUMMARY
      for style, text in (("Heading 2", heading), *(("Normal", t) for t in texts))),
    ("Heading 1", "三、评价结论"),
    ("Normal", "{{ 评价结论 }}"),
    ("Normal", "{{ 一级指标得分 }}"),
    ("Heading 1", "四、部门履职成效"),
    ("Normal", "对照年度绩效目标，各项履职和效益指标的完成情况如下："),
    *(("Normal", text) for text in _loop("履职成效")),
    ("Heading 1", "五、存在问题及改进措施"),
    ("Normal", "存在问题："),
    *(("Normal", text) for text in _loop("存在问题", "问题", numbered=True)),
    ("Normal", "改进措施："),
    *(("Normal", text) for text in _loop("改进措施", "措施", numbered=True)),
    ("Annex", "附件：{{ 框架名称 }}"),
)


def _fonts(style: Any, name: str, points: float, bold: bool = False) -> None:
    """Give a style one font for Latin and Chinese text (no theme fonts, black)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = name
    style.font.size = Pt(points)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph_format(style: Any, *, indent: bool, align: str = "justify",
                      line: float | None = LINE_POINTS, before: float = 0.0) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    fmt = style.paragraph_format
    fmt.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    fmt.first_line_indent = Pt(2 * BODY_POINTS) if indent else Pt(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(0)
    if line is None:  # single spacing (the title, table text)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    fmt.keep_with_next = None


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    _fonts(styles["Normal"], BODY_FONT, BODY_POINTS)
    _paragraph_format(styles["Normal"], indent=True)
    _fonts(styles["Title"], HEADING_FONT, TITLE_POINTS)
    _paragraph_format(styles["Title"], indent=False, align="center", line=None, before=0)
    styles["Title"].paragraph_format.space_after = styles["Title"].font.size
    title_border = styles["Title"].element.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr")
    if title_border is not None:  # python-docx's Title has a rule under it; official titles do not
        styles["Title"].element.pPr.remove(title_border)
    for name, font, bold in (("Heading 1", HEADING_FONT, False), ("Heading 2", SUBHEADING_FONT, False),
                             ("Heading 3", BODY_FONT, True)):
        _fonts(styles[name], font, BODY_POINTS, bold)
        _paragraph_format(styles[name], indent=True)
        styles[name].paragraph_format.keep_with_next = True
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table.base_style = styles["Normal"]
    _fonts(table, BODY_FONT, TABLE_POINTS)
    _paragraph_format(table, indent=False, align="left", line=None)


def _page(document: Any) -> None:
    """A4 with the official margins, page numbers ``— 1 —`` centred at the foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    top, bottom, left, right = MARGINS_CM
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Cm(0)
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" —")


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    paragraph.style = TABLE_STYLE
    if bold:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold or None


def _score_table(document: Any) -> None:
    """The annex: headings (repeated on every page), one looped row per scored item, the
    总得分 and 评价等次 rows."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    headings = list(SCORE_ROW_FIELDS)
    table = document.add_table(rows=5, cols=len(headings))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, TABLE_WIDTHS_CM):
        column.width = Cm(width)  # the grid, which LibreOffice and WPS follow
        for cell in column.cells:
            cell.width = Cm(width)  # the cells, which Word follows
    head, loop_start, data, loop_end, total = table.rows
    for cell, heading in zip(head.cells, headings):
        _cell(cell, heading, bold=True)
    repeat = OxmlElement("w:tblHeader")
    head._tr.get_or_add_trPr().append(repeat)
    repeat.set(qn("w:val"), "true")
    _cell(loop_start.cells[0], "{%tr for 行 in 评分表 %}")
    for cell, heading in zip(data.cells, headings):
        _cell(cell, f"{{{{ 行.{heading} }}}}")
    _cell(loop_end.cells[0], "{%tr endfor %}")
    label = total.cells[0].merge(total.cells[3])
    _cell(label, "总得分（等次）", bold=True)
    _cell(total.cells[4], "{{ 总得分 }}", bold=True)
    _cell(total.cells[5], "{{ 等次 }}", bold=True)


def build_template() -> bytes:
    """The default report template (.docx bytes): the same document every time."""
    from docx import Document

    document = Document()
    core = document.core_properties
    core.author = core.last_modified_by = "perfscore"
    core.title = "整体绩效自我评价报告（模板）"
    core.revision = 1
    _styles(document)
    _page(document)
    body = document.paragraphs[0] if document.paragraphs else None
    for style, text in BODY:
        if body is not None:  # the empty first paragraph of a new document takes the title
            body.style, body.text, body = style, text, None
        elif style == "Annex":  # the annex starts a page
            document.add_paragraph(text, style="Heading 2").paragraph_format.page_break_before = True
        else:
            document.add_paragraph(text, style=style)
    _score_table(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable(buffer.getvalue())


def _stable(data: bytes) -> bytes:
    """The .docx with fixed dates (the zip entries' times and the document's created and
    modified dates), so building the template twice gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>2024-01-01T00:00:00Z", content)
            stable = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            stable.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stable, content)
    return out.getvalue()


@lru_cache(maxsize=1)
def default_template() -> bytes:
    """The default template, built once per process."""
    return build_template()


def check_template(data: bytes, name: str) -> None:
    """Refuse a file that cannot be a usable .docx before docxtpl opens it.

    Raises:
        ReportError: PS-D001 for a file that is too large, not a zip, a zip without
            ``word/document.xml``, or one whose parts unpack to more than
            :data:`MAX_TEMPLATE_UNPACKED` bytes.
    """
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ReportError(f"报告模板过大（超过 {MAX_TEMPLATE_BYTES // 1_000_000} MB）", file=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = {info.filename for info in package.infolist()}
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile:
        raise ReportError("不是 Word 文档（.docx），或文件已损坏；请在 Word 或 WPS 中另存为 .docx",
                          file=name) from None
    if "word/document.xml" not in names:
        raise ReportError("不是 Word 文档（.docx）：缺少正文部分；请在 Word 或 WPS 中另存为 .docx", file=name)
    if unpacked > MAX_TEMPLATE_UNPACKED:
        raise ReportError("报告模板解压后过大，疑似压缩炸弹", file=name)


def _clean(value: Any) -> Any:
    """Texts of the context cleaned for XML (controls, noncharacters: nothing Word refuses)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")
#: Jinja2's syntax messages → what to tell a user editing a template in Word.
_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Unexpected end of template|Encountered unknown tag 'end"),
     "模板中的循环或条件没有成对的结束标记：{%p for … %} 要有 {%p endfor %}，{%tr for … %} 要有 {%tr endfor %}，"
     "{% if … %} 要有 {% endif %}"),
    (re.compile(r"no (?:filter|test) named '([^']+)'"), "模板中用了报告不认识的写法“{0}”；占位符只能写成 {{{{ 名称 }}}}"),
    (re.compile(r"Encountered unknown tag '([^']+)'"), "模板中有不认识的标记“{0}”；标记只能是 for、endfor、if、endif"),
)
#: What any other syntax error says.
SYNTAX_HINT = "模板中的标记写法有误：占位符写成 {{ 名称 }}，循环写成 {%p for 段 in 名称 %} … {%p endfor %}，花括号和百分号要成对"


def render_report(report: Report, template: bytes | None = None, template_name: str = "") -> bytes:
    """The report as .docx bytes, from ``template`` (default: :func:`default_template`).

    Raises:
        ReportError: PS-D001 for a template that is not a usable .docx, whose tags are
            malformed or whose expressions fail (``{{ 1/0 }}``); PS-D002 for a placeholder the
            report does not have, or a Python attribute the sandbox refuses.
    """
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    name = template_name or "默认模板"
    source = template if template is not None else default_template()
    check_template(source, name)
    environment = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        document = DocxTemplate(io.BytesIO(source))
        document.render(_clean(report.context()), environment, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except MemoryError:
        raise  # a worker's memory limit: reported by the worker, not as a template error
    except jinja2.UndefinedError as exc:
        found = _UNDEFINED.search(str(exc))
        word = next((group for group in found.groups() if group), "") if found else str(exc)
        raise ReportError(f"模板中的占位符“{word}”不认识；可用的占位符：{_names(PLACEHOLDERS)}"
                          f"（见 docs/report.md）", code="PS-D002", file=name) from None
    except SecurityError as exc:
        found = re.search(r"attribute '([^']+)'", str(exc))
        word = found.group(1) if found else str(exc)
        raise ReportError(f"模板中的“{word}”不是报告的占位符，不允许使用；可用的占位符：{_names(PLACEHOLDERS)}",
                          code="PS-D002", file=name) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError(_syntax_message(exc.message or ""), file=name) from None
    except Exception as exc:  # an expression that fails ({{ 1/0 }}), a part lxml cannot parse
        raise ReportError(f"报告模板无法使用（{type(exc).__name__}）：请检查模板中的占位符和标记，"
                          "或在 Word、WPS 中重新另存为 .docx", file=name) from None
    return buffer.getvalue()


def _syntax_message(message: str) -> str:
    for pattern, text in _SYNTAX:
        found = pattern.search(message)
        if found:
            return text.format(*found.groups()) if found.groups() else text
    return SYNTAX_HINT


def try_template(template: bytes, name: str) -> None:
    """Render the built-in example with ``template``, so that a template error stops a run
    before any workbook is read (the same errors as :func:`render_report`)."""
    from ..example import load_example
    from ..framework import evaluate
    from ..report import draft_report

    example = load_example()
    form = example.target_form
    render_report(draft_report(framework=example.framework, inputs=example.inputs,
                               result=evaluate(example.framework, example.inputs),
                               unit_name=form.unit_name, year=form.year, form=form,
                               finances=example.finances), template, name)


def _names(placeholders: Sequence[Any]) -> str:
    return "、".join(placeholder.name for placeholder in placeholders)
