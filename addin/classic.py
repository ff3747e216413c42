"""The classic route's build artefacts, made on any OS with xlwings' own code.

Windows desktop Excel calls the functions through a VBA module (``xlwings_udfs``) that
"Import Functions" writes into the custom add-in. That import needs Excel, but the code that
writes the module does not: with the three Windows-only modules xlwings imports at the top of
``xlwings.udfs`` stubbed, :func:`xlwings.udfs.import_udfs` runs against a recording stand-in
for the workbook and yields exactly the VBA text and the Function Wizard descriptions that
Excel would receive. The VBA text is committed as a golden file (``xlwings_udfs.bas``) and a
test diffs it, so a changed signature cannot slip by without the add-in being rebuilt.

The same metadata lets tests call the functions the way the classic COM path converts their
arguments (:func:`call_classic`), and :func:`configure_xlam` turns the add-in that
``xlwings quickstart perfscore --addin`` copies into one that loads :data:`addin.UDF_MODULE`.

Run ``python -m addin.classic`` to rebuild both committed files, ``--check`` to compare only.
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

from . import ADDIN_PROJECT_NAME, CONF_SETTINGS, UDF_MODULE, VBA_MODULE_PATH, XLAM_PATH

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

#: The quickstart add-in sheet name before and after activation (xlwings' custom add-in docs:
#: "Activate the sheet config by renaming it from _myaddin.conf to myaddin.conf").
_INACTIVE_CONF = f"_{ADDIN_PROJECT_NAME}.conf"
_ACTIVE_CONF = f"{ADDIN_PROJECT_NAME}.conf"


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


def _shared_strings(xml: str) -> list[str]:
    """The plain texts of a sharedStrings part, in index order."""
    return [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<si>(.*?)</si>", xml, re.S)]


def _set_conf_value(sheet_xml: str, strings: list[str], key: str, value: str) -> str:
    """Put ``value`` into column B of the row whose column A holds ``key`` (case-insensitive)."""
    for match in re.finditer(r'<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet_xml):
        if strings[int(match.group(2))].upper() != key.upper():
            continue
        row = match.group(1)
        cell = f'<c r="B{row}" s="1" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        sheet_xml = re.sub(rf'<c r="B{row}"[^>]*/>|<c r="B{row}".*?</c>', "", sheet_xml)
        sheet_xml = sheet_xml.replace(match.group(0), match.group(0) + cell, 1)
        return re.sub(rf'(<row r="{row}" spans=")1:1"', r'\g<1>1:2"', sheet_xml)
    raise ValueError(f"the add-in's conf sheet has no {key!r} row")


def configure_xlam(source: Path) -> bytes:
    """The quickstart add-in at ``source`` with its settings sheet activated and filled.

    The sheet ``_myaddin.conf`` becomes ``myaddin.conf`` and gets :data:`addin.CONF_SETTINGS`.
    Only those XML parts change; ``vbaProject.bin`` and every other member are copied byte for
    byte, with their original timestamps, so the output is reproducible.
    """
    out = tempfile.SpooledTemporaryFile()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        strings = _shared_strings(zin.read("xl/sharedStrings.xml").decode("utf-8"))
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                if f'name="{_INACTIVE_CONF}"' not in text:
                    raise ValueError(f"{source} has no {_INACTIVE_CONF} sheet")
                data = text.replace(f'name="{_INACTIVE_CONF}"', f'name="{_ACTIVE_CONF}"').encode()
            elif info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for key, value in CONF_SETTINGS:
                    text = _set_conf_value(text, strings, key, value)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    out.seek(0)
    return out.read()


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
    """The committed classic-route files, freshly built: the add-in and the golden VBA."""
    vba, _ = import_functions()
    with tempfile.TemporaryDirectory() as workdir:
        xlam = configure_xlam(quickstart_xlam(Path(workdir)))
    return {XLAM_PATH: xlam, VBA_MODULE_PATH: vba.encode("utf-8")}


def _members(data: bytes) -> dict[str, bytes]:
    """Member name → content of a zip archive (compressed bytes may differ between zlibs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def main(argv: list[str] | None = None) -> int:
    """Rebuild ``perfscore.xlam`` and ``xlwings_udfs.bas``, or with ``--check`` compare them."""
    parser = argparse.ArgumentParser(prog="python -m addin.classic", description=__doc__)
    parser.add_argument("--check", action="store_true", help="只比较，不写文件；有差异时返回 1")
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
