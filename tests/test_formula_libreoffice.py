"""Native formulas agree with ``Rule.score`` when headless LibreOffice recalculates them.

One workbook holds a grid of (rule, actual) cases across every rule kind, step boundaries
included: column A the actual value, column B the formula from ``rule.to_formula("A<n>")``.
LibreOffice converts it once; every recalculated cell must equal the Python score within 1e-9.
"""

from __future__ import annotations


from decimal import Decimal

import pytest

from corpus.runner import cases as corpus_cases
from rule_bounds import bounds
from test_rule_shapes import SHAPES

from scoring.errors import ActualValueError, PerfscoreError
from scoring.parse import parse_rule, rule_from_target
from scoring.parts import kind_of
from scoring.policies import DEFAULT_POLICIES, Policies
from scoring.rules import Rule, RuleKind
from scoring.vocab import FORMULA_REFUSALS

openpyxl = pytest.importorskip("openpyxl")
python_calamine = pytest.importorskip("python_calamine")

STEP = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
STEP_BELOW = "满意度在95%以上得5分，每降低5%扣2分，60%以下不得分。"
RATES = [None, 95, 10.5, 10, 1.2, 1.0, 0.99, 0.985, 0.97, 0.95, 0.94, 0.939, 0.9, 0.89, 0.85,
         0.8, 0.79, 0.75, 0.7, 0.69, 0.65, 0.6, 0.59, 0.5, 0.0, -0.1]
