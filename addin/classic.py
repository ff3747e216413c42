"""The classic route's build artefacts, made on any OS with xlwings' own code.

Windows desktop Excel calls the functions through a VBA module (``xlwings_udfs``) that
"Import Functions" writes into the custom add-in. That import needs Excel, but the code that
writes the module does not: with the three Windows-only modules xlwings imports at the top of
``xlwings.udfs`` stubbed, :func:`xlwings.udfs.import_udfs` runs against a recording stand-in
for the workbook and yields exactly the VBA text and the Function Wizard descriptions that
Excel would receive. The VBA text is committed as a golden file (``xlwings_udfs.bas``, CRLF
line ends as the VBA editor exports) and a test diffs it, so a changed signature cannot slip by
without the add-in being rebuilt.

:func:`build_xlam` then builds the add-in itself from the one ``xlwings quickstart perfscore
--addin`` copies: its VBA project is written from source (:mod:`addin.vba_project`) with
xlwings' runtime modules, the golden module and the code that registers the Insert Function
texts on open, and its settings sheet holds only :data:`addin.CONF_SETTINGS`. So the functions
work as soon as the add-in is installed; nobody has to run "Import Functions" in Excel.

The same metadata lets tests call the functions the way the classic COM path converts their
arguments (:func:`call_classic`).

Run ``python -m addin.classic --build`` (or without arguments) to rebuild both committed files,
``--check`` to compare only. Building needs ``olefile`` (the ``test`` extra) to read the
quickstart project.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
import types
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlwings as xw
from xlwings import conversion

from . import ADDIN_PROJECT_NAME, CONF_SETTINGS, UDF_MODULE, VBA_MODULE_PATH, XLAM_PATH, vba_project

#: What COM passes for an omitted optional argument (DISP_E_PARAMNOTFOUND).
COM_MISSING = -2147352572

#: Cell error values as COM passes them (ints) and as xlwings shows them with ``err_to_str``.
COM_CELL_ERRORS: dict[int, str] = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}

#: Runtime modules of the quickstart add-in that the add-in keeps, besides the document modules
#: of its workbook and settings sheet (the demo module ``Module1`` is left out).
RUNTIME_MODULES = ("Dictionary", "xlwings")

#: The module "Import Functions" writes (``Attribute VB_Name`` of the golden file).
UDF_VBA_MODULE = "xlwings_udfs"

#: PROJECTVERSION of the quickstart project (its ``dir`` stream), kept as it was.
QUICKSTART_VERSION = (0x61EEF79F, 3)

#: The project's type library references: OLE Automation, as in every new VBA project, and the
#: Office library, with the path xlwings' quickstart project names. (Its MSForms reference is
#: left out: no module uses a form.) VBA finds a library by GUID and version; the path is a hint.
REFERENCES = (
    vba_project.Reference("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
                          r"C:\Windows\System32\stdole2.tlb#OLE Automation"),
    vba_project.Reference("Office", r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
                          r"C:\Program Files (x86)\Common Files\Microsoft Shared\OFFICE16"
                          r"\MSO.DLL#Microsoft Office 16.0 Object Library"),
)

#: Code page of the add-in's VBA project (PROJECTCODEPAGE): GBK, the ANSI code page of a Chinese
#: Windows, so the Insert Function texts can be plain Chinese literals. Every other module is
#: ASCII and reads the same in any code page; only those texts would be garbled on a Windows
#: whose ANSI code page is not 936 (docs/addin.md, 设计决定).
CODE_PAGE = 936

#: Timestamp of every member of the built add-in (the zip epoch), for byte-identical builds.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

#: The project name of xlwings' quickstart add-in, which the build replaces with
#: :data:`addin.ADDIN_PROJECT_NAME` (xlwings' custom add-in docs: change ``PROJECT_NAME`` in the
#: ``xlwings`` module and the VBA project's name, and activate the settings sheet by renaming it
#: from ``_myaddin.conf``).
QUICKSTART_PROJECT_NAME = "myaddin"
_INACTIVE_CONF = f"_{QUICKSTART_PROJECT_NAME}.conf"
_ACTIVE_CONF = f"{ADDIN_PROJECT_NAME}.conf"
#: The constant in the ``xlwings`` module that names the settings sheet and user config file.
_PROJECT_NAME_CONSTANT = 'Public Const PROJECT_NAME As String = "{name}"'


def _renamed(xlwings_source: str) -> str:
    """The ``xlwings`` module with ``PROJECT_NAME`` set to :data:`addin.ADDIN_PROJECT_NAME`."""
    old = _PROJECT_NAME_CONSTANT.format(name=QUICKSTART_PROJECT_NAME)
    if xlwings_source.count(old) != 1:
        raise ValueError(f"the quickstart xlwings module has no single {old!r}")
    return xlwings_source.replace(old, _PROJECT_NAME_CONSTANT.format(name=ADDIN_PROJECT_NAME))


class _ComError(Exception):
    """Stand-in for ``pywintypes.com_error``."""


@contextlib.contextmanager
def _windows_modules() -> Iterator[types.ModuleType]:
    """Import ``xlwings.udfs`` with its Windows-only imports stubbed; undo everything after."""
    stubs = {
        "pythoncom": types.SimpleNamespace(CoInitialize=lambda: None),
        "pywintypes": types.SimpleNamespace(com_error=_ComError),
        "win32com": types.ModuleType("win32com"),
        "win32com.client": types.SimpleNamespace(Dispatch=lambda obj: obj),
    }
    names = list(stubs) + ["xlwings.udfs"]
    saved = {name: sys.modules[name] for name in names if name in sys.modules}
    sys.modules.update(stubs)  # type: ignore[arg-type]
    sys.modules.pop("xlwings.udfs", None)
    try:
        import xlwings.udfs as classic

        yield classic
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        if "xlwings.udfs" not in saved and hasattr(xw, "udfs"):
            delattr(xw, "udfs")


def load_classic_udfs() -> types.ModuleType:
    """A fresh copy of :mod:`addin.udfs` decorated by xlwings' classic COM decorators.

    ``xw.func/arg/ret`` are rebound to ``xlwings.udfs.xlfunc/xlarg/xlret`` while the copy is
    executed, as on Windows, so each function carries the ``__xlfunc__`` metadata that
    "Import Functions" and the COM server read. The copy is not registered in ``sys.modules``.
    """
    with _windows_modules() as classic:
        saved = (xw.func, xw.arg, xw.ret)
        xw.func, xw.arg, xw.ret = classic.xlfunc, classic.xlarg, classic.xlret
        try:
            spec = importlib.util.find_spec(UDF_MODULE)
            assert spec is not None and spec.origin is not None
            copy = importlib.util.spec_from_file_location(UDF_MODULE, spec.origin)
            assert copy is not None and copy.loader is not None
            module = importlib.util.module_from_spec(copy)
            copy.loader.exec_module(module)
        finally:
            xw.func, xw.arg, xw.ret = saved
    return module


@dataclass
class _RecordingWorkbook:
    """The parts of an Excel COM workbook that ``import_udfs`` touches, recording its calls."""

    Name: str = "perfscore.xlam"
    vba: str = ""
    macro_options: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        book = self

        class Components:
            def __call__(self, name: str) -> str:
                raise _ComError(f"no component {name}")  # the add-in has no module yet

            def Remove(self, component: str) -> None:  # noqa: N802 - COM name
                """Never reached: looking the old module up fails first, as in a new add-in."""

            def Import(self, path: str) -> None:  # noqa: N802 - COM name
                book.vba = Path(path).read_text(encoding="utf-8")

        def macro_options(macro: str, **options: Any) -> None:
            book.macro_options.append({"Macro": macro, **options})

        self.VBProject = types.SimpleNamespace(VBComponents=Components())
        self.Application = types.SimpleNamespace(Version="16.0", MacroOptions=macro_options)


def import_functions() -> tuple[str, list[dict[str, Any]]]:
    """Run xlwings' "Import Functions" for :data:`addin.UDF_MODULE` against a recording add-in.

    Returns:
        The VBA module text Excel would import, and the ``Application.MacroOptions`` calls
        (function description, category and argument descriptions for the Function Wizard).
    """
    module = load_classic_udfs()
    with _windows_modules() as classic:
        classic.udf_modules[UDF_MODULE] = {"filename": module.__file__, "filetime": None,
                                           "module": module}
        classic.__pro__ = False  # the classic route is the BSD one, whatever key is installed
        book = _RecordingWorkbook()
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            classic.import_udfs(UDF_MODULE, book)
    return book.vba, book.macro_options


def _clean_cell(value: Any, options: dict[str, Any]) -> Any:
    """One cell as xlwings' Windows engine cleans it (``_xlwindows._clean_value_data_element``)."""
    if value in ("", None):
        return options.get("empty")
    if isinstance(value, int) and not isinstance(value, bool) and value in COM_CELL_ERRORS:
        return COM_CELL_ERRORS[value] if options.get("err_to_str") else None
    return value


