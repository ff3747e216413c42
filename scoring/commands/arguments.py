"""Argument types shared by the commands: checked by argparse, refused with a Chinese message.

A value that breaks one of these rules ends the command before anything is read or written,
with exit code 2 and the message ``[PS-E003] perfscore fill：参数 --jobs：…`` (see
:class:`scoring.cli.ChineseArgumentParser`), instead of being silently replaced by a default.
"""

from __future__ import annotations

import argparse
from pathlib import PurePath

#: The suffix of every workbook the product writes.
WORKBOOK_SUFFIX = ".xlsx"
#: The suffix of the Word documents it writes and reads (the self-evaluation report).
DOCUMENT_SUFFIX = ".docx"


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，而不是“{text}”") from None


def jobs(text: str) -> int:
    """``--jobs``: worker processes, an integer of at least 1."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"并行进程数应为不小于 1 的整数，而不是“{text}”")
    return value


def unit_count(text: str) -> int:
    """``--units`` of the demo: generated units, 0 or more (0: only the built-in example)."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"生成的单位数应为不小于 0 的整数（0 表示只用南京示例），而不是“{text}”")
    return value


def folder(text: str) -> str:
    """An output folder: a non-empty path (an empty one would silently mean the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("输出文件夹不能为空")
    return text


def workbook_path(text: str) -> str:
    """An output workbook: a non-empty path ending in ``.xlsx`` (the product writes only .xlsx)."""
    return _suffixed(text, WORKBOOK_SUFFIX, "输出文件")


def document_path(text: str) -> str:
    """A Word document (a report or its template): a non-empty path ending in ``.docx``."""
    return _suffixed(text, DOCUMENT_SUFFIX, "文件名")


def _suffixed(text: str, suffix: str, what: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{what}不能为空，应为 {suffix} 文件")
    if PurePath(text).suffix.lower() != suffix:
        raise argparse.ArgumentTypeError(f"{what}应为以 {suffix} 结尾的文件名，而不是“{text}”")
    return text


def form_kinds(text: str) -> tuple[str, ...]:
    """A list of forms to write, by kind or Chinese name: ``target,monitoring`` or ``目标表、监控表``."""
    from ..forms import FILLED_FORMS, FORM_LABELS

    labels = {kind: FORM_LABELS[kind] for kind in FILLED_FORMS}
    by_name = {**{kind: kind for kind in labels}, **{label: kind for kind, label in labels.items()}}
    chosen = []
    for name in text.replace("、", ",").replace("，", ",").split(","):
        if not name.strip():
            continue
        if name.strip() not in by_name:
            known = "、".join(f"{label}（{kind}）" for kind, label in labels.items())
            raise argparse.ArgumentTypeError(f"无法识别的表单“{name.strip()}”，应为 {known}")
        chosen.append(by_name[name.strip()])
    if not chosen:
        raise argparse.ArgumentTypeError("至少选择一种表单")
    return tuple(dict.fromkeys(chosen))


def period(text: str) -> object:
    """A 监控期间 such as ``1-7月``."""
    from ..errors import PerfscoreError
    from ..monitoring import parse_period

    try:
        return parse_period(text)
    except PerfscoreError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
