"""Self-evaluation workbooks that batch fill patched from one template (units whose rules
differ only in their thresholds), recalculated by headless LibreOffice: each scores with its
own unit's thresholds, as the engine does (scoring/batch/recorded_rules.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from openpyxl import load_workbook

from scoring.batch.demo import demo_frames
from scoring.batch.fill import Filler
from scoring.batch.master import load_master, write_master
from scoring.forms import EVALUATION_FORM
from scoring.workbook.libreoffice import recalculate

pytestmark = pytest.mark.libreoffice

#: C11's rule with its threshold (99% in the example) and the actual value typed: 90%.
RULE = "办理比率在{}%以上得10分，每降低5%扣2分，低于60%不得分。"
TYPED = 0.9


def _with_threshold(unit, code: str, threshold: str):
    """``unit`` as ``code`` with C11's threshold replaced."""
    def item(node):
        return replace(node, rule_text=RULE.format(threshold) if node.code == "C11"
                       else node.rule_text, children=tuple(item(child) for child in node.children))

    framework = unit.framework
    return replace(unit, code=code, framework=replace(
        framework, sections=tuple(item(section) for section in framework.sections)))


def test_patched_evaluation_forms_score_with_their_own_thresholds(tmp_path, monkeypatch):
    from scoring.workbook import writer

    example = load_master(write_master(demo_frames(3), tmp_path / "master.xlsx")).units[0]
    units = [_with_threshold(example, f"90020{i}", threshold)
             for i, threshold in enumerate(("99", "95", "87.5"))]
    builds = []
    build = writer.build_evaluation_workbook
    monkeypatch.setattr(writer, "build_evaluation_workbook",
                        lambda *args, **kwargs: builds.append(1) or build(*args, **kwargs))
    filler = Filler(template_from=1)
    written = [filler.evaluation_bytes(unit) for unit in units]
    monkeypatch.undo()
    assert len(builds) == 2  # the template and its check: the other two are patched
    col = {column.key: column.letter for column in EVALUATION_FORM.columns}
    paths = []
    for unit, data in zip(units, written):
        path = tmp_path / f"{unit.code}.xlsx"
        path.write_bytes(data)
        wb = load_workbook(path)
        sheet = wb[EVALUATION_FORM.sheet]
        row = next(cell.row for cell in sheet["C"] if str(cell.value).startswith("C11 "))
        sheet[f"{col['actual']}{row}"] = TYPED
        wb.save(path)
        paths.append(path)
    scores = []
    for unit, path in zip(units, recalculate(paths, tmp_path / "out", timeout=240)):
        sheet = load_workbook(path, data_only=True)[EVALUATION_FORM.sheet]
        row = next(cell.row for cell in sheet["C"] if str(cell.value).startswith("C11 "))
        computed = sheet[f"{col['computed']}{row}"].value
        assert computed == unit.framework.get("C11").rule().score(TYPED), unit.code
        scores.append(computed)
    assert scores == [6, 8, 10]  # 99%: two steps of 5% short; 95%: one; 87.5%: met


def test_an_interrupted_recalculation_stops_libreoffice_and_leaves_no_profile(tmp_path,
                                                                            monkeypatch):
    """Ctrl-C or SIGTERM while LibreOffice converts: LibreOffice runs in a session of its own
    (signals to the command's process group miss it), so it is stopped with the command, and
    its temporary profile goes; no output appears after the command has stopped."""
    import subprocess
    import tempfile

    from scoring.workbook import libreoffice

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    started: list[subprocess.Popen] = []

    class Interrupted(subprocess.Popen):
        def communicate(self, *args, **kwargs):
            if kwargs.get("timeout") is not None:
                started.append(self)
                raise KeyboardInterrupt
            return super().communicate(*args, **kwargs)

    monkeypatch.setattr(libreoffice.subprocess, "Popen", Interrupted)
    source = write_master(demo_frames(3), tmp_path / "主数据.xlsx")
    with pytest.raises(KeyboardInterrupt):
        recalculate([source], tmp_path / "out", timeout=120)
    (process,) = started
    assert process.poll() is not None  # stopped, not left converting
    assert not list(tmp_path.glob("perfscore-lo-*"))
    assert not list((tmp_path / "out").iterdir())