OVER = [None, 0.0, 0.5, 0.99, 1.0, 1.001, 1.01, 1.025, 1.05, 1.1, 1.2, 2.0]
#: (rule text, points, policies, actual values).
CASES: list[tuple[str, float | None, Policies, list[object]]] = [
    (STEP, None, DEFAULT_POLICIES, RATES),
    (STEP, None, DEFAULT_POLICIES.with_(partial_step="down"), RATES),
    (STEP, None, DEFAULT_POLICIES.with_(partial_step="linear"), RATES),
    (STEP_BELOW, None, DEFAULT_POLICIES, RATES),
    ("完成率在90%以上得10分，每降低5%扣2分，不足5%的不扣分，低于60%不得分。", None, DEFAULT_POLICIES, RATES),
    ("完成率在90%以上得10分，每降低10%扣5分，按比例扣分", None, DEFAULT_POLICIES, RATES),
    ("预算执行率在 90%以上，得 2 分。", None, DEFAULT_POLICIES, RATES),
    ("得分＝预算执行率×分值", 2, DEFAULT_POLICIES, RATES),
    ("实际完成值/95%×分值", 4, DEFAULT_POLICIES, RATES),
    ("90%（含）以上得5分，80%（含）-90%得3分，80%以下不得分", None, DEFAULT_POLICIES, RATES),
    ("项目完成率≥95%,计6分;85%(含)-95%,计4分;70%(含)-85%,计2分;低于70%不得分。", None,
     DEFAULT_POLICIES, RATES),
    ("以100%为标准。公用经费控制率≦100%,计4分;每超过一个百分点扣0.4分,扣完为止。", None,
     DEFAULT_POLICIES, OVER),
    ("以100%为标准，≤100%得4分，每超过1%扣0.4分", None, DEFAULT_POLICIES.with_(partial_step="linear"),
     OVER),
    ("每超过1%扣0.5分", 2, DEFAULT_POLICIES, [None, 0.0, 0.005, 0.01, 0.02, 0.035, 0.05]),
    ("决策制度建立完整，得 2 分。", None, DEFAULT_POLICIES,
     [None, "是", "达成", "完成", "部分达成", "基本达成", "否", "未达成"]),
    ("部门预算编制规范，得 2.5 分。", None, DEFAULT_POLICIES.with_(tier_partial=0.6),
     [None, "达成", "基本达成", "未达成"]),
    ("“三公”经费使用超支扣分，若不超支则不扣分", 2, DEFAULT_POLICIES,
     [None, "不超支", "未超支", "没有超支", "超支", "是"]),
    ("内控制度完善的得4分,基本完善的得2分,不完善的不得分。", None, DEFAULT_POLICIES,
     [None, "完善", "基本完善", "不完善"]),
    ("每发现一处问题扣0.5分,扣完为止", 2, DEFAULT_POLICIES, [None, 0, 1, 2, 3, 4, 5, 10]),
    ("扣0.2分/项", 1, DEFAULT_POLICIES, [None, 0, 1, 3, 5, 6]),
    ("①制度健全,1分;②执行到位,1分;③公开,1分", None, DEFAULT_POLICIES,
     [None, "①", "①③", "②③", "①②③", "③", 0, 2, 3]),
    ("①制度健全,得2分;②执行到位,得1分", None, DEFAULT_POLICIES, [None, "①", "②", "①②"]),
    ("①制度健全,1分;②执行到位,1分", None, DEFAULT_POLICIES,
     [None, "①是；②否", "①否②是", "① 否；② 是", "无", "均不满足"]),
    ("报表装订整齐、顺序正确、纸张大小符合规定的得5分。未装订或装订不整齐扣2分,装订顺序不正确扣1分,"
     "纸张大小不符合规定扣2分。", None, DEFAULT_POLICIES,
     [None, "①", "①③", "②③", "①②③", "③①", "①否②是③是", "无", "达成", "未装订", "装订不整齐",
      "装订顺序不正确", "报表装订整齐、顺序正确、纸张大小符合规定"]),
    ("资料不全的扣1分；未按时报送的扣1分", 2, DEFAULT_POLICIES,
     [None, "①", "①②", "资料不全", "未按时报送", "无", "没有问题", 0, 1, 2, "2", "①未②", "①未发现②"]),
    ("会计核算不规范扣1分，原始凭证不完整扣1分，账务处理不及时扣1分，最多扣2分", 3, DEFAULT_POLICIES,
     [None, "①", "①②", "①②③", "②否", 0, 1, 2, 3, "3", "无", "会计核算不规范"]),
    ("受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分，得到市级考核一等奖加 1 分，得到市级考核二等奖加 0.5 分；"
     "同一项工作不累计加分", 5, DEFAULT_POLICIES,
     [None, "国务院嘉奖", "省级嘉奖；市级考核一等奖", "受到省级嘉奖；省级嘉奖；省级嘉奖",
      "市级考核二等奖", "市级考核一等奖；市级考核二等奖；市级考核二等奖"]),
    ("酌情扣分", 5, DEFAULT_POLICIES, [None, 0, 2.5, 5, 7]),  # -1 is PS-V004, not a score
    ("接报突发事件信息办结率；人大代表满意率；政协委员同意率和理解率等作为标杆值。", 30, DEFAULT_POLICIES,
     [None, 30, 27.5, 31]),
    ("一票否决", None, DEFAULT_POLICIES, [None, "是", "发生", "否"]),
    # Texts the acceptance review found dropped or refused (DOMAIN §4, other provinces).
    ("执行率达到90%得2分，未达到的按比例计分", None, DEFAULT_POLICIES, RATES),
    ("全部完成得3分，完成80%以上得2分，完成60%以上得1分，否则不得分", None, DEFAULT_POLICIES, RATES),
    ("完成得2分，未完成不得分，部分完成得1分", None, DEFAULT_POLICIES, [None, "完成", "部分完成", "未完成"]),
    ("按时达成率90%以上得10分，每降低10%扣5分,如86%扣5分", None, DEFAULT_POLICIES, RATES),
    ("满意度≥90%得3分；80%≤满意度<90%得2分；满意度<80%不得分", None, DEFAULT_POLICIES, RATES),
    ("完成率100%得5分，低于100%不得分", None, DEFAULT_POLICIES, RATES),
    ("完成率100%得3分，90%（含）-100%得2分，90%以下得1分", None, DEFAULT_POLICIES, RATES),
    ("得分=实际完成率×10", None, DEFAULT_POLICIES, RATES),
    ("预算执行率≥90%，得2分；每低1个百分点扣0.1分", None, DEFAULT_POLICIES, RATES),
    ("满意度≥90%得满分；80%-90%得一半分值；低于80%不得分", 4, DEFAULT_POLICIES, RATES),
    ("每项扣1分，最多扣3分", 5, DEFAULT_POLICIES, [None, 0, 1, 2, 3, 4, 10]),
    ("出现一次重大安全事故扣5分", 5, DEFAULT_POLICIES, [None, 0, 1, 2]),
    ("满意度不满90%不得分，否则得5分", None, DEFAULT_POLICIES, RATES),
    # Wordings of other bureaus (docs/rules.md): 每低于, 每增加, (不含), 按实际完成比例, 不足…按比例.
    ("预算执行率在95%以上得10分，每低于5个百分点扣2分", None, DEFAULT_POLICIES, RATES),
    ("以100%为标准，≤100%得4分，每增加1%扣0.5分", None, DEFAULT_POLICIES, OVER),
    ("执行率80%以上得10分，每降低5%扣1分，低于60%（不含）不得分", None, DEFAULT_POLICIES, RATES),
    ("执行率80%以上得10分，每降低5%扣1分，60%以下（不含60%）不得分", None,
     DEFAULT_POLICIES.with_(partial_step="down"), RATES),
    ("90%以上（不含90%）得5分", None, DEFAULT_POLICIES, RATES + [0.9001]),
    ("满意度90%（不含）以上得5分，80%-90%（含）得3分，80%以下不得分", None, DEFAULT_POLICIES, RATES),
    ("按实际完成比例计分", 4, DEFAULT_POLICIES, RATES),
    ("办理比率在99%以上得10分，每降低5%扣2分，不足5个百分点的按比例扣分", None,
     DEFAULT_POLICIES.with_(partial_step="up"), RATES),
]
BOUNDARIES = [
    (f"{head}{line}%{tail}得20分，每{word}{step}%扣2分", None, DEFAULT_POLICIES.with_(partial_step=policy),
     [float((Decimal(line) + sign * Decimal(step) * k) / 100) for k in range(9)])
    for line, step, policy in [(63, 1, "up"), (87, 2, "down"), (99, 5, "up"), (71, 10, "up")]
    for head, tail, word, sign in [("在", "以上", "降低", -1), ("≤", "", "超过", 1)]
]
TARGETS: list[tuple[str, float, list[object]]] = [
    ("≥99%", 10, RATES),
    ("≤100%", 4, OVER),
    ("=100%", 3, RATES),
    ("≤0%", 2, [None, -0.05, 0.0, 0.01]),
    ("超过90%", 4, RATES),
    ("不满60%", 4, [None, 0.3, 0.59, 0.6, 0.75, 1.2]),
    ("≥10条", 5, [None, 0, 5, 9, 10, 12]),
    ("健全", 2, [None, "健全", "已健全", "基本健全", "是", "部分达成", "不健全"]),
]