class _ComEngine:
    """The conversion half of xlwings' Windows engine, for :func:`call_classic`."""

    @staticmethod
    def clean_value_data(data: list[list[Any]], datetime_builder: Any, empty_as: Any,
                         number_builder: Any, err_to_str: bool) -> list[list[Any]]:
        """Clean a 2-D block of cell values; dates and number builders are not used here."""
        options = {"empty": empty_as, "err_to_str": err_to_str}
        return [[_clean_cell(value, options) for value in row] for row in data]


def _read_argument(value: Any, options: dict[str, Any]) -> Any:
    """An argument through xlwings' own reader pipeline, as ``xlwings.udfs.call_udf`` does."""
    pipeline = conversion.accessors.get(options.get("convert"), options.get("convert"))
    ctx = conversion.ConversionContext.__new__(conversion.ConversionContext)
    ctx.range, ctx.value, ctx.source_value, ctx.meta = None, value, value, {}
    ctx.engine = types.SimpleNamespace(impl=_ComEngine())
    pipeline.reader(options)(ctx)
    return ctx.value


def call_classic(function: Callable[..., Any], *com_args: Any) -> Any:
    """Call a classic-decorated function with arguments as COM delivers them.

    Args:
        function: A function of :func:`load_classic_udfs`.
        com_args: One per parameter: a scalar (float, str, bool, None), a range as a tuple of
            row tuples (COM's 2-D ``SAFEARRAY``; empty cells None, error cells the ints of
            :data:`COM_CELL_ERRORS`), or :data:`COM_MISSING` for an omitted optional argument.

    Returns:
        The function's return value, before xlwings writes it to the cell.
    """
    infos = function.__xlfunc__["args"]
    args = []
    for value, info in zip(com_args, infos):
        if isinstance(value, int) and value == COM_MISSING:
            args.append(info.get("optional"))
        else:
            args.append(_read_argument(value, info["options"]))
    return function(*args)


