"""Collect: read every filled workbook in a folder, re-score it, and tabulate the results.

Each file is read through :mod:`scoring.workbook.reader` (metadata sheet and defined names,
python-calamine for the cells) and reduced at once to a few summary rows, so memory stays flat
however many units there are. A file that is not one of the product's workbooks, or is damaged,
becomes a row of the *unreadable* table with its reason; it never stops the run.

:func:`collect` returns the tables as pandas DataFrames (with Chinese headers, as in the summary
workbook written by :mod:`.summary`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CODES, PerfscoreError, RuleError, WorkbookFileError
from .. import forms
from ..forms import UNIT_LABELS, VARIANT_LABELS
from ..plaintext import unfiltered
from ..project.vocab import UNFILLED  # a self-evaluation (a unit's or a project's) nobody filled
from ..project.score import target_text
from ..workbook.files import BACKUP_FOLDER
from ..workbook.reader import open_workbook, read_evaluation, read_target, score_evaluation
from .workers import READ_LIMITS, WorkerFailure, WorkerLimits, run_isolated, worker_count

#: File types looked at: the product writes .xlsx; .xlsm and .xls are read to be reported.
WORKBOOK_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xls")
#: Prefixes of files that are never workbooks to collect: temporary files of an interrupted
#: fill (``.~``) and Excel/WPS lock files (``~$``).
SKIPPED_PREFIXES: tuple[str, ...] = (".~", "~$")

#: Headings of the tables, as the registry of forms declares them (:data:`scoring.forms.SUMMARY_TABLES`).
UNIT_COLUMNS = forms.EVALUATION_SUMMARY.columns
LOST_COLUMNS = forms.LOST_ITEMS_SUMMARY.columns
DISAGREEMENT_COLUMNS = forms.DISAGREEMENTS_SUMMARY.columns
TARGET_COLUMNS = forms.TARGET_SUMMARY.columns
MONITORING_COLUMNS = forms.MONITORING_SUMMARY.columns
RED_LIGHT_COLUMNS = forms.RED_LIGHTS_SUMMARY.columns
DUPLICATE_COLUMNS = forms.DUPLICATES_SUMMARY.columns
UNREADABLE_COLUMNS = forms.UNREADABLE_SUMMARY.columns
UNFILLED_COLUMNS = forms.UNFILLED_SUMMARY.columns
#: What a red row whose reason or measure is missing shows in its place.
MISSING = "（未填写）"
#: 类别 words of the red-light table.
SECTION_LABELS: dict[str, str] = {"indicator": "绩效指标", "fund": "资金"}
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
        disagreements: One row per stored value that disagrees with the engine (of the
            self-evaluation workbooks that count, then of the monitoring workbooks).
        targets: One row per target-form workbook: funding totals and problems.
        unreadable: One row per file that could not be read, with the reason.
        duplicates: One row per self-evaluation workbook of a unit (code and year), or per
            project workbook of a project (form, 项目编码 and year), found more than once, saying
            which copy counts (:func:`one_per_unit`).
        unfilled: One row per self-evaluation workbook nobody typed a value into (未填报): not
            ranked, not in the grade counts or the lost-points table (its zeros are no score).
        monitoring: One row per monitoring workbook: light counts, execution rate against
            序时进度.
        red_lights: One row per red row of the monitoring workbooks, with its reason and
            measure (or that they are missing).
        projects: One row per project self-evaluation workbook: total, grade, execution rate,
            lost points, review findings (a workbook with nothing executed or completed is
            listed as 未填报, without a score).
        project_units: One row per unit (and year) with project workbooks: how many were scored,
            their average and lowest score, how many are 未填报.
        project_lost: One row per funds or indicator row of a project that lost points, with the
            reason typed beside it.
        project_review: One row per review finding (审核提示, PS-X101 …) of a project workbook,
            each problem of a target declaration (:func:`scoring.project.check_target`) and each
            declaration whose indicators are not its self-evaluation's (PS-X111), with its cell.
        project_targets: One row per project target declaration: what it declares, its number
            of findings, whether its indicators are the self-evaluation's.

    Project workbooks handed in more than once (same form, 项目编码 and year) count once, as
    units' self-evaluations do (:func:`one_per_unit`); the copies are in ``duplicates``.
    """

    units: pd.DataFrame
    lost_items: pd.DataFrame
    disagreements: pd.DataFrame
    targets: pd.DataFrame
    unreadable: pd.DataFrame
    duplicates: pd.DataFrame
    unfilled: pd.DataFrame
    monitoring: pd.DataFrame
    red_lights: pd.DataFrame
    projects: pd.DataFrame
    project_units: pd.DataFrame
    project_lost: pd.DataFrame
    project_review: pd.DataFrame
    project_targets: pd.DataFrame

    @property
    def years(self) -> list[int]:
        """The years of the self-evaluation workbooks, oldest first (ranked year by year)."""
        column = self.units[UNIT_COLUMNS["year"]] if not self.units.empty else []
        return sorted({int(year) for year in column if pd.notna(year)})

    @property
    def files(self) -> int:
        """How many files were looked at."""
        left_out = int((self.duplicates[DUPLICATE_COLUMNS["counted"]] == NO).sum())
        return (len(self.units) + len(self.targets) + len(self.unreadable) + len(self.unfilled)
                + len(self.monitoring) + len(self.projects) + len(self.project_targets)
                + left_out)


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
                                code="PS-W001", folder=str(path))
    return path


