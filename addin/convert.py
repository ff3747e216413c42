"""Argument conversion for the worksheet functions: Excel's values in, :mod:`scoring` values out.

Excel sends what its cells hold, and the two runtimes differ a little:

* classic COM (Windows): numbers as float, empty cells as None, a one-row or one-column range
  as a flat list, a 2-D range as a list of lists, an omitted optional argument as its default;
* Office.js: every argument as a 2-D list that xlwings squeezes the same way, integers as int,
  empty cells as None or ``""``.

Both runtimes deliver a cell showing an Excel error value as its text (``"#N/A"``): the functions
declare every argument ``err_to_str=True``, which the classic reader applies to COM's error
integers and the Office.js reader to the ``{"type": "Error", "basicValue": "#N/A"}`` objects
Excel sends (``xlwings/pro/_xlofficejs.py``). :func:`cell_errors` refuses such an argument
before the function runs, so an error never passes for a rule, an award or an empty cell.

The helpers here only reshape and check these values; reading indicator values, rules and
actual values is the core's job. Errors become the cell text of :meth:`PerfscoreError.cell_text`
(``#PS-A001 …``): a function never shows a traceback in a cell.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

from scoring.actuals import coerce_number, is_blank
from scoring.errors import ActualValueError, PerfscoreError
from scoring.plaintext import CELL_LIMIT, clean_text, excerpt
from scoring.policies import DEFAULT_POLICIES, Policies, parse_policies
from scoring.vocab import EXCEL_ERRORS

__all__ = ["awards_list", "cell_errors", "cell_result", "cells", "error_value", "is_blank",
           "number", "numbers", "optional_number", "single", "total_in_range"]

logger = logging.getLogger(__name__)

_F = TypeVar("_F", bound=Callable[..., Any])

_EXCEL_ERRORS = frozenset(error.upper() for error in EXCEL_ERRORS)
#: The code at the start of another add-in cell's error text (``#PS-R002 评分规则…``).
_ADDIN_ERROR = re.compile(r"#PS-[A-Z]\d{3}\b")

#: Chinese messages of the add-in's own argument errors (``str.format`` fields).
MESSAGES: dict[str, str] = {
    "not_single": "参数 {name} 应为单个单元格，收到的是{size}个单元格的区域",
    "not_number": "参数 {name} 中的“{text}”不是数值",
    "bad_awards": ("参数 {name} 应为一行或一列奖项名称，或两列多行（工作事项、奖项），"
                   "收到的是{rows}行{columns}列"),
    "error_value": "参数 {name} 的单元格是错误值“{text}”，请先修正该单元格或它引用的单元格",
    "internal": "计算时出现意外错误（{kind}），请把本单元格的公式和输入告知维护人员",
    "total_out_of_range": "参数 {name} 的总得分 {total:g} 超出 0 至 {limit:g} 分的范围，无法评定等次",
}


def error_value(value: Any) -> str | None:
    """The error a cell value shows, or None for any other value.

    An Excel error value (``#N/A``, ``#NAME?`` …, as ``err_to_str`` delivers it) is returned as
    is; the error text of another add-in cell (``#PS-R002 评分规则…``) gives its code ``#PS-R002``.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.upper() in _EXCEL_ERRORS:
        return text
    match = _ADDIN_ERROR.match(text)
    return match.group(0) if match else None


def _refuse_unusable_cells(names: list[str], args: tuple[Any, ...]) -> None:
    """Raise ``PS-V005`` naming the first argument with a cell that shows an error, or
    ``PS-A002`` for a number that is not finite (NaN or infinity: no cell holds one, and the
    core would read NaN as an empty cell)."""
    for name, value in zip(names, args):
        for cell in cells(value):
            shown = error_value(cell)
            if shown is not None:
                raise PerfscoreError(MESSAGES["error_value"].format(name=name, text=shown),
                                     code="PS-V005")
            if isinstance(cell, float) and not math.isfinite(cell):
                raise PerfscoreError(MESSAGES["not_number"].format(name=name, text=cell),
                                     code="PS-A002")


def cell_errors(function: _F) -> _F:
    """Decorate a worksheet function so bad input shows as ``#PS-… 消息`` in its cell.

    An argument holding an error value (see :func:`error_value`) gives ``PS-V005`` naming the
    argument, before the function runs: an error in a rule cell is not a rule without points,
    and one in an award or score range is not an unknown award or a missing number; a NaN or
    infinite number gives ``PS-A002``. A :class:`PerfscoreError` becomes its
    :meth:`~PerfscoreError.cell_text`. Any other exception is a defect: it is logged with its
    traceback and the cell shows a short ``PS-A003`` message instead (Office.js would
    otherwise retry the call three times). Text results leave through :func:`cell_result`.
    """
    names = list(inspect.signature(function).parameters)

    @functools.wraps(function)
    def wrapper(*args: Any) -> Any:
        try:
            _refuse_unusable_cells(names, args)
            return cell_result(function(*args))
        except PerfscoreError as exc:
            return cell_result(exc.cell_text())
        except Exception as exc:  # noqa: BLE001 - a cell must never show a traceback
            logger.exception("perfscore add-in function %s failed", function.__name__)
            error = PerfscoreError(MESSAGES["internal"].format(kind=type(exc).__name__),
                                   code="PS-A003")
            return error.cell_text()

    return wrapper  # type: ignore[return-value]


def cell_result(value: Any) -> Any:
    """A function's result as a cell may show it: text cleaned of characters a cell cannot
    hold (:func:`scoring.plaintext.clean_text`) and cut to Excel's 32,767 characters; numbers
    and booleans unchanged."""
    return excerpt(clean_text(value), CELL_LIMIT) if isinstance(value, str) else value


def cells(value: Any) -> list[Any]:
    """All cell values of an argument in reading order: a scalar, a flat list or a 2-D list."""
    if isinstance(value, (list, tuple)):
        flat: list[Any] = []
        for item in value:
            flat.extend(item if isinstance(item, (list, tuple)) else [item])
        return flat
    return [value]


def single(value: Any, name: str) -> Any:
    """The one cell value of an argument that must be a single cell.

    Raises:
        PerfscoreError: ``PS-A001`` when a range of several cells was given.
    """
    if not isinstance(value, (list, tuple)):
        return value
    flat = cells(value)
    if len(flat) == 1:
        return flat[0]
    raise PerfscoreError(MESSAGES["not_single"].format(name=name, size=len(flat)), code="PS-A001")


def number(value: Any, name: str) -> float:
    """A cell value as a number: a float or int, or text such as ``"９５.５"`` (full width).

    The text is read by the core's actual-value reader, so every function reads numbers alike.

    Raises:
        PerfscoreError: ``PS-A002`` for text that is not a number, a boolean or an empty value
            (error values such as ``#N/A`` are refused earlier, by :func:`cell_errors`).
    """
    try:
        result = coerce_number(value)
    except ActualValueError:
        result = None
    if result is None:
        raise PerfscoreError(MESSAGES["not_number"].format(name=name, text=excerpt(value)),
                             code="PS-A002")
    return result


def total_in_range(value: Any, name: str, limit: float) -> float:
    """A total score as a number within 0..``limit``: a grade of 120 points is a typing error.

    ``scoring.grading.grade`` stays permissive (it grades any number); the cell says why.

    Raises:
        PerfscoreError: ``PS-A002`` for a non-number, ``PS-F004`` for a total outside the range.
    """
    total = number(value, name)
    if not 0 <= total <= limit:
        raise PerfscoreError(MESSAGES["total_out_of_range"].format(name=name, total=total, limit=limit),
                             code="PS-F004")
    return total


def optional_number(value: Any, name: str) -> float | None:
    """A single-cell number, or None when the argument was omitted or its cell is empty."""
    value = single(value, name)
    return None if is_blank(value) else number(value, name)


def numbers(value: Any, name: str) -> list[float]:
    """The numbers of a range, skipping empty cells (a score not yet computed)."""
    return [number(cell, name) for cell in cells(value) if not is_blank(cell)]


def awards_list(value: Any, name: str) -> list[str | tuple[str, str]]:
    """The awards of a range, as the bonus rule takes them; the shape alone decides.

    The function declares the range 2-D, so it arrives as rows.

    * One row (of any width) or one column: award names, each its own piece of work, as the
      core reads a bare list of awards. ``受到国务院嘉奖 | 受到省级嘉奖`` in one row is two awards.
    * Exactly two columns and more than one row (the template's 加分项明细 range): rows of
      (工作事项, 奖项), so that only the highest award of each piece of work counts. A row
      without a work name is a piece of work of its own; a row without an award counts
      nothing (the award is not chosen yet, as in the portable workbook).

    Empty award cells are skipped.

    Raises:
        PerfscoreError: ``PS-A001`` for a range of several rows and more than two columns.
    """
    rows = [list(row) if isinstance(row, (list, tuple)) else [row]
            for row in (value if isinstance(value, (list, tuple)) else [value])]
    width = max((len(row) for row in rows), default=0)
    if len(rows) <= 1 or width <= 1:
        return [str(cell).strip() for cell in cells(rows) if not is_blank(cell)]
    if width > 2:
        raise PerfscoreError(MESSAGES["bad_awards"].format(name=name, rows=len(rows),
                                                           columns=width), code="PS-A001")
    result: list[str | tuple[str, str]] = []
    for work, award in rows:
        if is_blank(award):
            continue
        result.append(str(award).strip() if is_blank(work)
                      else (str(work).strip(), str(award).strip()))
    return result


def policies_of(value: Any) -> Policies:
    """The policies an argument states (a workbook passes its ``meta_policies`` cell, e.g.
    ``partial_step=down``); empty or omitted: the defaults.

    Raises:
        PolicyError: PS-P001 for a setting or value the table of settings does not know.
    """
    text = single(value, "policies")
    return DEFAULT_POLICIES if is_blank(text) else parse_policies(str(text))
