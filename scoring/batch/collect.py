"""Collect: read every filled workbook in a folder, re-score it, and tabulate the results.

Each file is read through :mod:`scoring.workbook.reader` (metadata sheet and defined names,
python-calamine for the cells) and reduced at once to a few summary rows, so memory stays flat
however many units there are. A file that is not one of the product's workbooks, or is damaged,
becomes a row of the *unreadable* table with its reason; it never stops the run.

:func:`collect` returns the tables as pandas DataFrames (with Chinese headers, as in the summary
workbook written by :mod:`.summary`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import PerfscoreError, RuleError, WorkbookFileError
from ..forms import UNIT_LABELS, VARIANT_LABELS
from ..workbook.reader import open_workbook, read_evaluation, read_target, score_evaluation
from .workers import process_pool, worker_count

#: File types looked at: the product writes .xlsx; .xlsm and .xls are read to be reported.
WORKBOOK_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls")
#: Prefixes of files that are never workbooks to collect: temporary files of an interrupted
#: fill (``.~``) and Excel/WPS lock files (``~$``).
SKIPPED_PREFIXES: tuple[str, ...] = (".~", "~$")

#: Headers of the per-unit table (score columns of the sections are added as ``A`` … ``F``).
UNIT_COLUMNS: dict[str, str] = {
    **UNIT_LABELS, "variant": "版本",
    "total": "总得分", "grade": "等次", "rank": "排名", "deduction": "扣分合计",
    "lost_items": "扣分指标", "missing_reasons": "缺少原因分析", "flags": "否决与取消资格",
    "issues": "问题",
    "disagreements": "与工作簿不一致", "not_calculated": "未计算的单元格", "file": "文件"}
#: The unit's code and name, first in every per-unit table.
_UNIT = {key: UNIT_LABELS[key] for key in ("unit_code", "unit_name")}
LOST_COLUMNS: dict[str, str] = {
    **_UNIT, "code": "指标编码", "name": "指标名称",
    "points": "分值", "final": "得分", "lost": "扣分", "reason": "未完成指标原因分析"}
DISAGREEMENT_COLUMNS: dict[str, str] = {
    **_UNIT, "cell": "单元格", "item": "指标编码",
    "stored": "工作簿中的值", "engine": "重新计算的值", "message": "说明", "file": "文件"}
TARGET_COLUMNS: dict[str, str] = {
    **UNIT_LABELS,
    "annual_total": "资金总额（全年预算数）", "half_total": "资金总额（半年计划执行数）",
    "indicators": "指标数", "changed": "指标已改动", "problems": "问题", "file": "文件"}
#: Headers of the table of self-evaluation workbooks of one unit and year found more than once.
DUPLICATE_COLUMNS: dict[str, str] = {
    **UNIT_LABELS, "variant": "版本", "total": "总得分", "modified": "修改时间",
    "counted": "计入排名", "file": "文件"}
UNREADABLE_COLUMNS: dict[str, str] = {"file": "文件", "code": "错误代码", "message": "原因",
                                      "where": "位置"}
#: Words of yes/no cells.
YES, NO = "是", "否"
#: Separator of lists inside one cell.
SEPARATOR = "；"


@dataclass(frozen=True)
class Collected:
    """The collected tables, as pandas DataFrames with Chinese headers.

    Attributes:
        units: One row per self-evaluation workbook: subtotals, total, grade, rank, …
        lost_items: One row per item that lost points.
        disagreements: One row per stored value that disagrees with the engine.
        targets: One row per target-form workbook: funding totals and problems.
        unreadable: One row per file that could not be read, with the reason.
        duplicates: One row per self-evaluation workbook of a unit (code and year) found more
            than once, saying which copy is ranked (:func:`one_per_unit`).
    """

    units: pd.DataFrame
    lost_items: pd.DataFrame
    disagreements: pd.DataFrame
    targets: pd.DataFrame
    unreadable: pd.DataFrame
    duplicates: pd.DataFrame

    @property
    def files(self) -> int:
        """How many files were looked at."""
        left_out = int((self.duplicates[DUPLICATE_COLUMNS["counted"]] == NO).sum())
        return len(self.units) + len(self.targets) + len(self.unreadable) + left_out


def check_folder(folder: str | Path) -> Path:
    """``folder`` as a path, after making sure it is an existing folder.

    A mistyped folder must not look like a folder without workbooks (an empty summary).

    Raises:
        WorkbookFileError: PS-W001 when it does not exist or is a file.
    """
    path = Path(folder)
    if not path.is_dir():
        reason = "是文件而不是文件夹" if path.exists() else "不存在"
        raise WorkbookFileError(f"要收集的文件夹{reason}，应给出存放已填报工作簿的文件夹",
                                code="PS-W001", file=str(path))
    return path


def workbook_files(folder: str | Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """The workbook files under ``folder`` (recursively), sorted, without temp and lock files."""
    excluded = {Path(path).resolve() for path in exclude}
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if (path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES
                and not path.name.startswith(SKIPPED_PREFIXES) and path.resolve() not in excluded):
            found.append(path)
    return found


def _joined(parts: Iterable[str]) -> str:
    return SEPARATOR.join(part for part in parts if part)


def read_one(path: str | Path, strict: bool = False) -> dict[str, Any]:
    """Read and reduce one file to its summary rows: ``{"kind": …, rows …}``; never raises.

    ``strict``: a workbook with a rule the reader cannot read (PS-R007) is listed as unreadable
    instead of being scored with the evaluator's scores for those items.
    """
    path = Path(path)
    try:
        book = open_workbook(path)
        if book.metadata.form_kind == "target":
            return _target_row(book)
        filled = read_evaluation(book)
        if strict:
            unread = filled.framework.unread()
            if unread:
                raise RuleError(unread[0].message, code="PS-R007")
        report = score_evaluation(filled)
    except PerfscoreError as exc:
        where = "，".join(part for part in exc.location().split("，") if not part.startswith("文件 "))
        return {"kind": "unreadable", "row": {"file": str(path), "code": exc.code,
                                              "message": exc.message, "where": where}}
    except Exception as exc:  # a damaged file may break a parser in ways nobody lists
        return {"kind": "unreadable", "row": {
            "file": str(path), "code": "PS-W002", "where": "",
            "message": f"工作簿已损坏，无法读取（{type(exc).__name__}）"}}
    data = report.to_dict()
    meta = report.metadata
    unit = {"unit_code": report.unit_code, "unit_name": report.unit_name}
    row = {**unit, "year": meta.year_number,
           "variant": VARIANT_LABELS.get(meta.variant, meta.variant), **data["subtotals"],
           "total": data["total"], "grade": data["grade"], "deduction": data["deduction"],
           "lost_items": _joined(f"{i['code']} {i['name']} −{i['lost']:g}" for i in data["lost_items"]),
           "missing_reasons": _joined(data["missing_reasons"]),
           "issues": _joined(" ".join(filter(None, (f"[{i['code']}]", i.get("cell"), i["message"])))
                             for i in data["issues"]),
           "flags": _joined(f"{f['code']} {f['name']}：{'、'.join(f['flags'])}" for f in data["flags"]),
           "disagreements": _joined(d["message"] for d in data["disagreements"]),
           "not_calculated": data["not_calculated"], "file": str(path)}
    lost = [{**unit, **{key: item[key] for key in ("code", "name", "points", "final", "lost",
                                                    "reason")}} for item in data["lost_items"]]
    diffs = [{**unit, **{key: d[key] for key in ("cell", "item", "stored", "engine", "message")},
              "file": str(path)} for d in data["disagreements"]]
    return {"kind": "evaluation", "row": row, "lost": lost, "disagreements": diffs,
            "sections": list(data["subtotals"]), "modified": _modified(path)}


def _modified(path: Path) -> float:
    """The file's modification time (seconds), 0 when the system cannot say."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def one_per_unit(found: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Keep one self-evaluation workbook per unit and year; list the copies.

    A unit may hand in its portable and its add-in workbook, or the same file twice. Ranking
    both would rank the unit twice, so per (单位编码, 年度) only the most recently modified copy
    counts (the last one saved is the unit's latest word; on equal times the later path in
    sorted order). Its 问题 cell names the copies left out (PS-W015). A workbook without a
    unit code (a blank template filled in without one) is matched by its unit name; one with
    neither cannot be matched and counts.

    Args:
        found: What :func:`read_one` returned for each self-evaluation workbook, in file order.

    Returns:
        The entries that count, in file order, and one duplicates-table row per workbook of a
        unit found more than once (:data:`DUPLICATE_COLUMNS`).
    """
    groups: dict[tuple[str, str, Any], list[int]] = {}
    for index, entry in enumerate(found):
        row = entry["row"]
        key = ("unit_code", row["unit_code"]) if row["unit_code"] else ("unit_name", row["unit_name"])
        if key[1]:
            groups.setdefault((*key, row["year"]), []).append(index)
    left_out: set[int] = set()
    duplicates: list[dict[str, Any]] = []
    for (field, unit, year), indexes in groups.items():
        if len(indexes) < 2:
            continue
        kept = max(indexes, key=lambda i: (found[i]["modified"], found[i]["row"]["file"]))
        others = [i for i in indexes if i != kept]
        left_out.update(others)
        row = found[kept]["row"]
        notice = (f"[PS-W015] 同一单位（{UNIT_LABELS[field]} {unit}，{year or ''}年度）有 "
                  f"{len(indexes)} 个自评表工作簿，"
                  f"按最近修改的本文件计入排名，未计入：{_joined(found[i]['row']['file'] for i in others)}")
        row["issues"] = _joined([notice, row["issues"]])
        for i in indexes:
            entry = found[i]["row"]
            duplicates.append({
                **{key: entry[key] for key in ("unit_code", "unit_name", "year", "variant",
                                               "total", "file")},
                "modified": datetime.fromtimestamp(found[i]["modified"]).strftime(
                    "%Y-%m-%d %H:%M:%S"),
                "counted": YES if i == kept else NO})
    return [entry for i, entry in enumerate(found) if i not in left_out], duplicates


def _target_row(book: Any) -> dict[str, Any]:
    filled = read_target(book)
    form = filled.form
    return {"kind": "target", "row": {
        "unit_code": form.unit_code, "unit_name": form.unit_name, "year": form.year,
        "annual_total": form.funding.annual_total, "half_total": form.funding.half_total,
        "indicators": sum(1 for row in form.indicators if row.level3),
        "changed": YES if filled.changed else NO,
        "problems": _joined(e.format_message().splitlines()[0] for e in filled.problems),
        "file": filled.file}}


#: Below this many files collect reads in its own process: starting workers costs more.
PARALLEL_FROM = 50


def _read_many(paths: list[Path], jobs: int, strict: bool = False) -> Iterator[dict[str, Any]]:
    """Summary rows of ``paths`` in their order, read by ``jobs`` worker processes.

    Files go to the workers in chunks (a few dozen each, so the per-task overhead stays small
    and the work stays balanced); results come back in the order of ``paths`` whatever the
    number of workers, so the tables are the same as a serial run's.
    """
    read = partial(read_one, strict=strict)
    if jobs <= 1 or len(paths) < PARALLEL_FROM:
        yield from map(read, paths)
        return
    with process_pool(jobs, inherit=True) as pool:
        yield from pool.map(read, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8))))


def collect(folder: str | Path, *, jobs: int | None = None, exclude: Iterable[Path] = (),
            progress: bool = False, strict: bool = False) -> Collected:
    """Read, re-score and tabulate every workbook under ``folder``.

    Args:
        folder: The folder of filled workbooks (searched recursively).
        jobs: Worker processes (default: the CPU count; 1 reads in this process).
        exclude: Files to leave out (the summary being written into the same folder).
        progress: Show a progress bar on stderr.
        strict: List workbooks with rules the reader cannot read as unreadable (PS-R007).

    Returns:
        The :class:`Collected` tables; units are ranked by total (ties share a rank).

    Raises:
        WorkbookFileError: PS-W001 when ``folder`` does not exist or is not a folder.
    """
    from tqdm import tqdm

    check_folder(folder)
    paths = workbook_files(folder, exclude)
    evaluations, targets, unreadable = [], [], []
    jobs = worker_count(jobs)
    for found in tqdm(_read_many(paths, jobs, strict), total=len(paths), disable=not progress,
                      unit="个", desc="读取工作簿", leave=False):
        kind = found["kind"]
        if kind == "evaluation":
            evaluations.append(found)
        elif kind == "target":
            targets.append(found["row"])
        else:
            unreadable.append(found["row"])
    counted, duplicates = one_per_unit(evaluations)
    units, lost, diffs = [], [], []
    sections: dict[str, None] = {}
    for found in counted:
        units.append(found["row"])
        lost.extend(found["lost"])
        diffs.extend(found["disagreements"])
        sections.update(dict.fromkeys(found["sections"]))
    unit_keys = list(UNIT_COLUMNS)
    unit_keys[4:4] = list(sections)
    frame = pd.DataFrame(units, columns=unit_keys)
    if not frame.empty:
        frame["rank"] = frame["total"].rank(method="min", ascending=False).astype(int)
        frame = frame.sort_values(["rank", "unit_code"], kind="stable").reset_index(drop=True)
    headers = {**UNIT_COLUMNS, **{code: code for code in sections}}
    return Collected(
        units=frame.rename(columns=headers),
        lost_items=pd.DataFrame(lost, columns=list(LOST_COLUMNS)).rename(columns=LOST_COLUMNS),
        disagreements=pd.DataFrame(diffs, columns=list(DISAGREEMENT_COLUMNS)).rename(
            columns=DISAGREEMENT_COLUMNS),
        targets=pd.DataFrame(targets, columns=list(TARGET_COLUMNS)).rename(columns=TARGET_COLUMNS),
        unreadable=pd.DataFrame(unreadable, columns=list(UNREADABLE_COLUMNS)).rename(
            columns=UNREADABLE_COLUMNS),
        duplicates=pd.DataFrame(duplicates, columns=list(DUPLICATE_COLUMNS)).rename(
            columns=DUPLICATE_COLUMNS))