def _vba_string(text: str) -> str:
    """``text`` as a VBA string literal (a quote is doubled; no other escapes exist)."""
    return '"' + text.replace('"', '""') + '"'


def registration_vba(options: list[dict[str, Any]]) -> str:
    """ThisWorkbook code that gives each function its Insert Function texts when the add-in opens.

    It makes the same ``Application.MacroOptions`` calls as xlwings' "Import Functions"
    (:func:`import_functions` records them), naming the macros by ``ThisWorkbook.Name`` so a
    renamed file still works. The Chinese texts are plain string literals: the project is stored
    in code page 936 (:data:`CODE_PAGE`). A failing call leaves that function without
    descriptions, never the add-in unopened: the calls run under ``On Error Resume Next``, as
    xlwings ignores errors there.
    """
    categories = {option["Category"] for option in options}
    if len(categories) != 1:
        raise ValueError(f"the functions should share one Insert Function category: {categories}")
    lines = [
        "",
        "'perfscore: the Insert Function texts of the worksheet functions (category,",
        "'descriptions), registered on open as xlwings' ImportPythonUDFsToAddin does.",
        "'Generated by python -m addin.classic; changes will be lost with the next build.",
        "Private Sub Workbook_Open()",
        "    RegisterFunctions",
        "    ThisWorkbook.Saved = True",
        "End Sub",
        "",
        "Private Sub RegisterFunctions()",
        "    Dim category As String",
        f"    category = {_vba_string(categories.pop())}",
        "    On Error Resume Next",
    ]
    for option in options:
        name = option["Macro"].rsplit("!", 1)[1]
        arguments = ", _\n        ".join(map(_vba_string, option["ArgumentDescriptions"]))
        lines += [
            f"    Application.MacroOptions Macro:=\"'\" & ThisWorkbook.Name & \"'!{name}\", _",
            f"        Description:={_vba_string(option['Description'])}, _",
            "        Category:=category, _",
            f"        ArgumentDescriptions:=Array({arguments})",
        ]
    lines.append("End Sub")
    return _crlf("\n".join(lines) + "\n")


