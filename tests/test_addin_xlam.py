"""The built add-in ``perfscore.xlam``: functions inside, settings that do not shadow the user's.

Its VBA project is written by our own code (:mod:`addin.vba_project`), so it is checked by two
readers that share none of it: oletools' ``olevba`` (with ``olefile``) and LibreOffice's VBA
import (its own compound file reader and decompressor). Excel itself is not available here.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

import addin
from addin import classic, vba_compound_file, vba_project
from addin.vba_compression import compress, decompress

ROOT = Path(__file__).resolve().parent.parent
MODULES = {"ThisWorkbook", "Dictionary", "xlwings", "Sheet2", "xlwings_udfs"}
#: xlwings' demo macro that the quickstart add-in carries and ours must not.
DEMO = "SampleCall"


@pytest.fixture(scope="module")
def built() -> dict[Path, bytes]:
    """The committed files as ``python -m addin.classic --build`` makes them now."""
    return classic.build()


@pytest.fixture(scope="module")
def macros() -> dict[str, str]:
    """Module name → source text, as olevba decodes the committed add-in."""
    parser = VBA_Parser(str(addin.XLAM_PATH))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_all_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def vba_bin() -> bytes:
    with zipfile.ZipFile(addin.XLAM_PATH) as archive:
        return archive.read("xl/vbaProject.bin")


def test_committed_files_are_the_build(built):
    """Run ``python -m addin.classic --build`` when this fails."""
    assert built[addin.VBA_MODULE_PATH] == addin.VBA_MODULE_PATH.read_bytes()
    assert classic._members(built[addin.XLAM_PATH]) == classic._members(
        addin.XLAM_PATH.read_bytes())


def test_the_build_is_deterministic(built):
    """A second build (from the add-in inside the xlwings package) gives the same bytes."""
    vba, options = classic.import_functions()
    quickstart = Path(classic.xw.__file__).parent / "quickstart_addin.xlam"
    assert classic.build_xlam(quickstart, vba, options) == built[addin.XLAM_PATH]
    with zipfile.ZipFile(io.BytesIO(built[addin.XLAM_PATH])) as archive:
        assert {info.date_time for info in archive.infolist()} == {classic.ZIP_DATE}


def test_golden_module_has_crlf_line_ends_that_git_keeps():
    data = addin.VBA_MODULE_PATH.read_bytes()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert re.search(r"^addin/xlwings_udfs\.bas\s+-text\b", attributes, re.M)


def test_olevba_decodes_every_module(macros):
    assert set(macros) == MODULES
    assert all(source.strip() for source in macros.values())
    assert not any(DEMO in source for source in macros.values())


def test_olevba_shows_the_golden_functions_module(macros):
    assert macros["xlwings_udfs"] == addin.VBA_MODULE_PATH.read_bytes().decode("ascii")
    for name in addin.FUNCTION_NAMES:
        assert re.search(rf"^Function {name}\(", macros["xlwings_udfs"], re.M)


def test_insert_function_texts_are_registered_on_open(macros):
    """The Chinese texts come through the project's code page (936) intact."""
    this_workbook = macros["ThisWorkbook"]
    assert "Private Sub Workbook_Open()\r\n    RegisterFunctions\r\n" in this_workbook
    _, options = classic.import_functions()
    for option in options:
        name = option["Macro"].rsplit("!", 1)[1]
        assert f"ThisWorkbook.Name & \"'!{name}\"" in this_workbook
        for text in [option["Description"], *option["ArgumentDescriptions"]]:
            assert classic._vba_string(text) in this_workbook
    assert 'category = "预算绩效"' in this_workbook


def test_runtime_modules_are_xlwings_own(macros):
    """The xlwings module is the quickstart's, so its DLL name carries the pinned version; only
    its project name is perfscore's (settings sheet perfscore.conf, user config file
    %USERPROFILE%\\.perfscore\\perfscore.conf)."""
    assert 'Public Const PROJECT_NAME As String = "perfscore"' in macros["xlwings"]
    assert "myaddin" not in macros["xlwings"].lower()
    assert f'"xlwings64-{classic.xw.__version__}.dll"' in macros["xlwings"]
    assert "Function GetConfig(" in macros["xlwings"]


def test_vba_project_streams(vba_bin):
    with olefile.OleFileIO(io.BytesIO(vba_bin)) as ole:
        assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")
        project = ole.openstream("PROJECT").read().decode("cp936")
        streams = {path[1]: ole.openstream(path).read() for path in ole.listdir()
                   if path[0] == "VBA" and len(path) == 2}
    assert "Module=xlwings_udfs\r\n" in project and "Module1" not in project
    records = decompress_stream(bytearray(streams["dir"]))
    assert b"\x03\x00\x02\x00\x00\x00\xa8\x03" in records  # PROJECTCODEPAGE 936
    offsets = re.findall(rb"\x31\x00\x04\x00\x00\x00(....)", bytes(records), re.S)
    assert offsets == [b"\0\0\0\0"] * len(MODULES)  # no performance cache before any source
    assert b"stdole2.tlb#OLE Automation" in records and b"MSO.DLL" in records


