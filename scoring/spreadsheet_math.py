"""Arithmetic the way the spreadsheet does it, so Python scores equal the workbook's formulas.

Spreadsheets (LibreOffice, Excel) round a result to 15 significant digits before ROUNDUP,
ROUNDDOWN and comparisons, and round a difference at the 15th digit of its larger operand: ``ROUNDUP((0.99-0.94)/0.05, 0)`` is 1 there, while Python's
``math.ceil`` of ``1.0000000000000009`` is 2. A step deduction that lands exactly on a step
boundary must cost exactly that many steps, so the scoring engine rounds the same way.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal


def round15(value: float) -> float:
    """``value`` rounded to 15 significant digits (what the spreadsheet shows and compares)."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.15g}")


def subtract(minuend: float, subtrahend: float) -> float:
    """Spreadsheet subtraction: the difference rounded at the 15th significant digit of the
    larger operand, so ``0.63 - 0.57`` is 0.06 (not 0.06000000000000005) as in LibreOffice."""
    difference = minuend - subtrahend
    magnitude = max(abs(minuend), abs(subtrahend))
    if difference == 0 or magnitude == 0 or not math.isfinite(difference):
        return difference
    return round(difference, 14 - math.floor(math.log10(magnitude)))


def _round(value: float, digits: int, mode: str) -> float:
    exponent = Decimal(1).scaleb(-digits)
    rounded = Decimal(repr(round15(value))).quantize(exponent, rounding=mode)
    return float(rounded) + 0.0  # + 0.0 turns -0.0 into 0.0


def roundup(value: float, digits: int = 0) -> float:
    """Spreadsheet ROUNDUP: away from zero, after rounding to 15 significant digits."""
    return _round(value, digits, ROUND_UP)


def rounddown(value: float, digits: int = 0) -> float:
    """Spreadsheet ROUNDDOWN: toward zero, after rounding to 15 significant digits."""
    return _round(value, digits, ROUND_DOWN)


def round_half_up(value: float, digits: int = 0) -> float:
    """Spreadsheet ROUND: halves away from zero, after rounding to 15 significant digits."""
    return _round(value, digits, ROUND_HALF_UP)


def clamp(value: float, low: float, high: float | None) -> float:
    """``value`` kept within ``low``..``high`` (no upper bound when ``high`` is None)."""
    value = max(low, value)
    return value if high is None else min(high, value)
