"""The docs keep their promises: every error code documented, README and CI run the same tests,
and the user guides are written in Chinese (issue #11: the users are 财政局 and 预算单位 staff)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.errors import CODES

ROOT = Path(__file__).resolve().parent.parent


def test_every_error_code_is_documented_and_no_other():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (PS-[A-Z]\d{3}) \| ([^|]+) \|", text, re.M)
    assert {code: title.strip() for code, title in documented} == CODES


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", readme)[:2]


def test_readme_opens_with_the_demo_and_the_test_command():
    demo, tests = _readme_commands()
    assert demo.endswith("perfscore demo")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_exactly():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_commands()[1] in ci


def test_docs_linked_from_the_readme_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|xlsx_templates|benchmarks)/[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target


# --- The user guides are Chinese ------------------------------------------------------------
#
# Prose is what is left outside fenced code blocks, inline code, link targets, error codes and
# sections headed 开发者说明 (developer notes, which may stay English, as in docs/rules.md). A
# table column headed 英文 (the glossary's English names) is a translation and is left out too.

USER_GUIDES = ("README.md", "docs/templates.md", "docs/batch.md", "docs/addin.md", "docs/errors.md",
               "docs/hostile.md", "docs/names.md", "docs/rules.md", "docs/glossary.md",
               "docs/framework.md", "docs/monitoring.md", "docs/report.md", "docs/project.md")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_NOT_PROSE = (re.compile(r"`+[^`]*`+"),         # inline code
              re.compile(r"(?<=\])\([^)]*\)"),    # link and image targets
              re.compile(r"https?://\S+"),
              re.compile(r"PS-[A-Z]\d{3}"))      # error codes
_MIN_CJK_SHARE = 0.6      # of the letters in prose: the guides have 0.78 (README) to 0.97, the
#                           English docs/batch.md had 0.09
_MAX_ENGLISH_WORDS = 6    # a paragraph, list item or table row with more English words than
#                           Chinese characters (and more than this many) is English prose


def _prose(text: str) -> list[tuple[str, str]]:
    """The headings, paragraphs, list items and table rows of a Markdown text: (kind, prose)."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []
    header: list[str] | None = None
    developer_level: int | None = None  # inside a 开发者说明 section of this heading level

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(("paragraph", " ".join(paragraph)))
            paragraph.clear()

    for line in _FENCE.sub("\n", text).splitlines():
        heading = re.match(r"(#+)\s+(.*)", line)
        if heading:
            end_paragraph()
            header = None
            level = len(heading.group(1))
            if developer_level is not None and level <= developer_level:
                developer_level = None
            if "开发者说明" in heading.group(2):
                developer_level = level
            elif developer_level is None:
                blocks.append(("heading", heading.group(2)))
            continue
        if developer_level is not None:
            continue
        if line.lstrip().startswith("|"):
            end_paragraph()
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if all(re.fullmatch(r":?-+:?", cell) for cell in cells if cell):
                continue
            if header is None:
                header = cells
            blocks.append(("table row", " ".join(
                cell for i, cell in enumerate(cells) if i >= len(header) or header[i] != "英文")))
            continue
        header = None
        if not line.strip():
            end_paragraph()
            continue
        if re.match(r"\s*([-*+>]|\d+\.)\s", line):
            end_paragraph()  # a list item is a paragraph of its own
        paragraph.append(line.strip())
    end_paragraph()
    for pattern in _NOT_PROSE:
        blocks = [(kind, pattern.sub(" ", block)) for kind, block in blocks]
    return blocks


def _guide_prose(name: str) -> list[tuple[str, str]]:
    text = (ROOT / name).read_text(encoding="utf-8")
    if name == "README.md":
        text = text.split("\n", 1)[1]  # its title is the product's name
    return _prose(text)


def _is_english(kind: str, block: str) -> bool:
    words, chinese = len(_ENGLISH_WORD.findall(block)), len(_CJK.findall(block))
    if kind == "heading":
        return words > 0 and chinese == 0
    return words > _MAX_ENGLISH_WORDS and chinese < words


def test_the_prose_check_finds_english():
    english = "A finance bureau prepares the year's forms for dozens of budget units and collects them."
    chinese = "财政局为几十到几千个预算单位准备当年的表格，之后再收回汇总（`perfscore fill`、`collect`）。"
    blocks = _prose(f"# 批量处理\n\n{english}\n\n{chinese}\n\n## Decisions\n\n"
                    f"```sh\n{english}\n```\n\n| 代码 | 说明 |\n|---|---|\n| PS-W001 | {english} |\n\n"
                    f"## 开发者说明（Developer notes）\n\n{english}\n")
    assert [(kind, _is_english(kind, block)) for kind, block in blocks] == [
        ("heading", False), ("paragraph", True), ("paragraph", False), ("heading", True),
        ("table row", False), ("table row", True)]


@pytest.mark.parametrize("name", USER_GUIDES)
def test_user_guides_are_chinese(name: str):
    blocks = _guide_prose(name)
    chinese = sum(len(_CJK.findall(block)) for _, block in blocks)
    latin = sum(len(_LATIN_LETTER.findall(block)) for _, block in blocks)
    share = chinese / max(chinese + latin, 1)
    assert share > _MIN_CJK_SHARE, f"{name}: only {share:.0%} of the letters in prose are Chinese"
    english = [f"{kind}: {block.strip()[:80]}" for kind, block in blocks if _is_english(kind, block)]
    assert not english, f"{name}: English prose outside code:\n" + "\n".join(english)


# --- The summary tables as docs/batch.md lists them -----------------------------------------

#: What docs/batch.md writes in place of the 汇总 table's score columns (one per 一级 section,
#: inserted after 版本 by collect).
SECTION_PLACEHOLDER = "A…F 各小计"


@pytest.mark.parametrize("key", ["units", "projects", "project_units", "project_targets"])
def test_batch_doc_lists_the_summary_columns_in_their_order(key):
    """The bullet of a summary sheet in docs/batch.md names its columns as the registry declares
    them (:data:`scoring.forms.SUMMARY_TABLES`), in order, joined by 、."""
    from scoring import forms

    table = next(table for table in forms.SUMMARY_TABLES if table.key == key)
    headings = list(table.columns.values())
    if table is forms.EVALUATION_SUMMARY:
        headings[4:4] = [SECTION_PLACEHOLDER]
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    bullet = re.search(rf"^- \*\*{table.sheet}\*\*：(.+?)(?=^- |^\S)", text, re.M | re.S)
    assert bullet is not None, table.sheet
    joined = "".join(line.strip() for line in bullet.group(1).splitlines())  # CJK wraps without spaces
    listed = re.search(r"一行：([^，。（]+)", joined)
    assert listed is not None and listed.group(1).split("、") == headings