def workbook_files(folder: str | Path, exclude: Iterable[Path] = ()) -> list[Path]:
    """The workbook files under ``folder`` (recursively), sorted, without temp and lock files
    and without the backups ``fill --force`` keeps (:data:`BACKUP_FOLDER`)."""
    excluded = {Path(path).resolve() for path in exclude}
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if (path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES
                and BACKUP_FOLDER not in path.relative_to(folder).parts[:-1]
                and not path.name.startswith(SKIPPED_PREFIXES) and path.resolve() not in excluded):
            found.append(path)
    return found


def _joined(parts: Iterable[str]) -> str:
    return SEPARATOR.join(part for part in parts if part)


def read_one(path: str | Path, strict: bool = False) -> dict[str, Any]:
    """Read and reduce one file to its summary rows: ``{"kind": …, rows …}``; never raises.

    The form the metadata names is looked up in the registry of forms
    (:data:`scoring.forms.FORMS`), whose ``summarise`` function reduces it.

    ``strict``: a workbook with a rule the reader cannot read (PS-R007) is listed as unreadable
    instead of being scored with the evaluator's scores for those items.
    """
    path = Path(path)
    try:
        book = open_workbook(path)
        spec = forms.form(book.metadata.form_kind)
        if not spec.summarise:
            raise WorkbookFileError(f"{spec.label}工作簿暂不汇总，请用 perfscore score 逐个评分",
                                    code="PS-W012", file=str(path))
        return forms.function(spec.summarise)(book, path, strict)
    except MemoryError:
        raise  # the worker reports it (the memory limit of run_isolated)
    except PerfscoreError as exc:
        return {"kind": "unreadable", "row": {"file": str(path), "code": exc.code,
                                              "message": exc.message,
                                              "where": exc.location(file=False)}}
    except Exception as exc:  # a damaged file may break a parser in ways nobody lists
        return {"kind": "unreadable", "row": {
            "file": str(path), "code": "PS-W002", "where": "",
            "message": f"工作簿已损坏，无法读取（{type(exc).__name__}）"}}


def _issue(code: str, where: str | None, message: str) -> str:
    """One problem as every 问题 cell of the summary says it: ``[PS-T002] 目标表!F64 说明``
    (the file is in the row's own 文件 column)."""
    return " ".join(filter(None, (f"[{code}]", where, message)))