def _crlf(text: str) -> str:
    """``text`` with every line ending in CRLF, as the VBA editor stores and exports modules."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _project_properties(project_stream: str) -> dict[str, str]:
    """``KEY=value`` lines of a PROJECT stream (MS-OVBA 2.3.1) before its first section."""
    properties = {}
    for line in project_stream.split("[", 1)[0].splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "Name", "CMG", "DPB", "GC", "VersionCompatible32"):
            properties[key] = value.strip('"')
    return properties


def _project_kinds(project_stream: str) -> dict[str, vba_project.ModuleKind]:
    """Module name → kind, from the ``Document=``/``Class=``/``Module=`` lines (2.3.1.3)."""
    kinds = {}
    for line in project_stream.splitlines():
        key, _, value = line.partition("=")
        for kind in vba_project.ModuleKind:
            if key == kind.value:
                kinds[value.split("/", 1)[0]] = kind
    return kinds


def addin_project(quickstart_vba: bytes, udfs_vba: str, options: list[dict[str, Any]]) -> bytes:
    """The add-in's ``vbaProject.bin``: the quickstart's runtime modules plus the functions.

    Kept from the quickstart project (read with ``olefile``, a dependency of the ``test`` extra):
    its ID with the matching protection fields and version, and the sources of
    :data:`RUNTIME_MODULES` and of the document modules (workbook, settings sheet); the
    registration code of :func:`registration_vba` is appended to ``ThisWorkbook`` and
    ``PROJECT_NAME`` in ``xlwings`` becomes :data:`addin.ADDIN_PROJECT_NAME`, the project's name. Added: the
    module ``xlwings_udfs`` with ``udfs_vba``. Left out: the demo module ``Module1``. Every
    source gets CRLF line ends.
    """
    import olefile  # only the build reads an existing project; importing classic never needs it

    with olefile.OleFileIO(io.BytesIO(quickstart_vba)) as ole:
        text = ole.openstream("PROJECT").read().decode("cp1252")
        streams = {path[1]: ole.openstream(path).read() for path in ole.listdir()
                   if path[0] == "VBA" and len(path) == 2}
    properties = _project_properties(text)
    sources = vba_project.read_sources(streams.pop("dir"), streams)
    modules = []
    for name, kind in _project_kinds(text).items():
        if kind is vba_project.ModuleKind.DOCUMENT or name in RUNTIME_MODULES:
            source = _crlf(sources[name])
            if name == "ThisWorkbook":
                if re.search(r"^\s*(Public |Private )?Sub (Workbook_Open|RegisterFunctions)\b",
                             source, re.M | re.I):  # a second one would not compile
                    raise ValueError("the quickstart ThisWorkbook already has Workbook_Open")
                source += registration_vba(options)
            elif name == "xlwings":
                source = _renamed(source)
            modules.append(vba_project.Module(name, kind, source))
    modules.append(vba_project.Module(UDF_VBA_MODULE, vba_project.ModuleKind.STANDARD,
                                      _crlf(udfs_vba)))
    return vba_project.write(vba_project.Project(
        name=ADDIN_PROJECT_NAME, project_id=properties["ID"],
        protection=(properties["CMG"], properties["DPB"], properties["GC"]),
        version=QUICKSTART_VERSION, version_compatible=properties["VersionCompatible32"],
        references=REFERENCES, modules=tuple(modules), code_page=CODE_PAGE))


def _conf_parts(sheet_xml: str) -> tuple[str, str]:
    """The settings sheet holding exactly :data:`addin.CONF_SETTINGS`, and its shared strings.

    xlwings' ``GetConfig`` returns the sheet's value whenever a key is on the sheet, even an
    empty one, so any other row would hide the user's config file for that key.
    """
    strings = [text for pair in CONF_SETTINGS for text in pair]
    rows = "".join(
        f'<row r="{row}" spans="1:2"><c r="A{row}" s="1" t="s"><v>{2 * row - 2}</v></c>'
        f'<c r="B{row}" s="1" t="s"><v>{2 * row - 1}</v></c></row>'
        for row in range(1, len(CONF_SETTINGS) + 1))
    sheet_xml, count = re.subn(r"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>",
                               sheet_xml, flags=re.S)
    sheet_xml = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{len(CONF_SETTINGS)}"',
                       sheet_xml)
    if count != 1:
        raise ValueError("the quickstart settings sheet has no sheetData")
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    return sheet_xml, shared


def build_xlam(source: Path, udfs_vba: str, options: list[dict[str, Any]]) -> bytes:
    """The add-in: the quickstart add-in at ``source`` with its VBA project and settings rebuilt.

    ``_myaddin.conf`` is activated as ``perfscore.conf`` with only :data:`addin.CONF_SETTINGS`;
    ``vbaProject.bin`` comes from :func:`addin_project`; every other member is copied. Members
    keep their order and all get :data:`ZIP_DATE`, so the same inputs give the same bytes (the
    deflated bytes could differ only between zlib versions).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        sheet, shared = _conf_parts(zin.read("xl/worksheets/sheet1.xml").decode("utf-8"))
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/workbook.xml":
                text = data.decode("utf-8")
                if f'name="{_INACTIVE_CONF}"' not in text:
                    raise ValueError(f"{source} has no {_INACTIVE_CONF} sheet")
                data = text.replace(f'name="{_INACTIVE_CONF}"', f'name="{_ACTIVE_CONF}"').encode()
            elif name == "xl/worksheets/sheet1.xml":
                data = sheet.encode("utf-8")
            elif name == "xl/sharedStrings.xml":
                data = shared.encode("utf-8")
            elif name == "xl/vbaProject.bin":
                data = addin_project(data, udfs_vba, options)
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            zout.writestr(info, data)
    return out.getvalue()