def _check_red_black(entries: list, sid: int) -> int:
    """Black height of the subtree at ``sid``; asserts order and the red-black rules."""
    if sid == olefile.NOSTREAM:
        return 1
    node = entries[sid]
    for child in (node.sid_left, node.sid_right):
        if child != olefile.NOSTREAM and node.color == 0:
            assert entries[child].color == 1, "a red node has a red child"
    key = (len(node.name), node.name.upper())
    if node.sid_left != olefile.NOSTREAM:
        assert (len(entries[node.sid_left].name), entries[node.sid_left].name.upper()) < key
    if node.sid_right != olefile.NOSTREAM:
        assert (len(entries[node.sid_right].name), entries[node.sid_right].name.upper()) > key
    left = _check_red_black(entries, node.sid_left)
    right = _check_red_black(entries, node.sid_right)
    assert left == right, "paths differ in black nodes"
    return left + (node.color == 1)


def test_compound_file_is_valid_and_fixed(vba_bin):
    with olefile.OleFileIO(io.BytesIO(vba_bin), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        entries = ole.direntries
        for entry in filter(None, entries):
            assert (entry.createTime, entry.modifyTime, entry.clsid) == (0, 0, "")
            if entry.entry_type == olefile.STGTY_STORAGE:  # MS-CFB 2.6.1: start sector, size 0
                assert (entry.isectStart, entry.size) == (0, 0), entry.name
            if entry.sid_child != olefile.NOSTREAM:
                assert entries[entry.sid_child].color == 1  # each tree's root is black
                _check_red_black(entries, entry.sid_child)


@pytest.mark.parametrize("count", range(1, 12))
def test_compound_file_trees_of_any_size(count):
    names = [f"S{'x' * (index % 5)}{index}" for index in range(count)]
    data = vba_compound_file.write({name: name.encode() * 300 for name in names})
    with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert sorted("/".join(path) for path in ole.listdir()) == sorted(names)
        assert all(ole.openstream(name).read() == name.encode() * 300 for name in names)
        _check_red_black(ole.direntries, ole.direntries[0].sid_child)


def test_compound_file_storages_have_no_start_sector():
    """A storage's Starting Sector Location MUST be 0 (MS-CFB 2.6.1) as Excel writes it; strict
    readers (the Rust ``cfb`` crate once) reject anything else, e.g. ENDOFCHAIN."""
    data = vba_compound_file.write({"A": {"B": {"c": b"c" * 5000}, "d": b"d"}, "e": b""})
    with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        storages = [entry for entry in ole.direntries
                    if entry is not None and entry.entry_type == olefile.STGTY_STORAGE]
        assert sorted(entry.name for entry in storages) == ["A", "B"]
        assert all((entry.isectStart, entry.size) == (0, 0) for entry in storages)
        assert ole.openstream("A/B/c").read() == b"c" * 5000
        assert ole.openstream("A/d").read() == b"d" and ole.openstream("e").read() == b""


def test_registration_code_stays_within_vba_limits(macros):
    """VBA rejects a physical line over 1023 characters and more than 24 line continuations in
    one statement; Excel's MacroOptions fails (silently, under On Error Resume Next) on a
    description or argument description over 255 characters."""
    lines = macros["ThisWorkbook"].split("\r\n")
    assert max(map(len, lines)) <= 1023
    continued = 0
    for line in lines:
        continued = continued + 1 if line.endswith(" _") else 0
        assert continued <= 24
    literals = re.findall(r'"((?:[^"]|"")*)"', macros["ThisWorkbook"])
    assert literals and max(len(text.replace('""', '"')) for text in literals) <= 255


def test_a_quickstart_workbook_open_is_not_duplicated():
    """Two Workbook_Open procedures in ThisWorkbook would not compile ("Ambiguous name")."""
    Kind = vba_project.ModuleKind
    this_workbook = ('Attribute VB_Name = "ThisWorkbook"\r\n'
                     "Private Sub Workbook_Open()\r\nEnd Sub\r\n")
    constant = classic._PROJECT_NAME_CONSTANT.format(name=classic.QUICKSTART_PROJECT_NAME)
    xlwings = f'Attribute VB_Name = "xlwings"\r\n{constant}\r\n'
    quickstart = vba_project.write(vba_project.Project(
        "myaddin", "{00000000-0000-0000-0000-000000000000}", ("00", "00", "00"), (0, 0),
        "393222000", (), (vba_project.Module("ThisWorkbook", Kind.DOCUMENT, this_workbook),
                          vba_project.Module("xlwings", Kind.STANDARD, xlwings))))
    _, options = classic.import_functions()
    with pytest.raises(ValueError, match="Workbook_Open"):
        classic.addin_project(quickstart, 'Attribute VB_Name = "xlwings_udfs"\r\n', options)


def _samples() -> list[bytes]:
    rnd = random.Random(14)
    samples = [b"", b"a", b"ab" * 5000, bytes(range(256)) * 20,
               bytes(rnd.getrandbits(8) for _ in range(3000)) + b"q" * 1000,  # long late repeat
               bytes(rnd.getrandbits(8) for _ in range(8192))]  # raw (incompressible) chunks
    samples += [bytes(rnd.randrange(alphabet) for _ in range(rnd.randint(1, 9000)))
                for alphabet in (2, 5, 16)]
    return samples


@pytest.mark.parametrize("data", _samples(), ids=lambda data: f"{len(data)}B")
def test_compression_round_trips_through_oletools(data):
    compressed = compress(data)
    assert bytes(decompress_stream(bytearray(compressed))) == data
    assert decompress(compressed) == data


def test_an_incompressible_short_final_chunk_is_refused():
    """The spec would pad it to 4096 bytes with zeros (2.4.1.3.10), which a source must not get."""
    data = random.Random(1).randbytes(4096 + 4000)
    with pytest.raises(ValueError, match="2.4.1.3.10"):
        compress(data)


def test_project_refuses_text_its_code_page_lacks():
    module = vba_project.Module("M", vba_project.ModuleKind.STANDARD, "' \u20ac\r\n")
    project = vba_project.Project("P", "{00000000-0000-0000-0000-000000000000}", ("", "", ""),
                                  (0, 0), "0", (), (module,), code_page=936)
    with pytest.raises(UnicodeEncodeError):
        vba_project.write(project)


def test_settings_sheet_holds_only_the_udf_module():
    """Any other key, even empty, would hide the user's config file (xlwings GetConfig)."""
    with zipfile.ZipFile(addin.XLAM_PATH) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        strings = re.findall(r"<t>(.*?)</t>", archive.read("xl/sharedStrings.xml").decode())
    assert f'<sheet name="{addin.CONF_SHEET}"' in workbook
    cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet)
    assert {ref: strings[int(index)] for ref, index in cells} == {
        "A1": "UDF Modules", "B1": addin.UDF_MODULE}
    assert len(re.findall(r"<c ", sheet)) == 2