def evaluation_entry(book: Any, path: Path, strict: bool) -> dict[str, Any]:
    """The summary rows of a self-evaluation workbook (or its 未填报 row)."""
    filled = read_evaluation(book)
    if strict:
        unread = filled.framework.unread()
        if unread:
            raise RuleError(unread[0].message, code="PS-R007")
    report = score_evaluation(filled)
    data = report.to_dict()
    meta = report.metadata
    unit = {"unit_code": report.unit_code, "unit_name": report.unit_name}
    if filled.unfilled:
        return {"kind": "unfilled", "row": {
            **unit, "year": meta.year_number, "variant": VARIANT_LABELS.get(meta.variant, meta.variant),
            "inputs": len(filled.expected_inputs), "modified": _modified(path), "file": str(path)}}
    row = {**unit, "year": meta.year_number,
           "variant": VARIANT_LABELS.get(meta.variant, meta.variant), **data["subtotals"],
           "total": data["total"], "grade": data["grade"], "deduction": data["deduction"],
           "lost_items": _joined(f"{i['code']} {i['name']} −{i['lost']:g}" for i in data["lost_items"]),
           "missing_reasons": _joined(data["missing_reasons"]),
           "issues": _joined(_issue(i["code"], i.get("cell"), i["message"])
                             for i in data["issues"]),
           "flags": _joined(f"{f['code']} {f['name']}：{'、'.join(f['flags'])}" for f in data["flags"]),
           "disagreements": _joined(d["message"] for d in data["disagreements"]),
           "not_calculated": data["not_calculated"], "empty_inputs": len(filled.empty_inputs),
           "file": str(path)}
    lost = [{**unit, **{key: item[key] for key in ("code", "name", "points", "final", "lost",
                                                    "reason")}} for item in data["lost_items"]]
    return {"kind": "evaluation", "row": row, "lost": lost,
            "disagreements": _disagreement_rows(unit, data["disagreements"], path),
            "sections": list(data["subtotals"]), "modified": _modified(path)}


def _disagreement_rows(unit: dict[str, Any], disagreements: Iterable[dict[str, Any]],
                       path: Path) -> list[dict[str, Any]]:
    """The 不一致 table's rows of one workbook (:data:`scoring.forms.DISAGREEMENTS_SUMMARY`):
    each stored value the engine computes otherwise, a self-evaluation's or a monitoring form's."""
    return [{**unit, **{key: found[key] for key in ("cell", "item", "stored", "engine", "message")},
             "file": str(path)} for found in disagreements]


def _modified(path: Path) -> float:
    """The file's modification time (seconds), 0 when the system cannot say."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def one_per_unit(found: list[dict[str, Any]], kind: str = "evaluation"
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Keep one workbook of a form per unit (or per project) and year; list the copies.

    A unit may hand in its portable and its add-in workbook, or the same file twice. Ranking
    both would rank the unit twice, so per (单位编码, 年度) only the most recently modified copy
    counts (the last one saved is the unit's latest word; on equal times the later path in
    sorted order). Its 问题 cell names the copies left out (PS-W015). A workbook without a
    unit code (a blank template filled in without one) is matched by its unit name; one with
    neither cannot be matched and counts.

    A form filled per project (:attr:`scoring.forms.FormSpec.filled_per`) is matched by
    (项目编码, 年度) instead (:func:`_project_key`), and a filled copy wins over a 未填报 one
    (an entry's ``filled``, true when absent) whatever their times.

    Args:
        found: What :func:`read_one` returned for each workbook of the form, in file order.
        kind: The form (:data:`scoring.forms.FORMS`).

    Returns:
        The entries that count, in file order, and one duplicates-table row per workbook of a
        unit (or project) found more than once (:data:`DUPLICATE_COLUMNS`).
    """
    per_project = forms.FORMS[kind].filled_per == "project"
    key_of = _project_key if per_project else _unit_key
    groups: dict[tuple[str, str, Any], list[int]] = {}
    for index, entry in enumerate(found):
        key = key_of(entry["row"])
        if key[1]:
            groups.setdefault(key, []).append(index)
    left_out: set[int] = set()
    duplicates: list[dict[str, Any]] = []
    for (field, code, year), indexes in groups.items():
        if len(indexes) < 2:
            continue
        kept = max(indexes, key=lambda i: (found[i].get("filled", True), found[i]["modified"],
                                           found[i]["row"]["file"]))
        others = [i for i in indexes if i != kept]
        left_out.update(others)
        row = found[kept]["row"]
        notice = COPIES_NOTICE.format(
            subject=COPIES_SUBJECTS[per_project], label=COPIES_LABELS[field], code=code,
            year=year or "", count=len(indexes), form=forms.FORM_LABELS[kind],
            counted=COPIES_COUNTED.get(kind, COPIES_COUNTED[""]),
            files=_joined(found[i]["row"]["file"] for i in others))
        row["issues"] = _joined([notice, row.get("issues", "")])
        for i in indexes:
            duplicates.append(_duplicate_row(found[i]["row"], kind, found[i]["modified"], i == kept))
    return [entry for i, entry in enumerate(found) if i not in left_out], duplicates


