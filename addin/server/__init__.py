"""The Office.js route: an xlwings Server project whose custom functions are :mod:`addin.udfs`.

This folder is an xlwings Server project (as ``xlwings-server init`` makes one): the package
``custom_functions`` re-exports the add-in's functions, ``custom_scripts`` is required and
empty, and ``pyproject.toml`` holds the settings (bare function names by default). xlwings
Server serves ``POST /xlwings/custom-functions-call``, the function metadata and code, and
``/manifest`` for Excel 2021/365 on Windows, Mac and the web.

The route is optional (``pip install perfscore[server]``) and uses xlwings PRO code, licensed
under PolyForm Noncommercial 1.0.0 (which permits use by government institutions) or a
commercial licence; the key goes into ``XLWINGS_LICENSE_KEY``. The classic route needs neither.
Nothing here imports xlwings, so the environment can be set up before xlwings is first imported.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from pathlib import Path

from scoring.errors import MissingProgramError, PerfscoreError

#: The xlwings Server project folder (``XLWINGS_PROJECT_DIR``).
PROJECT_DIR = Path(__file__).resolve().parent

#: The ASGI application xlwings Server runs.
ASGI_APP = "xlwings_server.main:main_app"

#: Chinese messages of the launcher (``str.format`` fields).
MESSAGES: dict[str, str] = {
    "no_server": "未安装 xlwings Server，请先运行：pip install \"perfscore[server]\"",
    "no_key": (
        "未设置环境变量 XLWINGS_LICENSE_KEY。Office.js 路线使用 xlwings PRO 代码："
        "政府机关等非商业用途可设置为 noncommercial（PolyForm Noncommercial 1.0.0），"
        "商业用途须购买许可证；经典（Windows 桌面 Excel）路线不需要密钥"
    ),
}


def server_environment(namespace: str | None = None,
                       base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment xlwings Server needs to serve this project.

    Args:
        namespace: Function namespace (``PERF`` gives ``=PERF.PERF_SCORE``); None keeps the
            project setting, which is bare names.
        base: The environment to start from; the current one by default.

    Returns:
        A new mapping: ``base`` plus the project folder and ``XLWINGS_ON_SERVER=true``.
    """
    env = dict(os.environ if base is None else base)
    env["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    env["XLWINGS_ON_SERVER"] = "true"
    if namespace is not None:
        env["XLWINGS_FUNCTIONS_NAMESPACE"] = namespace
    return env


def check_ready(env: Mapping[str, str]) -> None:
    """Fail with a clear Chinese message when the extra or the licence key is missing.

    Raises:
        MissingProgramError: ``PS-E001`` when xlwings Server is not installed.
        PerfscoreError: ``PS-E002`` when ``XLWINGS_LICENSE_KEY`` is not set.
    """
    if importlib.util.find_spec("xlwings_server") is None:
        raise MissingProgramError(MESSAGES["no_server"])
    if not env.get("XLWINGS_LICENSE_KEY"):
        raise PerfscoreError(MESSAGES["no_key"], code="PS-E002")
