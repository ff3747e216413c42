"""Files that are not workbooks, or are hostile: refused with a stable code, at bounded cost.

Every file comes from :mod:`hostile.corpus` (generated, nothing binary committed). The checks
run at three levels: the gatekeeper (:mod:`scoring.workbook.safety`), the reader every command
uses, and the command line and batch collect a finance bureau runs.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile.corpus import FILES, build_all, product_workbook, with_part

from scoring.cli import main
from scoring.errors import CODES, WorkbookFileError
from scoring.workbook.reader import open_workbook, score_workbook
from scoring.workbook.safety import inspect_workbook_file

REFUSED = sorted(name for name, case in FILES.items() if case.code and not case.libreoffice)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name", REFUSED)
def test_gatekeeper_and_reader_refuse_with_the_documented_code(corpus, name):
    expected = FILES[name].code
    with pytest.raises(WorkbookFileError) as gate:
        inspect_workbook_file(corpus[name])
    with pytest.raises(WorkbookFileError) as reader:
        open_workbook(corpus[name])
    for error in (gate.value, reader.value):
        assert error.code == expected and error.code in CODES
        assert error.file == str(corpus[name])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message)  # said in Chinese
        assert "Traceback" not in error.format_message()


def test_messages_say_what_the_file_is_and_what_was_expected(corpus):
    def message(name: str) -> str:
        with pytest.raises(WorkbookFileError) as info:
            inspect_workbook_file(corpus[name])
        return info.value.message

    assert "文件为空" in message("empty")
    assert "文本文件" in message("text_renamed")
    assert "不完整" in message("truncated")
    assert "xl/worksheets/sheet1.xml" in message("corrupted_member")
    assert ".ods" in message("ods")
    assert "密码" in message("encrypted")
    assert "实体" in message("entity_bomb_in_sheet") and "sheet1.xml" in message("entity_bomb_in_sheet")
    assert "sharedStrings.xml" in message("entity_bomb_in_strings")
    assert "3221 MB" in message("zip_bomb_declared")
    assert "声明的大小 10000 字节" in message("zip_bomb_lying")
    assert "压缩比为 1011 倍" in message("zip_bomb_ratio")
    assert "第 1048576 行、第 16384 列" in message("million_rows")
    assert "2147483647" in message("shared_strings_count")


@pytest.mark.libreoffice
def test_a_real_xls_file_is_refused_as_legacy_format(tmp_path):
    path = FILES["legacy_xls"].build(tmp_path)
    with pytest.raises(WorkbookFileError) as info:
        open_workbook(path)
    assert info.value.code == "PS-W002" and ".xls" in info.value.message


def test_a_dimension_claiming_a_million_rows_is_read_without_allocating_it(corpus):
    facts = inspect_workbook_file(corpus["million_row_dimension"])
    assert (facts.sheets[0].rows, facts.sheets[0].columns) == (42, 18)  # where the values end
    report = score_workbook(corpus["million_row_dimension"])
    assert (report.result.total, report.result.grade) == (99.0, "优秀")


def test_macros_are_reported_never_run_and_never_carried_into_outputs(corpus, tmp_path):
    facts = inspect_workbook_file(corpus["with_macros"])
    assert facts.macros is True
    assert inspect_workbook_file(corpus["shared_strings_ok"]).macros is False
    assert score_workbook(corpus["with_macros"]).result.total == 99.0
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "带宏.xlsm").write_bytes(corpus["with_macros"].read_bytes())
    assert main(["collect", str(folder), "--out", str(tmp_path / "汇总.xlsx")]) == 0
    with zipfile.ZipFile(tmp_path / "汇总.xlsx") as summary:
        assert not [n for n in summary.namelist() if "vba" in n.lower()]


def test_shared_strings_are_read_when_honest(corpus):
    book = open_workbook(corpus["shared_strings_ok"])
    assert book.value("自评表", 1, 1) == "整体绩效评价指标框架"


def test_entity_declarations_are_refused_in_any_xml_part(tmp_path):
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
    path = tmp_path / "props.xlsx"
    path.write_bytes(with_part(product_workbook(), "docProps/core.xml", lambda xml: bomb + b"<r/>"))
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_file(path)
    assert info.value.code == "PS-W009" and "docProps/core.xml" in info.value.message


_MEASURE = """
import json, resource, sys, time
from scoring.errors import PerfscoreError
from scoring.workbook.reader import open_workbook
out = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    try:
        open_workbook(path)
        code = None
    except PerfscoreError as exc:
        code = exc.code
    out[path] = [code, time.perf_counter() - start]
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def test_every_hostile_file_is_refused_quickly_in_little_memory(corpus):
    """Loose bounds in a fresh process, so that a regression to "hang" or "abort" fails."""
    paths = [str(path) for name, path in corpus.items() if FILES[name].code]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *paths], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result.pop("maxrss_mb") < 500
    for name, path in corpus.items():
        if FILES[name].code:
            code, seconds = result[str(path)]
            assert code == FILES[name].code and seconds < 10, (name, code, seconds)


