"""Python cost of the add-in's worksheet functions, per call and per recalculated form.

Prints, for ``PERF_SCORE`` with its rule already parsed (the cache is warm after the first
call), the cost of the bare Python function and of the Office.js call path
(``xlwings.server.custom_functions_call`` with the payload Excel sends, argument conversion
included, HTTP excluded); then the cost of recalculating a whole form of about 50 function
cells through the Office.js path: the 32 scored items of the built-in 2024 example, target
checks of the target form, the total and the grade.

Run: ``python benchmarks/bench_addin.py [--repeat N]``. Needs the ``server`` extra; it uses the
``noncommercial`` xlwings licence key unless ``XLWINGS_LICENSE_KEY`` is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time

from addin.server import PROJECT_DIR, server_environment

# Office.js flavour: must be in place before xlwings is first imported.
os.environ.update(server_environment(base={"XLWINGS_LICENSE_KEY": "noncommercial", **os.environ}))
sys.path.insert(0, str(PROJECT_DIR))

import custom_functions  # noqa: E402
import xlwings  # noqa: E402
import xlwings.server  # noqa: E402

from addin import udfs  # noqa: E402
from scoring.example import load_example  # noqa: E402

FILE_RATE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
FORM_CELLS = 50


def payload(func_name: str, *args: object) -> dict:
    """The body Excel's Office.js runtime posts for one function cell."""
    return {"func_name": func_name, "args": [None if a is None else [[a]] for a in args],
            "caller_address": "Sheet1!G7", "version": xlwings.__version__, "runtime": "1.4",
            "client": "Office.js"}


def form_payloads() -> list[dict]:
    """About 50 function cells of one self-evaluation workbook, from the built-in example."""
    example = load_example()
    calls = []
    for item in example.framework.leaves():
        if item.rule_text and item.role == "score":
            calls.append(payload("PERF_SCORE", example.inputs.actuals.get(item.code),
                                 item.rule_text, item.points))
    for indicator in example.target_form.indicators:
        if len(calls) >= FORM_CELLS - 2:
            break
        if indicator.full_value and any(ch.isdigit() for ch in indicator.full_value):
            calls.append(payload("PERF_TARGET_MET", "97%", indicator.full_value))
    scores = [14.5, 19.5, 30.0, 30.0, 5.0]
    calls.append({**payload("PERF_TOTAL"), "args": [[[s] for s in scores], None, None]})
    calls.append(payload("PERF_GRADE", 99))
    return calls


def per_call(function, repeat: int) -> float:
    """Median seconds of one call of ``function()`` over ``repeat`` timed runs of 200 calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(200):
            function()
        runs.append((time.perf_counter() - start) / 200)
    return statistics.median(runs)


async def call_all(calls: list[dict]) -> list:
    """One recalculation: every cell through the Office.js call path."""
    return [await xlwings.server.custom_functions_call(c, custom_functions) for c in calls]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs (median reported)")
    args = parser.parse_args()

    udfs.PERF_SCORE(0.97, FILE_RATE)  # warm the rule cache
    direct = per_call(lambda: udfs.PERF_SCORE(0.97, FILE_RATE), args.repeat)
    loop = asyncio.new_event_loop()
    one = payload("PERF_SCORE", 0.97, FILE_RATE, None)
    officejs = per_call(lambda: loop.run_until_complete(
        xlwings.server.custom_functions_call(one, custom_functions)), args.repeat)

    calls = form_payloads()
    results = loop.run_until_complete(call_all(calls))
    errors = [r for r in results if isinstance(r[0][0], str) and r[0][0].startswith("#PS-")]
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        loop.run_until_complete(call_all(calls))
        runs.append(time.perf_counter() - start)
    loop.close()

    print(f"PERF_SCORE, cached rule, plain Python call:   {direct * 1e6:8.1f} µs/call")
    print(f"PERF_SCORE, cached rule, Office.js call path:  {officejs * 1e6:8.1f} µs/call")
    print(f"whole form, {len(calls)} function cells, Office.js path: "
          f"{statistics.median(runs) * 1e3:8.2f} ms/recalculation "
          f"(median of {args.repeat}; {len(errors)} cells show an error message)")


if __name__ == "__main__":
    main()