#: The notice on the row of the copy that counts (PS-W015), ``str.format`` fields.
COPIES_NOTICE = ("[PS-W015] 同一{subject}（{label} {code}，{year}年度）有 {count} 个{form}工作簿，"
                 "按最近修改的本文件计入{counted}，未计入：{files}")
#: Who hands a form in: a unit, or (forms filled per project) a project.
COPIES_SUBJECTS: dict[bool, str] = {False: "单位", True: "项目"}
#: The words of the fields copies are matched by.
COPIES_LABELS: dict[str, str] = {**UNIT_LABELS, "project_code": forms.PROJECT_CODE_LABEL}
#: What the copy that counts counts in, by form ("": every other form).
COPIES_COUNTED: dict[str, str] = {"evaluation": "排名", "": "汇总"}


def _duplicate_row(row: dict[str, Any], kind: str, modified: float, counted: bool
                   ) -> dict[str, Any]:
    """The duplicates-table row of one copy of a form's workbook."""
    return {**{key: row.get(key) for key in ("unit_code", "unit_name", "year", "variant", "total",
                                             "file")},
            "form": forms.FORM_LABELS[kind], "project_code": row.get("project_code", ""),
            "modified": _time(modified), "counted": YES if counted else NO}


def _unit_key(row: dict[str, Any]) -> tuple[str, str, Any]:
    """How copies of one unit's workbook are matched: unit code (else name) and year."""
    if row["unit_code"]:
        return "unit_code", row["unit_code"], row["year"]
    return "unit_name", row["unit_name"], row["year"]


def _project_key(row: dict[str, Any]) -> tuple[str, str, Any]:
    """How copies of one project's workbook are matched: 项目编码 and year (a workbook without
    a project code, a template filled in by hand, is not matched)."""
    return "project_code", row["project_code"], row["year"]


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


