"""Fuzzing: random text into the parsers and random cell contents and bytes into the reader.

Whatever comes in, only documented errors (:class:`PerfscoreError` with a code of
:data:`scoring.errors.CODES`) may come out: never a crash, never an undocumented exception.
"""

from __future__ import annotations

import io

from hostile.corpus import name_cell, product_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scoring.errors import CODES, PerfscoreError
from scoring.parse import parse_rule
from scoring.targets import parse_target
from scoring.workbook.reader import WorkbookData, read_evaluation, score_evaluation
from scoring.workbook.safety import inspect_workbook_bytes

#: Characters rule and value texts are made of, plus the odd ones users paste.
ALPHABET = st.sampled_from(list("0123456789０１２３.%％≥≤＞＜=＝<>以上下得分扣每降低超过不满于含"
                                "（）()，,；;。、①②-—~ \n\t约健全合规是否达成基本")
                           + ["#DIV/0!", "不得分", "每降低5%扣2分", "得10分", "\u3000", "\x00"])
TEXT = st.lists(ALPHABET, max_size=30).map("".join)


def _documented(error: PerfscoreError) -> None:
    assert error.code in CODES and error.message


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_rule_parser_raises_only_documented_errors(text):
    try:
        rule = parse_rule(text, 10)
    except PerfscoreError as error:
        _documented(error)
        return
    for actual in (0.5, "95%", "健全", None):
        try:
            score = rule.score(actual)
        except PerfscoreError as error:
            _documented(error)
            continue
        assert score is None or 0 <= score <= 10


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_target_parser_raises_only_documented_errors(text):
    try:
        parse_target(text)
    except PerfscoreError as error:
        _documented(error)


#: A cell cannot hold NUL (openpyxl refuses to write it), so cell texts go without.
CELL = st.one_of(st.none(), TEXT.map(lambda text: text.replace("\x00", "")), st.floats(allow_nan=False, allow_infinity=False),
                 st.integers(-10**6, 10**6), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CELL, min_size=4, max_size=4))
def test_reader_survives_random_input_cells(values):
    wb = load_workbook(io.BytesIO(product_workbook()))
    ws = wb["自评表"]
    for value, ref in zip(values, ("K33", "M5", "G12", "N20")):
        ws[ref].value = value
    sheet, ref = name_cell(wb, "unit_name")
    wb[sheet][ref].value = values[1]
    stream = io.BytesIO()
    wb.save(stream)
    try:
        report = score_evaluation(read_evaluation(WorkbookData(stream.getvalue(), "fuzz.xlsx")))
    except PerfscoreError as error:
        _documented(error)
        return
    assert 0 <= report.result.total <= 100
    assert all(issue.code in CODES for issue in report.problems + report.result.issues)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 60_000), st.integers(1, 255), st.integers(0, 60_000))
def test_damaged_bytes_give_documented_errors(position, flip, cut):
    data = bytearray(product_workbook())
    data[position % len(data)] ^= flip
    damaged = bytes(data[: len(data) - cut % 200])
    try:
        inspect_workbook_bytes(damaged, "fuzz.xlsx")
        score_evaluation(read_evaluation(WorkbookData(damaged, "fuzz.xlsx")))
    except PerfscoreError as error:
        _documented(error)