_PARSERS = """
import io, sys
from python_calamine import CalamineWorkbook
from openpyxl import load_workbook
data = open(sys.argv[1], "rb").read()
for name, read in (("calamine", lambda: CalamineWorkbook.from_filelike(io.BytesIO(data))
                    .get_sheet_by_name("自评表").to_python()),
                   ("openpyxl", lambda: load_workbook(io.BytesIO(data)))):
    try:
        read()
        print(name, "read")
    except Exception as exc:
        print(name, "refused", type(exc).__name__)
"""


def test_both_parsers_refuse_entity_expansion_even_without_the_gatekeeper(corpus):
    """python-calamine (quick-xml) leaves custom entities undefined; openpyxl uses defusedxml."""
    for name in ("entity_bomb_in_sheet", "entity_bomb_in_strings"):
        done = subprocess.run([sys.executable, "-c", _PARSERS, str(corpus[name])],
                              capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
        lines = done.stdout.split("\n")
        assert lines[0].startswith("calamine refused"), done.stdout + done.stderr[-500:]
        assert lines[1].startswith("openpyxl refused"), done.stdout + done.stderr[-500:]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_cli_score_prints_the_code_without_traceback(corpus, capsys):
    for name in ("empty", "encrypted", "zip_bomb_lying", "million_rows"):
        assert main(["score", str(corpus[name])]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"[{FILES[name].code}] 文件 {corpus[name]}") and "Traceback" not in err


def test_cli_in_a_real_process_exits_non_zero_without_traceback(corpus):
    done = subprocess.run([sys.executable, "-m", "scoring.cli", "score",
                           str(corpus["entity_bomb_in_strings"])],
                          capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 2
    assert done.stderr.startswith("[PS-W009]") and "Traceback" not in done.stderr


def test_collect_reports_every_bad_file_processes_the_rest_and_modifies_nothing(corpus, tmp_path):
    folder = corpus["empty"].parent
    (folder / "正常.xlsx").write_bytes(product_workbook())
    before = _digests(folder)
    out = tmp_path / "汇总.xlsx"
    assert main(["collect", str(folder), "--out", str(out)]) == 1
    assert _digests(folder) == before
    from openpyxl import load_workbook

    wb = load_workbook(out)
    sheets = {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb}
    unreadable = next(rows for title, rows in sheets.items() if "无法读取" in title)
    header = unreadable[0]
    file_col = next(i for i, h in enumerate(header) if "文件" in str(h))
    code_col = next(i for i, h in enumerate(header) if "代码" in str(h) or "编码" in str(h))
    got = {Path(row[file_col]).name: row[code_col] for row in unreadable[1:]}
    for name, path in corpus.items():
        if FILES[name].code and path.suffix in (".xlsx", ".xlsm"):
            assert got[path.name] == FILES[name].code, name
    scored = [path.name for name, path in corpus.items() if FILES[name].code is None]
    assert not set(scored) & set(got)
    (folder / "正常.xlsx").unlink()


def test_a_failed_save_leaves_no_partial_file(tmp_path, monkeypatch):
    """The disk fills up after the temporary file was written: nothing is left behind."""
    import os

    from openpyxl import Workbook

    from scoring.workbook.files import save_workbook

    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    monkeypatch.setattr(os, "link", disk_full)
    with pytest.raises(WorkbookFileError) as info:
        save_workbook(Workbook(), tmp_path / "out.xlsx")
    assert info.value.code == "PS-W001" and "磁盘空间不足" in info.value.message
    assert "No space left" not in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_never_overwritten_without_force(corpus, tmp_path):
    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"the user's own file")
    assert main(["collect", str(corpus["empty"].parent), "--out", str(out)]) == 2
    assert out.read_bytes() == b"the user's own file"