def _unfilled_copies(unfilled: list[dict[str, Any]], counted: list[dict[str, Any]],
                     duplicates: list[dict[str, Any]]
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split the unfilled workbooks: a unit that also handed in a filled copy has reported (its
    blank copy joins the duplicates table, not counted); the others are 未填报.

    Returns:
        The 未填报 rows and the duplicates rows.
    """
    filled = {_unit_key(entry["row"]): entry for entry in counted}
    listed = {entry["file"] for entry in duplicates}
    still: list[dict[str, Any]] = []
    for row in unfilled:
        entry = filled.get(_unit_key(row))
        if entry is None or not row[_unit_key(row)[0]]:
            still.append(row | {"modified": _time(row["modified"])})
            continue
        kept = entry["row"]
        field, unit, year = _unit_key(row)
        notice = (f"[PS-W015] 同一单位（{UNIT_LABELS[field]} {unit}，{year or ''}年度）另有未填报的"
                  f"空白自评表工作簿，未计入：{row['file']}")
        kept["issues"] = _joined([notice, kept["issues"]])
        if kept["file"] not in listed:
            listed.add(kept["file"])
            duplicates.append(_duplicate_row(kept, "evaluation", entry["modified"], True))
        duplicates.append(_duplicate_row(row | {"total": None}, "evaluation", row["modified"],
                                         False))
    return still, duplicates


def monitoring_entry(book: Any, path: Path, strict: bool) -> dict[str, Any]:
    """The summary rows of a monitoring workbook: its lights, and its red rows."""
    from ..workbook.monitoring_reader import monitoring_report

    data = monitoring_report(book)
    meta = book.metadata
    unit = {"unit_code": data["unit_code"] or meta.unit_code,
            "unit_name": data["unit_name"] or meta.unit_name}
    row = {**unit, "year": meta.year_number, "period": data["period"],
           "variant": VARIANT_LABELS.get(meta.variant, meta.variant), **data["lights"],
           "unfilled": data["unfilled"]["indicators"],
           "execution_rate": _percent(data["execution_rate"]),
           "time_progress": _percent(data["time_progress"]),
           "issues": _joined(_issue(i["code"], i.get("cell"), i["message"])
                             for i in data["issues"]),
           "file": str(path)}
    red = [{**unit, "section": SECTION_LABELS["indicator"], "item": entry["level3"],
            "target": entry["half_value"], "actual": entry["actual"],
            "reason": _joined((entry["reason_type"], entry["reason"])) or MISSING,
            "measures": entry["measures"] or MISSING, "file": str(path)}
           for entry in data["indicators"] if entry["light"] == "red"]
    red += [{**unit, "section": SECTION_LABELS["fund"], "item": entry["label"],
             "target": _percent(entry["progress"]), "actual": _percent(entry["rate"]),
             "reason": entry["reason"] or MISSING, "measures": entry["measures"] or MISSING,
             "file": str(path)}
            for entry in data["funds"] if entry["light"] == "red"]
    return {"kind": "monitoring", "row": row, "red": red,
            "disagreements": _disagreement_rows(unit, data["disagreements"], path)}


def project_entry(book: Any, path: Path, strict: bool) -> dict[str, Any]:
    """The summary rows of a project self-evaluation workbook: its score row, its lost rows and
    its review findings (:func:`scoring.project.review_project`), each finding with its cell.

    A workbook in which nothing was executed or completed yet (no 全年执行数, no 实际完成值) is
    未填报: listed without a score, its zeros are not averaged and its findings not reported.
    The entry also carries what :func:`one_per_unit` and :func:`mismatched_declarations` need:
    its time, whether it is filled, the checksum and the rows of its indicators.
    """
    from ..workbook.project_reader import finding_cell, read_project, score_project
    from ..workbook.project_sheet import project_checksum
    from ..workbook.project_status import project_identity

    filled = read_project(book)
    evaluation = filled.evaluation
    identity = project_identity(filled)
    project = {key: identity[key] for key in ("unit_code", "unit_name", "project_code", "project")}
    row = {**identity, "year": filled.metadata.year_number, "profile": filled.profile.title,
           "file": str(path)}
    row["variant"] = VARIANT_LABELS.get(filled.metadata.variant, filled.metadata.variant)
    compared = {"modified": _modified(path), "checksum": project_checksum(evaluation),
                "indicators": _indicator_rows(evaluation.indicators)}
    if evaluation.unfilled:
        return {"kind": "project", "row": row | {"grade": UNFILLED}, "lost": [], "review": [],
                "filled": False, **compared}
    data = score_project(filled)
    # 湖北's copy of the form has one project-wide 偏差原因分析 instead of a reason per row
    reasons = [indicator.reason if filled.profile.reason_per_row else evaluation.deviation
               for indicator in evaluation.indicators]
    lost = [{**project, "indicator": fund["label"], "points": fund["points"],
             "score": fund["score"], "lost": round(fund["lost"], 2), "reason": evaluation.fund_reason}
            for fund in data["funds"] if fund["lost"] > 0]
    lost += [{**project, "indicator": entry["name"], "points": entry["points"],
              "score": entry["final"], "lost": round(entry["lost"], 2),
              "reason": reasons[entry["index"] - 1]}
             for entry in data["indicators"] if entry["lost"] > 0 and not entry["not_applicable"]]
    review = [{**project, "code": finding["code"],
               "where": finding_cell(filled, finding["code"], finding["item"]),
               "message": finding["message"], "file": str(path)} for finding in data["review"]]
    row.update({
        "total": data["total"], "grade": data["grade"],
        "execution_rate": data["funds"][0]["rate"],
        "lost": -round(sum(entry["lost"] for entry in lost), 2) or 0.0,  # negative, as 汇总's
        "lost_items": _joined(f"{entry['indicator']} −{entry['lost']:g}" for entry in lost),
        "review": len(review),
        "issues": _joined(_issue(i["code"], finding_cell(filled, i["code"], i["item"]), i["message"])
                          for i in data["issues"]),
        "disagreements": _joined(d["message"] for d in data["disagreements"]),
        "not_calculated": data["not_calculated"]})
    return {"kind": "project", "row": row, "lost": lost, "review": review, **compared}


def _indicator_rows(indicators: Iterable[Any]) -> list[str]:
    """Each indicator as the mismatch finding names it (``产出指标 数量指标 服务老人人数 ≥1200人``):
    the 一级, 二级, 三级 and 指标值 that :func:`scoring.workbook.project_sheet.project_checksum`
    hashes."""
    return [" ".join(text for text in (str(row.level1), str(row.level2), str(row.name),
                                       target_text(row)) if text) for row in indicators]


def project_target_entry(book: Any, path: Path, strict: bool) -> dict[str, Any]:
    """The summary rows of a project target declaration (项目支出绩效目标申报表): its row, its
    problems (:func:`scoring.project.check_target`) as review findings, each with its cell, and
    what :func:`one_per_unit` and :func:`mismatched_declarations` need (its time, the checksum,
    rows and cells of its indicators: the annual group, the one the self-evaluation scores; the
    中期（长期）group is counted in its row and checked, never compared)."""
    from ..project import ProjectEvaluation, check_target
    from ..workbook.project_sheet import project_checksum
    from ..workbook.project_target_reader import declaration_cell, read_filled_project_target

    filled = read_filled_project_target(book)
    target, meta = filled.target, filled.metadata
    project = {"unit_code": meta.unit_code, "unit_name": meta.unit_name or target.unit,
               "project_code": filled.project_code, "project": target.name}
    review = [{**project, "code": issue.code,
               "where": declaration_cell(filled, issue.code, issue.item),
               "message": issue.message, "file": str(path)}
              for issue in (*filled.problems, *check_target(target))]
    row = {**project, "year": meta.year_number, "attribute": target.attribute,
           "period": target.period,
           **{f"{column}_total": funds.total for column, funds in target.funds.items()},
           "indicators": len(target.indicators), "mid_indicators": len(target.mid_indicators),
           "review": len(review), "file": str(path),
           "variant": VARIANT_LABELS.get(meta.variant, meta.variant)}
    evaluated = tuple(indicator.as_evaluated() for indicator in target.indicators)
    return {"kind": "project_target", "row": row, "review": review, "modified": _modified(path),
            "checksum": project_checksum(ProjectEvaluation(target.name, indicators=evaluated)),
            "indicators": _indicator_rows(evaluated),
            "cells": [declaration_cell(filled, MISMATCH_CODE, f"indicator.{index}")
                      for index in range(1, len(evaluated) + 1)],
            "table": declaration_cell(filled, MISMATCH_CODE, "indicators")}


#: The finding of a declaration whose indicators are not its self-evaluation's.
MISMATCH_CODE = "PS-X111"
#: Its message: the first indicator that differs, and the self-evaluation's file.
MISMATCH_MESSAGE = "{title}：第{index}个指标，目标申报表为“{declared}”，项目自评表为“{evaluated}”（{file}）"
#: What the message shows for an indicator one of the forms does not have.
NO_INDICATOR = "（无）"


def mismatched_declarations(declarations: list[dict[str, Any]],
                            evaluations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compare each counted declaration with the counted self-evaluation of the same project
    (项目编码 and year): the checksums of their indicators (一级, 二级, 三级, 指标值) must agree.

    Sets each declaration row's 指标与自评表一致 (是 / 否; blank without a self-evaluation or a
    project code) and counts the PS-X111 finding in its 审核提示数.

    Returns:
        The PS-X111 review rows, located at the declaration's first indicator that differs
        (its whole 一级 column when the declaration lacks that row).
    """
    by_project = {_project_key(entry["row"]): entry for entry in evaluations
                  if entry["row"]["project_code"]}
    found = []
    for entry in declarations:
        row = entry["row"]
        evaluation = by_project.get(_project_key(row)) if row["project_code"] else None
        row["matches"] = "" if evaluation is None else (
            YES if evaluation["checksum"] == entry["checksum"] else NO)
        if row["matches"] != NO:
            continue
        declared, evaluated = entry["indicators"], evaluation["indicators"]
        index = next((i for i, pair in enumerate(zip(declared, evaluated)) if pair[0] != pair[1]),
                     min(len(declared), len(evaluated)))
        found.append({key: row[key] for key in ("unit_code", "unit_name", "project_code", "project")}
                     | {"code": MISMATCH_CODE,
                        "where": entry["cells"][index] if index < len(declared) else entry["table"],
                        "message": MISMATCH_MESSAGE.format(
                            title=CODES[MISMATCH_CODE], index=index + 1,
                            declared=declared[index] if index < len(declared) else NO_INDICATOR,
                            evaluated=evaluated[index] if index < len(evaluated) else NO_INDICATOR,
                            file=Path(evaluation["row"]["file"]).name),
                        "file": row["file"]})
        row["review"] += 1
    return found


def project_units(projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per unit and year, in the order units first appear: how many projects it handed in (each
    counted once, 未填报 ones included), how many of them are 未填报, and the average and lowest
    total (two decimals) of the others (a 未填报 project's zeros are no score)."""
    groups: dict[tuple[str, str, Any], list[dict[str, Any]]] = {}
    for row in projects:
        groups.setdefault((row["unit_code"], row["unit_name"], row["year"]), []).append(row)
    found = []
    for (code, name, year), rows in groups.items():
        totals = [row["total"] for row in rows if row.get("total") is not None]
        found.append({"unit_code": code, "unit_name": name, "year": year, "projects": len(rows),
                      "average": round(sum(totals) / len(totals), 2) if totals else None,
                      "lowest": min(totals) if totals else None,
                      "unfilled": len(rows) - len(totals)})
    return found


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def target_entry(book: Any, path: Path, strict: bool) -> dict[str, Any]:
    """The summary row of a target-form workbook."""
    filled = read_target(book)
    form = filled.form
    return {"kind": "target", "row": {
        "unit_code": form.unit_code, "unit_name": form.unit_name, "year": form.year,
        "annual_total": form.funding.annual_total, "half_total": form.funding.half_total,
        "indicators": sum(1 for row in form.indicators if row.level3),
        "changed": YES if filled.changed else NO,
        "problems": _joined(_issue(error.code, error.cell or error.location(file=False),
                                   error.message) for error in filled.problems),
        "file": filled.file}}


def _failure_row(failure: WorkerFailure[str], limits: WorkerLimits) -> dict[str, Any]:
    """The unreadable-table row of a file whose worker died, overran or failed."""
    code = "PS-W004" if failure.reason in ("memory", "time") else "PS-W002"
    return {"kind": "unreadable", "row": {"file": str(failure.item), "code": code, "where": "",
                                          "message": failure.message(limits)}}


def _read_many(paths: list[str], jobs: int, strict: bool = False,
               limits: WorkerLimits = READ_LIMITS) -> Iterator[dict[str, Any]]:
    """Summary rows of ``paths`` in their order, each file read in an isolated worker.

    A file whose worker dies or overruns ``limits`` becomes an unreadable row (PS-W004 for the
    memory or time limit, PS-W002 for any other crash) and the run goes on with a fresh worker
    (:func:`.workers.run_isolated`); results come back in the order of ``paths`` whatever the
    number of workers, so the tables are the same as a serial run's.
    """
    for found in run_isolated(partial(read_one, strict=strict), paths, jobs=jobs, limits=limits):
        yield _failure_row(found, limits) if isinstance(found, WorkerFailure) else _shared_keys(found)


def _shared_keys(value: Any) -> Any:
    """``value`` with the keys of its dicts interned (:func:`sys.intern`), at any depth.

    Each file's rows come from a worker pickled on their own, so every row would hold its own
    copy of every key ("unit_code", "file", …), and the run keeps one per file until the tables
    are built (issue #13: memory that grows with N; with the paths held as strings, the objects
    collect kept for 9,004 workbooks went from 20 to 13 MB: tracemalloc diagnostic).
    """
    if isinstance(value, dict):
        return {sys.intern(key) if isinstance(key, str) else key: _shared_keys(item)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_shared_keys(item) for item in value]
    return value


def collect(folder: str | Path, *, jobs: int | None = None, exclude: Iterable[Path] = (),
            progress: bool = False, strict: bool = False,
            limits: WorkerLimits = READ_LIMITS) -> Collected:
    """Read, re-score and tabulate every workbook under ``folder``.

    Args:
        folder: The folder of filled workbooks (searched recursively).
        jobs: Worker processes (default: the CPU count; each file is read in one of them).
        exclude: Files to leave out (the summary being written into the same folder).
        progress: Show a progress bar on stderr.
        strict: List workbooks with rules the reader cannot read as unreadable (PS-R007).
        limits: Memory and time each file may take (see :mod:`.workers`).

    Returns:
        The :class:`Collected` tables; units are ranked by total within each year (ties share a
        rank), the latest year first.

    Raises:
        WorkbookFileError: PS-W001 when ``folder`` does not exist or is not a folder.
    """
    from tqdm import tqdm

    check_folder(folder)
    paths = [str(path) for path in workbook_files(folder, exclude)]  # a Path object holds more
    evaluations, targets, unreadable, unfilled = [], [], [], []
    monitoring: list[dict[str, Any]] = []
    red_lights: list[dict[str, Any]] = []
    monitoring_diffs: list[dict[str, Any]] = []
    projects: list[dict[str, Any]] = []
    project_lost: list[dict[str, Any]] = []
    project_review: list[dict[str, Any]] = []
    declarations: list[dict[str, Any]] = []
    jobs = worker_count(jobs)
    for found in tqdm(_read_many(paths, jobs, strict, limits), total=len(paths), disable=not progress,
                      unit="个", desc="读取工作簿", leave=False, file=unfiltered(sys.stderr)):
        kind = found["kind"]
        if kind == "evaluation":
            evaluations.append(found)
        elif kind == "target":
            targets.append(found["row"])
        elif kind == "monitoring":
            monitoring.append(found["row"])
            red_lights.extend(found["red"])
            monitoring_diffs.extend(found["disagreements"])
        elif kind == "project":
            projects.append(found)
        elif kind == "project_target":
            declarations.append(found)
        elif kind == "unfilled":
            unfilled.append(found["row"])
        else:
            unreadable.append(found["row"])
    counted, duplicates = one_per_unit(evaluations)
    unfilled, duplicates = _unfilled_copies(unfilled, counted, duplicates)
    # A project handed in twice counts once per form, as a unit's self-evaluation does.
    projects, copies = one_per_unit(projects, "project")
    declarations, more = one_per_unit(declarations, "project_target")
    duplicates += copies + more
    for found in projects:
        project_lost.extend(found["lost"])
        project_review.extend(found["review"])
    for found in declarations:
        project_review.extend(found["review"])
    project_review.extend(mismatched_declarations(declarations, projects))
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
        # Each year is ranked on its own: a folder may hold last year's workbooks too.
        # (a total that is not a number, which the reader never lets through, ranks last)
        frame["rank"] = frame.groupby("year", dropna=False)["total"].rank(
            method="min", ascending=False, na_option="bottom").astype(int)
        frame = frame.sort_values(["year", "rank", "unit_code"], ascending=[False, True, True],
                                  kind="stable", na_position="last").reset_index(drop=True)
    headers = {**UNIT_COLUMNS, **{code: code for code in sections}}
    rows = {"lost_items": lost, "disagreements": diffs + monitoring_diffs, "targets": targets,
            "monitoring": monitoring, "red_lights": red_lights, "unreadable": unreadable,
            "duplicates": duplicates, "unfilled": unfilled,
            "projects": [found["row"] for found in projects],
            "project_units": project_units([found["row"] for found in projects]),
            "project_lost": project_lost, "project_review": project_review,
            "project_targets": [found["row"] for found in declarations]}
    return Collected(units=frame.rename(columns=headers), **{
        table.key: pd.DataFrame(rows[table.key], columns=list(table.columns)).rename(
            columns=dict(table.columns))
        for table in forms.SUMMARY_TABLES if table is not forms.EVALUATION_SUMMARY})