@pytest.mark.libreoffice
def test_libreoffice_reads_the_module_and_its_functions(tmp_path):
    """LibreOffice opens the add-in (relabelled .xlsm: LibreOffice 7.4 does not detect the add-in
    content type; the VBA project is copied byte for byte) and saves its VBA modules as Basic."""
    from scoring.workbook.libreoffice import recalculate

    copy = tmp_path / "perfscore.xlsm"
    with zipfile.ZipFile(addin.XLAM_PATH) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"ms-excel.addin.macroEnabled", b"ms-excel.sheet.macroEnabled")
            target.writestr(info, data)
    (ods,) = recalculate([copy], tmp_path / "out", fmt="ods", timeout=180)
    with zipfile.ZipFile(ods) as archive:
        library = archive.read(f"Basic/{addin.ADDIN_PROJECT_NAME}/script-lb.xml").decode()
        modules = {name: archive.read(f"Basic/{addin.ADDIN_PROJECT_NAME}/{name}.xml").decode()
                   for name in re.findall(r'library:element library:name="([^"]+)"', library)}
        content = archive.read("content.xml").decode()
    assert set(modules) == MODULES
    assert 'script:moduleType="document"' in modules["ThisWorkbook"]
    assert not any(DEMO in source for source in modules.values())
    udfs = modules["xlwings_udfs"]
    for name in addin.FUNCTION_NAMES:
        assert re.search(rf"^Function {name}\(", udfs, re.M)
    golden = addin.VBA_MODULE_PATH.read_text(encoding="ascii").splitlines()[1:]  # no VB_Name
    body = re.search(r"Option VBASupport 1\n(.*)</script:module>", udfs, re.S).group(1)
    unescaped = (body.replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
                 .replace("&lt;", "<").replace("&gt;", ">"))
    assert unescaped.rstrip("\n").splitlines() == "\n".join(golden).rstrip("\n").splitlines()
    assert "预算绩效" in modules["ThisWorkbook"]  # decoded through code page 936
    assert f'table:name="{addin.CONF_SHEET}"' in content and "Interpreter" not in content
