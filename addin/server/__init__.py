"""The Office.js route: an xlwings Server project whose custom functions are :mod:`addin.udfs`.

This folder is an xlwings Server project (as ``xlwings-server init`` makes one), and every
file xlwings Server looks up in a project folder is perfscore's own:

* ``custom_functions`` re-exports the add-in's functions; ``custom_scripts`` is required, empty;
* ``templates/manifest.xml``: the add-in with a 预算绩效 group on the ribbon, icons and pages
  all served by this server; ``templates/taskpane.html`` with ``static/``: the Chinese task
  pane (:mod:`addin.server.pane`), which also works in a plain browser;
* ``routers/custom.py``: the pane's endpoint; ``auth/custom.py``: the optional shared token;
  ``lifespan.py``: at start-up, turns the token on and gives the templates their words;
* ``pyproject.toml``: the settings (bare function names, CORS origins, no socket.io).

xlwings Server serves ``POST /xlwings/custom-functions-call``, the function metadata and code,
``/manifest`` and ``/taskpane.html`` for Excel 2021/365 on Windows, Mac and the web.

The route is optional (``pip install perfscore[server]``) and uses xlwings PRO code, licensed
under PolyForm Noncommercial 1.0.0 (which permits use by government institutions) or a
commercial licence; the key goes into ``XLWINGS_LICENSE_KEY``. The classic route needs neither.
Nothing here imports xlwings, so the environment can be set up before xlwings is first imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from scoring.errors import MissingProgramError, PerfscoreError

#: The xlwings Server project folder (``XLWINGS_PROJECT_DIR``).
PROJECT_DIR = Path(__file__).resolve().parent

#: The ASGI application xlwings Server runs.
ASGI_APP = "xlwings_server.main:main_app"

#: The environment variable holding the optional shared token. When it is set, every request
#: that computes (custom function calls, the pane's endpoint) must carry
#: ``Authorization: Bearer <token>``; pages, icons and the manifest stay public because Excel
#: fetches them without headers.
TOKEN_ENV = "PERFSCORE_TOKEN"

#: The xlwings Server setting of the origins allowed to call the server cross-origin (CORS),
#: a JSON list. The project's default is none: the pane and the functions run on the server's
#: own origin and need no CORS. Add an origin only for a page served elsewhere that calls here.
ORIGINS_ENV = "XLWINGS_CORS_ALLOW_ORIGINS"

#: What a token may hold: printable ASCII without spaces. A browser refuses to send other
#: characters in a header, and the pane trims what is typed, so a token with a Chinese
#: character or a trailing space (``set PERFSCORE_TOKEN=abc `` keeps the space) could never
#: be entered.
TOKEN_PATTERN = re.compile(r"[\x21-\x7e]+")

#: The longest request body the pane's endpoint reads (bytes): a row's few cells, each at most
#: 32,767 characters, fit many times over; a longer body is refused (413) before it is parsed.
MAX_BODY = 2 * 2**20

#: The name of the token check among xlwings Server's auth providers (``auth/custom.py``).
TOKEN_PROVIDER = "custom"

#: Chinese messages of the launcher and the server (``str.format`` fields).
MESSAGES: dict[str, str] = {
    "no_server": "未安装 xlwings Server，请先运行：pip install \"perfscore[server]\"",
    "no_key": (
        "未设置环境变量 XLWINGS_LICENSE_KEY。Office.js 路线使用 xlwings PRO 代码："
        "政府机关等非商业用途可设置为 noncommercial（PolyForm Noncommercial 1.0.0），"
        "商业用途须购买许可证；经典（Windows 桌面 Excel）路线不需要密钥"
    ),
    "token_missing": (
        "本服务器要求访问令牌：请在“评分说明”任务窗格中填写管理员提供的访问令牌"
        "（请求头 Authorization: Bearer <令牌>），然后重新计算"
    ),
    "token_wrong": "访问令牌不正确：请向管理员核对后在“评分说明”任务窗格中重新填写",
    "bad_request": "请求内容应为 JSON 对象，包含 rule（评价要点）、actual（实际完成值）等字段",
    "too_large": "请求内容过长：一行指标的内容不会超过 2 MB，请检查所选的行",
    "bad_token": (
        "环境变量 PERFSCORE_TOKEN 的访问令牌无法在任务窗格中填写：令牌只能由英文字母、数字和英文符号"
        "组成，不能含空格（包括末尾的空格）、中文或全角字符。请改正后重新启动服务器"
    ),
}


def server_environment(namespace: str | None = None,
                       base: Mapping[str, str] | None = None,
                       origins: Sequence[str] | None = None) -> dict[str, str]:
    """The environment xlwings Server needs to serve this project.

    Args:
        namespace: Function namespace (``PERF`` gives ``=PERF.PERF_SCORE``); None keeps the
            project setting, which is bare names.
        base: The environment to start from; the current one by default.
        origins: Origins allowed to call the server cross-origin (``https://host:port``);
            None keeps ``XLWINGS_CORS_ALLOW_ORIGINS`` or, unset, the project's default (none).

    Returns:
        A new mapping: ``base`` plus the project folder, ``XLWINGS_ON_SERVER=true`` and the
        given settings. The token (:data:`TOKEN_ENV`) is read from ``base`` by the server.
    """
    env = dict(os.environ if base is None else base)
    env["XLWINGS_PROJECT_DIR"] = str(PROJECT_DIR)
    env["XLWINGS_ON_SERVER"] = "true"
    if namespace is not None:
        env["XLWINGS_FUNCTIONS_NAMESPACE"] = namespace
    if origins is not None:
        env[ORIGINS_ENV] = json.dumps(list(origins))
    return env


def check_ready(env: Mapping[str, str]) -> None:
    """Fail with a clear Chinese message when the extra or the licence key is missing.

    Raises:
        MissingProgramError: ``PS-E001`` when xlwings Server is not installed.
        PerfscoreError: ``PS-E002`` when ``XLWINGS_LICENSE_KEY`` is not set, ``PS-E005`` when
            the token cannot be typed (:func:`token_of`).
    """
    if importlib.util.find_spec("xlwings_server") is None:
        raise MissingProgramError(MESSAGES["no_server"])
    if not env.get("XLWINGS_LICENSE_KEY"):
        raise PerfscoreError(MESSAGES["no_key"], code="PS-E002")
    token_of(env)


def token_of(env: Mapping[str, str]) -> str | None:
    """The shared token ``env`` sets (:data:`TOKEN_ENV`), or None when it sets none (empty).

    Raises:
        PerfscoreError: ``PS-E005`` when the token holds anything but :data:`TOKEN_PATTERN`
            (the message never quotes the token).
    """
    token = env.get(TOKEN_ENV)
    if not token:
        return None
    if not TOKEN_PATTERN.fullmatch(token):
        raise PerfscoreError(MESSAGES["bad_token"], code="PS-E005")
    return token