def quickstart_xlam(workdir: Path) -> Path:
    """Run ``xlwings quickstart perfscore --addin`` in ``workdir``; return the add-in it made."""
    subprocess.run([sys.executable, "-m", "xlwings.cli", "quickstart", "perfscore", "--addin"],
                   cwd=workdir, check=True, capture_output=True)
    return workdir / "perfscore" / "perfscore.xlam"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)


def build() -> dict[Path, bytes]:
    """The committed classic-route files, freshly built: the add-in and the golden VBA (CRLF)."""
    vba, options = import_functions()
    with tempfile.TemporaryDirectory() as workdir:
        xlam = build_xlam(quickstart_xlam(Path(workdir)), vba, options)
    return {XLAM_PATH: xlam, VBA_MODULE_PATH: _crlf(vba).encode("ascii")}


def _members(data: bytes) -> dict[str, bytes]:
    """Member name → content of a zip archive (compressed bytes may differ between zlibs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main(argv: list[str] | None = None) -> int:
    """Rebuild ``perfscore.xlam`` and ``xlwings_udfs.bas``, or with ``--check`` compare them."""
    parser = argparse.ArgumentParser(prog="python -m addin.classic", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--build", action="store_true", help="重新生成并写入（默认）")
    mode.add_argument("--check", action="store_true", help="只比较，不写文件；有差异时返回 1")
    args = parser.parse_args(argv)
    stale = []
    for path, data in build().items():
        current = path.read_bytes() if path.exists() else b""
        if path.suffix == ".xlam" and current:
            same = _members(current) == _members(data)
        else:
            same = current == data
        if same:
            continue
        stale.append(path)
        if not args.check:
            _write_atomically(path, data)
    for path in stale:
        print(f"{'已过期' if args.check else '已重新生成'}：{path}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
