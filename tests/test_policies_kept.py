"""Scoring policies travel with the workbook (issue #11, point 2).

C11 of the seed: ``办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分``. At 97% the partial step
of 2% costs a whole step by default (8 points) and nothing under ``partial_step=down`` (10
points): the workbook, ``score``, ``collect`` and the add-in must all give the same one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from addin import udfs
from scoring.batch.collect import collect
from scoring.batch.demo import _area, demo_frames
from scoring.batch.fill import fill_units
from scoring.batch.master import POLICY_TABLE, load_master, policy_frame, write_master
from scoring.cli import main
from scoring.errors import MasterDataError, PolicyError
from scoring.forms import EVALUATION_FORM
from scoring.policies import (DEFAULT_POLICIES, SETTINGS, parse_policies, policies_text)
from scoring.workbook.reader import score_workbook

C11 = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
DOWN = DEFAULT_POLICIES.with_(partial_step="down")


def test_policies_text_round_trips_and_reads_chinese_words():
    chosen = DEFAULT_POLICIES.with_(partial_step="linear", tier_partial=0.7, veto="grade_poor")
    assert policies_text(DEFAULT_POLICIES) == ""
    assert policies_text(chosen) == "partial_step=linear;tier_partial=0.7;veto=grade_poor"
    assert parse_policies(policies_text(chosen)) == chosen
    assert parse_policies("不足一档的扣分=不扣；部分达成得分比例=70%") == DEFAULT_POLICIES.with_(
        partial_step="down", tier_partial=0.7)
    for bad in ("partial_step=sideways", "rounding=down", "部分达成得分比例=很多",
                "tier_partial=1.5"):
        with pytest.raises(PolicyError) as info:
            parse_policies(bad)
        assert info.value.code == "PS-P001"


def test_every_setting_is_in_the_docs_and_on_the_command_line(capsys):
    docs = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["fill", "--help"])
    help_text = capsys.readouterr().out
    for setting in SETTINGS:
        assert f"| {setting.label} | `{setting.option}` |" in docs
        assert setting.option in help_text
        for value, word in setting.choices:
            assert f"{word}（{value}）" in docs


def _typed(out: Path) -> Path:
    """The example unit's self-evaluation workbook with 97% typed for C11."""
    path = next(out.glob("*_001001_*_自评表*.xlsx"))
    wb = load_workbook(path)
    codes_ws, codes = _area(wb, EVALUATION_FORM.column("code").name)
    actual_ws, actuals = _area(wb, EVALUATION_FORM.column("actual").name)
    for code_ref, actual_ref in zip(codes, actuals):
        if codes_ws[code_ref].value == "C11":
            actual_ws[actual_ref].value = 0.97
    wb.save(path)
    return path


@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_a_workbook_made_under_a_policy_is_rescored_under_it(tmp_path, variant):
    frames = demo_frames(0)
    frames[POLICY_TABLE.sheet] = policy_frame(DOWN)
    master = load_master(write_master(frames, tmp_path / "master.xlsx"))
    assert master.policies == DOWN
    out = tmp_path / "out"
    fill_units(master, out, jobs=1, variant=variant)
    path = _typed(out)
    wb = load_workbook(path)
    meta_ws, (meta_ref,) = _area(wb, "meta_policies")
    assert meta_ws[meta_ref].value == "partial_step=down"
    assert score_workbook(path).result.item("C11").final == 10.0  # 8 under the defaults
    units = collect(out, jobs=1).units
    assert units.loc[units["单位编码"] == "001001", "C"].iloc[0] == 10.0  # C11 alone is typed
    if variant == "addin":
        _, refs = _area(wb, EVALUATION_FORM.column("computed").name)
        sheet = wb[EVALUATION_FORM.sheet]
        assert all(sheet[ref].value.endswith(",meta_policies)") for ref in refs
                   if str(sheet[ref].value).startswith("=PERF_SCORE("))
        # What the add-in computes in Excel with the workbook's metadata cell as argument.
        assert udfs.PERF_SCORE(0.97, C11, 10, "partial_step=down") == 10.0
        assert udfs.PERF_SCORE(0.97, C11, 10, None) == 8.0
        assert udfs.PERF_SCORE(0.97, C11, 10, "rounding=up").startswith("#PS-P001")


def test_the_command_line_overrides_the_master_data(tmp_path, capsys):
    master = write_master(demo_frames(0), tmp_path / "master.xlsx")
    out = tmp_path / "out"
    assert main(["fill", str(master), "--out", str(out), "--partial-step", "不扣"]) == 0
    assert score_workbook(_typed(out)).result.item("C11").final == 10.0
    assert main(["fill", str(master), "--out", str(tmp_path / "x"), "--partial-step", "随便"]) == 2
    assert capsys.readouterr().err.startswith("[PS-P001]")


def test_a_bad_policy_row_stops_the_run_at_its_row(tmp_path):
    frames = demo_frames(0)
    frames[POLICY_TABLE.sheet] = policy_frame(DEFAULT_POLICIES).assign(取值=["不扣", "很多"] + [
        value for value in policy_frame(DEFAULT_POLICIES)["取值"][2:]])
    with pytest.raises(MasterDataError) as info:
        load_master(write_master(frames, tmp_path / "master.xlsx"))
    assert info.value.code == "PS-P001" and info.value.row == 3
    assert info.value.sheet == POLICY_TABLE.sheet
