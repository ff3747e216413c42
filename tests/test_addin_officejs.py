"""The same worksheet functions on the Office.js route (xlwings Server, the ``server`` extra).

Office.js calls need xlwings' PRO code, which reads ``XLWINGS_LICENSE_KEY`` and
``XLWINGS_ON_SERVER`` when xlwings is first imported. The pytest process has imported xlwings
long before, so the calls run in a fresh Python process set up exactly as the server sets
itself up (:func:`addin.server.server_environment`): one process for all in-process cases.

Two real servers run on 127.0.0.1 (``python -m addin.server``, stopped at the end): one as the
launcher starts it by default, one with a shared token and an allowed CORS origin. The tests
fetch the manifest (perfscore's 预算绩效 group, no demo entries, every URL the server's own and
served), the icons, the task pane and every file it loads, and check CORS and the token. Headless
Chromium (Debian ``chromium``; skipped where missing, except in CI) opens the pane without Office
and renders the screenshot in docs/images/addin_taskpane.png.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

# Looked up, not imported: importing xlwings_server sets XLWINGS_ON_SERVER in this process.
if importlib.util.find_spec("xlwings_server") is None:
    pytest.skip("the server extra (perfscore[server]) is not installed", allow_module_level=True)

import xlwings  # noqa: E402

import addin  # noqa: E402
from addin.server import MESSAGES, ORIGINS_ENV, PROJECT_DIR, TOKEN_ENV, pane  # noqa: E402
from addin.server import server_environment  # noqa: E402
from addin.server.__main__ import build_parser  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

FILE_RATE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
BONUS = ("受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分，得到市级考核一等奖加 1 分，"
         "得到市级考核二等奖加 0.5 分；同一项工作不累计加分")
#: An error cell as Excel sends it to a function whose metadata has allowErrorForDataTypeAny
#: (xlwings/pro/udfs_officejs.py); err_to_str turns it into "#N/A" (xlwings/pro/_xlofficejs.py).
NA = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
NAME = {"type": "Error", "basicValue": "#NAME?", "errorType": "Name"}
SUBTOTALS = [[14.5], [19.5], [30], [30], [5]]


def error_text(name, shown):
    """The cell text of an argument holding an error value (PS-V005)."""
    return f"#PS-V005 参数 {name} 的单元格是错误值“{shown}”，请先修正该单元格或它引用的单元格"


#: Runs payloads through xlwings.server.custom_functions_call against the project's package.
WORKER = """
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import custom_functions
import xlwings.server
request = json.load(sys.stdin)
async def main():
    results = [await xlwings.server.custom_functions_call(p, custom_functions)
               for p in request["calls"]]
    return {"results": results, "meta": xlwings.server.custom_functions_meta(custom_functions)}
print(json.dumps(asyncio.run(main()), ensure_ascii=False))
"""


def payload(func_name, *args):
    """The body Excel's Office.js runtime posts: each argument a 2-D list, omitted ones null."""
    return {"func_name": func_name, "args": list(args), "caller_address": "Sheet1!G7",
            "formula_name": func_name, "version": xlwings.__version__, "runtime": "1.4",
            "culture_info_name": "zh-CN", "date_format": "yyyy/m/d", "client": "Office.js"}