def _as_typed(rule: Rule, actual: object) -> object:
    """A value as a cell holds it once typed: a number or percentage typed into a numeric cell
    is a number (Excel and LibreOffice convert ``95%`` to 0.95); anything else stays text."""
    if rule.inputs != 1 or rule.input_kind not in ("percent", "number", "count", "score"):
        return actual
    if isinstance(actual, str):
        from scoring.actuals import coerce_number
        try:
            return coerce_number(actual, percent=actual.strip().endswith("%"))
        except PerfscoreError:
            return actual
    return actual


def _edges(rule: Rule) -> list[float]:
    """Values at and beside every line, floor and band bound of a rule (step boundaries)."""
    values: set[float] = set()
    for bound, step in bounds(rule):
        values.update(round(bound + k * step, 10) for k in (-3, -2, -1, 0, 1))
        values.update((round(bound - 0.001, 10), round(bound + 0.001, 10)))
    return sorted(values)


def _corpus_rows() -> list[tuple[str, object, Rule, Policies]]:
    """Every rule of the corpus and the shapes that parses: its cases, its step boundaries and
    every answer it accepts (issue #9: the formula agrees with the engine on all of them)."""
    rows = []
    texts = [(case.text, case.points, [case.typed]) for case in corpus_cases()]
    texts += [(text, points, [actual for actual, _ in cases]) for text, points, cases in SHAPES]
    seen: dict[tuple[str, float | None], list[object]] = {}
    for text, points, actuals in texts:
        seen.setdefault((text, points), []).extend(actuals)
    for (text, points), actuals in seen.items():
        try:
            rule = parse_rule(text, points)
        except PerfscoreError:
            continue
        values = list(actuals) + (_edges(rule) if rule.inputs == 1 else []) + list(rule.accepted())
        for actual in dict.fromkeys(map(repr, values)):
            value = eval(actual)  # noqa: S307 - the repr of our own values
            typed = _as_typed(rule, value)
            try:
                rule.score(typed)
            except PerfscoreError:
                continue  # refused by the engine: the form flags it, no score to compare
            rows.append((text, typed, rule, DEFAULT_POLICIES))
    return rows


