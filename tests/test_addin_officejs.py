"""The same worksheet functions on the Office.js route (xlwings Server, the ``server`` extra).

Office.js calls need xlwings' PRO code, which reads ``XLWINGS_LICENSE_KEY`` and
``XLWINGS_ON_SERVER`` when xlwings is first imported. The pytest process has imported xlwings
long before, so the calls run in a fresh Python process set up exactly as the server sets
itself up (:func:`addin.server.server_environment`): one process for all in-process cases, and
one real server on 127.0.0.1 for the HTTP test, stopped at the end.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

# Looked up, not imported: importing xlwings_server sets XLWINGS_ON_SERVER in this process.
if importlib.util.find_spec("xlwings_server") is None:
    pytest.skip("the server extra (perfscore[server]) is not installed", allow_module_level=True)

import xlwings  # noqa: E402

import addin  # noqa: E402
from addin.server import PROJECT_DIR, server_environment  # noqa: E402

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
    """The server's environment with the noncommercial key (PolyForm Noncommercial)."""
    return server_environment(base={**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"})


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def test_server_on_loopback_answers_a_custom_function_call():
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "addin.server", "--port", str(port)],
                              env=server_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                meta = json.loads(_get(f"{base}/xlwings/custom-functions-meta"))
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.2)
        assert {f["name"] for f in meta["functions"]} == set(addin.FUNCTION_NAMES)
        request = urllib.request.Request(
            f"{base}/xlwings/custom-functions-call",
            data=json.dumps(payload("PERF_SCORE", [[0.97]], [[FILE_RATE]], None)).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read()) == {"result": [[8.0]]}
        manifest = _get(f"{base}/manifest").decode()
        assert "Functions.Namespace" not in manifest  # bare names: =PERF_SCORE()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        server.stdout.close()
        server.stderr.close()


def test_launcher_refuses_to_start_without_a_licence_key():
    env = server_environment()
    env.pop("XLWINGS_LICENSE_KEY", None)
    done = subprocess.run([sys.executable, "-m", "addin.server", "--port", "9"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "PS-E002" in done.stderr and "noncommercial" in done.stderr