def server_env():
    """The server's environment with the noncommercial key (PolyForm Noncommercial), and no
    token or CORS origin this shell may have set."""
    env = server_environment(base={**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"})
    env.pop(TOKEN_ENV, None)
    env.pop(ORIGINS_ENV, None)
    return env


CASES = [
    (payload("PERF_SCORE", [[0.97]], [[FILE_RATE]], None), [[8.0]]),
    (payload("PERF_SCORE", [["９７％"]], [[FILE_RATE]], [[10]]), [[8.0]]),  # ints stay int
    # Empty actual values: as the engine, 0 / FALSE / 0 (Office.js may also send 0 for empty).
    (payload("PERF_SCORE", [[None]], [[FILE_RATE]], None), [[0.0]]),
    (payload("PERF_SCORE", [[""]], [[FILE_RATE]], None), [[0.0]]),
    (payload("PERF_TARGET_MET", [[""]], [["≥99%"]]), [[False]]),
    (payload("PERF_COMPLETION", [[None]], [["≥95%"]]), [[0.0]]),
    (payload("PERF_TARGET_MET", [[0.995]], [["≥99%"]]), [[True]]),
    (payload("PERF_COMPLETION", [[1.25]], [["≤100%"]]), [[0.8]]),
    (payload("PERF_TOTAL", [[14.5], [19.5], [30], [30], [5]], None, [[1]]), [[98.0]]),
    (payload("PERF_TOTAL", [[14.5, ""], [19.5, None], [30, 30], [5, ""]], [[7]], None), [[100.0]]),
    (payload("PERF_GRADE", [[99]]), [["优秀"]]),
    (payload("PERF_BONUS", [["公文办理", "受到国务院嘉奖"], ["公文办理", "受到省级嘉奖"],
                            ["会议保障", "得到市级考核二等奖"]], [[BONUS]]), [[3.5]]),
    # One row is a list of award names, each its own piece of work (3 + 2).
    (payload("PERF_BONUS", [["受到国务院嘉奖", "受到省级嘉奖"]], [[BONUS]]), [[5.0]]),
    (payload("PERF_BONUS", [["受到省级嘉奖", ""]], [[BONUS]]), [[2.0]]),
    # Error values in any argument: PS-V005 naming it.
    (payload("PERF_SCORE", [[NA]], [[FILE_RATE]], None), [[error_text("actual", "#N/A")]]),
    (payload("PERF_SCORE", [[0.97]], [[NA]], None), [[error_text("rule", "#N/A")]]),
    (payload("PERF_SCORE", [[0.97]], [[FILE_RATE]], [[NA]]), [[error_text("points", "#N/A")]]),
    (payload("PERF_EXPLAIN", [[NAME]], None), [[error_text("rule", "#NAME?")]]),
    (payload("PERF_BONUS", [[NA], ["受到省级嘉奖"]], [[BONUS]]), [[error_text("awards", "#N/A")]]),
    (payload("PERF_TOTAL", [[14.5], [NA]], None, None), [[error_text("scores", "#N/A")]]),
    # Bonus never negative; a penalty typed as −3 deducts 3 (99 + 0.5 − 3).
    (payload("PERF_TOTAL", SUBTOTALS, [[-3]], None),
     [["#PS-V004 加分 -3 为负数：加分应不小于 0，扣分请填在减分项"]]),
    (payload("PERF_TOTAL", SUBTOTALS, [[0.5]], [[-3]]), [[96.5]]),
    (payload("PERF_TOTAL", SUBTOTALS, [[0.5]], [[3]]), [[96.5]]),
]


@pytest.fixture(scope="module")
def officejs():
    """Results and metadata of every case, from one fresh Office.js-flavoured process."""
    calls = [case for case, _ in CASES] + [
        payload("PERF_SCORE", [[0.9], [0.8]], [[FILE_RATE]], None),
        payload("PERF_TOTAL", [[14.5], ["优秀"]], None, None),
        payload("PERF_EXPLAIN", [[FILE_RATE]], None),
    ]
    done = subprocess.run([sys.executable, "-c", WORKER, str(PROJECT_DIR)], env=server_env(),
                          input=json.dumps({"calls": calls}), capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_call_as_excel_sends_it(officejs, index):
    assert officejs["results"][index] == CASES[index][1]


def test_errors_and_explanations_are_cell_text(officejs):
    range_error, word_error, explanation = officejs["results"][len(CASES):]
    assert range_error[0][0].startswith("#PS-A001 ")
    assert word_error[0][0].startswith("#PS-A002 ")
    assert "每降低5%扣2分" in explanation[0][0]


def test_metadata_lists_the_same_functions_with_chinese_help(officejs):
    functions = {f["name"]: f for f in officejs["meta"]["functions"]}
    assert set(functions) == set(addin.FUNCTION_NAMES)
    score = functions["PERF_SCORE"]
    assert [p["name"] for p in score["parameters"]] == ["actual", "rule", "points", "policies"]
    assert [p.get("optional", False) for p in score["parameters"]] == [False, False, True, True]
    assert "得分" in score["description"] and "实际完成值" in score["parameters"][0]["description"]


# --- The server on loopback: manifest, pane, static files, CORS, token ---------------------

#: The origin the guarded server allows cross-origin, and one nobody configured.
ALLOWED_ORIGIN = "https://oos.bureau.example"
OTHER_ORIGIN = "https://elsewhere.example"
#: The guarded server's shared token.
TOKEN = "bureau-shared-token-2024"
#: A qualitative item of the seed: answered 达成 / 部分达成 / 未达成 (the screenshot's example).
CONTROL = "内控机制有效执行，得1分。"
#: What the manifest's demo ribbon of xlwings Server said.
DEMO_WORDS = ("MyGroup", "MyTab", "Hello World", "Show Taskpane", "hello-ribbon", "xlwings.org")
SCREENSHOT = ROOT / "docs" / "images" / "addin_taskpane.png"
#: Set to write the rendered pane over the committed screenshot (then look at it).
WRITE_IMAGES = "PERFSCORE_WRITE_IMAGES"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Chromium renders the pane; skipped where it is missing, except in CI (which installs it).
needs_chromium = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                    reason="chromium is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, *, method: str = "GET", body: object = None,
          headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """(status, headers, body) of one request; HTTP errors are answers too."""
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


@contextmanager
def running_server(*options: str, token: str | None = None) -> Iterator[str]:
    """``python -m addin.server`` on a free port of 127.0.0.1 (its default host); yields the
    base URL once the server answers, and stops the server afterwards."""
    port = _free_port()
    env = server_env()
    if token is not None:
        env[TOKEN_ENV] = token
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([sys.executable, "-m", "addin.server", "--port", str(port),
                                   *options], env=env, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    fetch(f"{base}/")
                    break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        pytest.fail("the server did not start:\n" + log.read().decode(errors="replace"))
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The server as the launcher starts it by default: no token, no extra CORS origin."""
    with running_server() as base:
        yield base


@pytest.fixture(scope="module")
def guarded_server() -> Iterator[str]:
    """The server with a shared token and one allowed cross-origin caller."""
    with running_server("--allow-origin", ALLOWED_ORIGIN, token=TOKEN) as base:
        yield base


def local(name: str) -> str:
    """The local name of an XML element (``{namespace}Label`` → ``Label``)."""
    return name.rsplit("}", 1)[-1]


def manifest_urls(root: ElementTree.Element) -> list[str]:
    """Every URL the manifest names (attribute values and texts; namespaces are not values)."""
    return [value.strip() for element in root.iter()
            for value in (element.text, *element.attrib.values())
            if value and re.match(r"\s*https?://", value)]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG image (from its IHDR chunk)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_launcher_binds_to_loopback_by_default():
    assert build_parser().parse_args([]).host == "127.0.0.1"


def test_server_on_loopback_answers_a_custom_function_call(server):
    status, _, body = fetch(f"{server}/xlwings/custom-functions-meta")
    assert status == 200
    assert {f["name"] for f in json.loads(body)["functions"]} == set(addin.FUNCTION_NAMES)
    status, _, body = fetch(f"{server}/xlwings/custom-functions-call", method="POST",
                            body=payload("PERF_SCORE", [[0.97]], [[FILE_RATE]], None))
    assert (status, json.loads(body)) == (200, {"result": [[8.0]]})


def test_manifest_is_perfscores_own(server):
    """The 预算绩效 group with Chinese buttons, no demo entries, every URL this server's."""
    status, _, body = fetch(f"{server}/manifest")
    assert status == 200
    text = body.decode()
    assert not [word for word in DEMO_WORDS if word in text]
    assert "Functions.Namespace" not in text  # bare names: =PERF_SCORE()
    root = ElementTree.fromstring(body)
    strings = {element.get("id"): element.get("DefaultValue")
               for element in root.iter() if local(element.tag) == "String"}
    groups = [element for element in root.iter() if local(element.tag) == "Group"]
    assert len(groups) == 1
    label = next(child for child in groups[0] if local(child.tag) == "Label")
    assert strings[label.get("resid")] == "预算绩效" == pane.RIBBON_LABELS["group"]
    buttons = [element for element in groups[0] if local(element.tag) == "Control"]
    assert [strings[next(c for c in button if local(c.tag) == "Label").get("resid")]
            for button in buttons] == ["评分说明", "重新计算"]
    actions = [element for element in root.iter() if local(element.tag) == "FunctionName"]
    assert [action.text for action in actions] == [pane.RECALCULATE_ACTION]
    # The pane (the button's function file) associates that action with recalculation.
    assert f'"recalculateAction": "{pane.RECALCULATE_ACTION}"' in \
        fetch(f"{server}/taskpane.html")[2].decode()
    assert "Office.actions.associate(cfg.recalculateAction" in \
        fetch(f"{server}/static/js/perfscore-pane.js")[2].decode()
    urls = manifest_urls(root)
    assert urls and all(url == server or url.startswith(server + "/") for url in urls), urls
    for url in sorted(set(urls)):  # icons, pane, functions: all served here
        assert fetch(url)[0] == 200, url


def test_manifest_behind_an_https_proxy_names_only_the_servers_https_address(server):
    https = server.replace("http://", "https://")
    _, _, body = fetch(f"{server}/manifest", headers={"X-Forwarded-Proto": "https"})
    urls = manifest_urls(ElementTree.fromstring(body))
    assert urls and all(url == https or url.startswith(https + "/") for url in urls), urls
    assert all(url == https or url.startswith(https + "/")
               for url in re.findall(r"https://[^\s\"<]+", body.decode()))


def test_icons_are_served_pngs_of_their_sizes(server):
    for size, path in pane.ICON_PATHS.items():
        status, headers, body = fetch(f"{server}/static{path}")
        assert (status, headers["Content-Type"]) == (200, "image/png")
        assert png_size(body) == (size, size)
        assert "no-store" not in (headers["Cache-Control"] or "")  # Office caches ribbon icons
    status, _, body = fetch(f"{server}/favicon.ico")
    assert status == 200 and png_size(body) == (32, 32)


class _Resources(HTMLParser):
    """The files a page loads: ``src`` of scripts and images, ``href`` of links."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "src" or (tag == "link" and name == "href")):
                self.urls.append(value)


def test_task_pane_is_chinese_and_loads_only_the_servers_files(server):
    status, _, body = fetch(f"{server}/taskpane.html")
    assert status == 200
    page = body.decode()
    assert 'lang="zh-CN"' in page
    for key in ("title", "mode_browser", "recalculate", "rule", "actual", "check"):
        assert pane.LABELS[key] in page
    parser = _Resources()
    parser.feed(page)
    assert pane.OFFICE_JS_PATH.lstrip("/") in " ".join(parser.urls)  # Office.js itself, locally
    for url in parser.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert fetch(server + url)[0] == 200, url


def test_pane_endpoint_explains_a_row(server):
    status, _, body = fetch(f"{server}{pane.ITEM_PATH}", method="POST",
                            body={"rule": FILE_RATE, "actual": 0.97, "points": 10})
    result = json.loads(body)
    assert status == 200 and (result["final"], result["lost"]) == (8.0, 2.0)
    assert "每降低5%扣2分" in result["rule"]["explanation"]
    status, _, body = fetch(f"{server}{pane.ITEM_PATH}", method="POST", body=["not", "a", "row"])
    assert (status, json.loads(body)["detail"]) == (400, MESSAGES["bad_request"])


def preflight(base: str, origin: str) -> tuple[int, Message]:
    status, headers, _ = fetch(f"{base}{pane.ITEM_PATH}", method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"})
    return status, headers


def test_cors_refuses_origins_nobody_configured(server, guarded_server):
    for base in (server, guarded_server):
        status, headers = preflight(base, OTHER_ORIGIN)
        assert status == 400 and "Access-Control-Allow-Origin" not in headers
    _, headers, _ = fetch(f"{server}{pane.ITEM_PATH}", method="POST", body={"rule": FILE_RATE},
                          headers={"Origin": OTHER_ORIGIN})
    assert "Access-Control-Allow-Origin" not in headers  # the browser will not show the answer


def test_cors_allows_the_configured_origin(guarded_server):
    status, headers = preflight(guarded_server, ALLOWED_ORIGIN)
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    # Even the refusal of a request without the token reaches the allowed page.
    status, headers, _ = fetch(f"{guarded_server}{pane.ITEM_PATH}", method="POST",
                               body={"rule": FILE_RATE}, headers={"Origin": ALLOWED_ORIGIN})
    assert status == 401 and headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN


def test_default_server_needs_no_token(server):
    status, _, _ = fetch(f"{server}{pane.ITEM_PATH}", method="POST", body={"rule": FILE_RATE})
    assert status == 200
    assert '"tokenRequired": false' in fetch(f"{server}/taskpane.html")[2].decode()


def test_token_guards_every_computation_when_set(guarded_server):
    row = {"rule": FILE_RATE, "actual": 0.97}
    call = payload("PERF_SCORE", [[0.97]], [[FILE_RATE]], None)
    for path, body in ((pane.ITEM_PATH, row), ("/xlwings/custom-functions-call", call)):
        status, headers, answer = fetch(f"{guarded_server}{path}", method="POST", body=body)
        assert (status, json.loads(answer)["detail"]) == (401, MESSAGES["token_missing"])
        assert headers["WWW-Authenticate"] == "Bearer"
        status, _, answer = fetch(f"{guarded_server}{path}", method="POST", body=body,
                                  headers={"Authorization": "Bearer wrong-token"})
        assert (status, json.loads(answer)["detail"]) == (403, MESSAGES["token_wrong"])
        status, _, answer = fetch(f"{guarded_server}{path}", method="POST", body=body,
                                  headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200
    assert json.loads(answer) == {"result": [[8.0]]}
    # What Excel fetches without headers stays public; the pane then asks for the token.
    for path in ("/manifest", "/taskpane.html", "/xlwings/custom-functions-meta",
                 "/xlwings/custom-functions-code.js", f"/static{pane.ICON_PATHS[32]}"):
        assert fetch(guarded_server + path)[0] == 200, path
    assert '"tokenRequired": true' in fetch(f"{guarded_server}/taskpane.html")[2].decode()


def render(url: str, tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on ``url`` with a fresh profile, after the page's scripts ran."""
    assert CHROMIUM, "chromium must be installed in CI (Debian package chromium)"
    profile = tempfile.mkdtemp(dir=tmp_path)
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
         "--virtual-time-budget=10000", *options, url],
        capture_output=True, text=True, timeout=180, check=True)


def pane_url(base: str, rule: str, actual: str) -> str:
    return f"{base}/taskpane.html?" + urllib.parse.urlencode({"rule": rule, "actual": actual})


@needs_chromium
def test_pane_works_in_a_browser_without_office(server, tmp_path):
    """Without Excel the pane says so, takes a typed rule and value and shows the answer."""
    dom = render(pane_url(server, FILE_RATE, "97%"), tmp_path, "--dump-dom").stdout
    assert pane.LABELS["mode_browser"] in dom
    assert re.search(r'id="final"[^>]*>8<', dom) and re.search(r'id="lost"[^>]*>2<', dom)
    assert "每降低5%扣2分" in dom and '<section id="result"' in dom
    assert not re.search(r'<section id="result"[^>]*hidden', dom)


@needs_chromium
def test_pane_screenshot_for_the_docs(server, tmp_path):
    """The picture in docs/addin.md: the pane in a browser, a qualitative item half met.

    ``PERFSCORE_WRITE_IMAGES=1`` writes it to docs/images/addin_taskpane.png (look at it)."""
    shot = tmp_path / "addin_taskpane.png"
    render(pane_url(server, CONTROL, "部分达成"), tmp_path, "--window-size=380,860",
           f"--screenshot={shot}")
    data = shot.read_bytes()
    assert png_size(data) == (380, 860) and len(data) > 20_000  # drawn, not blank
    if os.environ.get(WRITE_IMAGES):
        SCREENSHOT.write_bytes(data)
    assert png_size(SCREENSHOT.read_bytes()) == png_size(data)


def test_launcher_refuses_to_start_without_a_licence_key():
    env = server_environment()
    env.pop("XLWINGS_LICENSE_KEY", None)
    done = subprocess.run([sys.executable, "-m", "addin.server", "--port", "9"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "PS-E002" in done.stderr and "noncommercial" in done.stderr


# --- Hostile requests ---------------------------------------------------------------------

def raw(base: str, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """(status, body) of a request sent byte for byte: the path as given (``..`` and
    ``%2f`` left alone), the body not encoded."""
    import http.client

    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/static/../pane.py", "/static/js/../../pane.py", "/static/..%2fpane.py",
    "/static/%2e%2e/pane.py", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/hostname",
    "/static/..%2f..%2fxlwings_server%2fconfig.py",
])
def test_static_files_stay_inside_their_folders(server, path):
    """xlwings Server 1.20.0 served any readable file for these (lifespan.py confines it)."""
    status, body = raw(server, "GET", path)
    assert status == 404 and b"import" not in body, path
    assert raw(server, "GET", "/static/js/../css/perfscore-pane.css")[0] == 200  # inside: fine


def post_item(base: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    status, answer = raw(base, "POST", pane.ITEM_PATH, body,
                         {"Content-Type": "application/json", **(headers or {})})
    return status, json.loads(answer)


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,  # RecursionError: was a 500
    b'{"rule": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"rule": "x", "actual": NaN}', b'{"rule": "x", "actual": -Infinity}',  # not JSON
    b"\xff\xfe\x00", b"", b"null", b'"rule"', b"[1]",
])
def test_bodies_that_are_not_json_objects_are_a_chinese_400(server, body):
    assert post_item(server, body) == (400, {"detail": MESSAGES["bad_request"]})


def test_a_body_longer_than_a_row_is_refused_before_it_is_read(server):
    from addin.server import MAX_BODY

    body = json.dumps({"rule": FILE_RATE, "actual": "9" * MAX_BODY}).encode()
    assert post_item(server, body) == (413, {"detail": MESSAGES["too_large"]})


def test_hostile_rows_are_answered_with_codes_not_500(server):
    for fields, code in (({"rule": FILE_RATE, "actual": [[0.9], [0.8]]}, "PS-A001"),
                         ({"rule": FILE_RATE, "actual": 1, "points": 10 ** 400}, "PS-A002"),
                         ({"rule": FILE_RATE, "actual": "好" * 40000}, "PS-W010")):
        status, answer = post_item(server, json.dumps(fields).encode())
        assert status == 200 and [m["code"] for m in answer["messages"]] == [code], answer


def test_launcher_refuses_a_token_that_cannot_be_typed():
    env = server_env()
    env[TOKEN_ENV] = "secret-token "  # `set PERFSCORE_TOKEN=secret-token ` keeps the space
    done = subprocess.run([sys.executable, "-m", "addin.server", "--port", "9"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "PS-E005" in done.stderr
    assert "secret-token" not in done.stderr + done.stdout


@pytest.mark.parametrize("given", ["https://oos.example/", "oos.example", "*", "https://oos.example/app",
                                   "null", "ftp://oos.example", "https://oos.example:port"])
def test_launcher_refuses_an_origin_no_browser_sends(given, capsys):
    """The browser's Origin is ``https://host[:port]``: ``https://host/`` would match nothing."""
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--allow-origin", given])
    assert "来源应写成 https://主机名" in capsys.readouterr().err


def test_launcher_takes_an_origin_as_the_browser_writes_it():
    args = build_parser().parse_args(["--allow-origin", "HTTPS://OOS.Example.gov.cn:8443"])
    assert args.allow_origin == ["https://oos.example.gov.cn:8443"]


def test_launcher_help_is_chinese():
    text = build_parser().format_help()
    assert text.startswith("用法：python -m addin.server") and "选项" in text
    assert not re.search(r"usage:|options:|show this help|HOST|PORT|ORIGIN", text)
