"""Add-in cells say why a completion or grade cannot be given (zero targets, totals out of range).

Called through the classic route like ``tests/test_addin.py``; the values follow DOMAIN §2 and the
grade bands of 财预〔2020〕10号.
"""

from __future__ import annotations

import pytest

from addin import classic
from addin.classic import call_classic
from scoring.grading import grade


@pytest.fixture(scope="module")
def xl():
    """addin.udfs as the classic COM runtime registers it."""
    return classic.load_classic_udfs()


@pytest.mark.parametrize("target", ["≤0%", "＝0%"])
def test_completion_against_zero_target_is_an_error(xl, target):
    # A ratio against 0 is undefined (DOMAIN §2): the cell says so instead of showing 0.
    cell = call_classic(xl.PERF_COMPLETION, 0.05, target)
    assert cell.startswith("#PS-T003 ") and "为0" in cell
    assert call_classic(xl.PERF_TARGET_MET, 0.05, target) is False  # met-or-not still answers
    assert call_classic(xl.PERF_TARGET_MET, 0.0, target) is True


@pytest.mark.parametrize("total", [120.0, -1.0, 100.5])
def test_grade_of_a_total_out_of_range_is_an_error(xl, total):
    cell = call_classic(xl.PERF_GRADE, total)
    assert cell.startswith("#PS-F004 ") and "0 至 100" in cell


def test_grade_accepts_the_ends_of_the_range_and_core_stays_permissive(xl):
    assert call_classic(xl.PERF_GRADE, 100.0) == "优秀"
    assert call_classic(xl.PERF_GRADE, 0.0) == "差"
    assert grade(120) == "优秀"  # the core grades any number; the cell checks the range
