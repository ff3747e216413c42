"""The perfscore Excel add-in: worksheet functions such as ``=PERF_SCORE()`` over :mod:`scoring`.

Two routes serve the same Python functions (:mod:`addin.udfs`):

* the classic route, Windows desktop Excel through xlwings' COM server and a custom add-in
  (``perfscore.xlam``, made by ``xlwings quickstart perfscore --addin``, BSD licence, no key);
* the Office.js route, Excel 2021/365 on Windows, Mac and the web through an xlwings Server
  project (:mod:`addin.server`, the optional ``perfscore[server]`` extra, xlwings PRO code).

This package module holds only plain data shared with the workbook writers, so importing it
never imports xlwings. See ``docs/addin.md``.
"""

from __future__ import annotations

from pathlib import Path

#: Folder of the add-in's data files (the .xlam, the golden VBA module).
ADDIN_DIR = Path(__file__).resolve().parent

#: The dotted module the add-in registers its worksheet functions from (``UDF MODULES``).
UDF_MODULE = "addin.udfs"

#: The worksheet functions, in the order the docs list them. Names are ASCII on purpose: the
#: VBA that registers them is read in the ANSI code page of a Chinese Windows.
FUNCTION_NAMES: tuple[str, ...] = (
    "PERF_SCORE",
    "PERF_TARGET_MET",
    "PERF_COMPLETION",
    "PERF_TOTAL",
    "PERF_GRADE",
    "PERF_BONUS",
    "PERF_EXPLAIN",
    "PERF_PROJECT_SCORE",
    "PERF_PROJECT_UNREAD",
    "PERF_EXECUTION",
)

#: The add-in's project name: its VBA project's name and xlwings' ``PROJECT_NAME`` constant (the
#: quickstart's ``myaddin`` is replaced when the add-in is built). The add-in reads its settings
#: from a sheet of this name plus ``.conf`` (in the active workbook first, then in the add-in),
#: then from the user config file ``%USERPROFILE%\.perfscore\perfscore.conf``.
ADDIN_PROJECT_NAME = "perfscore"

#: Name of the settings sheet the add-in looks for, in its own file and in user workbooks.
CONF_SHEET = f"{ADDIN_PROJECT_NAME}.conf"

#: Settings rows (column A key, column B value) of that sheet. The add-in variant of the
#: templates carries exactly these rows, so a workbook finds the functions even when the user's
#: add-in copy was configured differently. Nothing else is on either sheet: a key on a sheet,
#: even empty, hides the user config file, where the interpreter and paths belong.
CONF_SETTINGS: tuple[tuple[str, str], ...] = (("UDF Modules", UDF_MODULE),)

#: The custom add-in committed in this folder.
XLAM_PATH = ADDIN_DIR / "perfscore.xlam"

#: The VBA module ``xlwings_udfs`` that "Import Functions" writes into the add-in (golden file).
VBA_MODULE_PATH = ADDIN_DIR / "xlwings_udfs.bas"