def _grid() -> list[tuple[str, object, str, float]]:
    rows: list[tuple[str, object, str, float]] = []
    for text, points, policies, actuals in CASES + BOUNDARIES:
        rule = parse_rule(text, points)
        for actual in actuals:
            rows.append((text, actual, rule, policies))  # type: ignore[arg-type]
    for target, points, actuals in TARGETS:
        rule = rule_from_target(target, points)
        for actual in actuals:
            rows.append((target, actual, rule, DEFAULT_POLICIES))  # type: ignore[arg-type]
    unread = parse_rule("按照附件3的评分细则计分", 5, strict=False)
    rows += [("按照附件3的评分细则计分", value, unread, DEFAULT_POLICIES) for value in (None, 3, 5, 7)]
    rows += _corpus_rows()  # type: ignore[arg-type]
    return rows


def test_grid_covers_every_kind_with_enough_cases() -> None:
    rows = _grid()
    assert len(rows) >= 300
    kinds = {row[2].kind for row in rows}  # type: ignore[attr-defined]
    kinds |= {RuleKind(kind_of(part)) for row in rows for part in row[2].parts}  # type: ignore[attr-defined]
    assert kinds == set(RuleKind)


@pytest.mark.libreoffice
def test_formulas_agree_with_score_in_libreoffice(tmp_path) -> None:
    from scoring.workbook.libreoffice import recalculate

    rows = _grid()
    book = openpyxl.Workbook()
    sheet = book.active
    expected = []
    for index, (text, actual, rule, policies) in enumerate(rows, start=1):
        sheet.cell(index, 1, actual)
        sheet.cell(index, 2, rule.to_formula(f"A{index}", policies))
        sheet.cell(index, 3, text)
        try:
            expected.append(rule.score(actual, policies))
        except ActualValueError as error:  # refused: the formula shows the code, not a score
            expected.append(FORMULA_REFUSALS[error.code])
    source = tmp_path / "in" / "grid.xlsx"
    source.parent.mkdir()
    book.save(source)
    (output,) = recalculate([source], tmp_path / "out", timeout=180)
    values = python_calamine.CalamineWorkbook.from_path(str(output)).get_sheet_by_index(0).to_python()
    mismatches = []
    for index, ((text, actual, rule, policies), want) in enumerate(zip(rows, expected)):
        got = values[index][1]
        if isinstance(want, str) and got == want:
            continue
        if isinstance(want, str) or not isinstance(got, (int, float)) or abs(float(got) - want) > 1e-9:
            mismatches.append((text, actual, policies.partial_step, want, got,
                               rule.to_formula(f"A{index + 1}", policies)))
    assert not mismatches, "\n".join(map(repr, mismatches[:20]))
