"""The record-and-replay of rules behind evaluation templates (scoring/batch/recorded_rules.py):
what the writer reads of a rule is recorded, its formulas become sentinels, and another unit's
rule is asked the same questions."""

from __future__ import annotations

from scoring.batch.recorded_rules import RuleRecording
from scoring.parse import parse_rule

GRADED = "办理比率在{}%以上得10分，每降低5%扣2分，低于60%不得分。"


def _recording(count: int = 1) -> tuple[RuleRecording, list[str]]:
    """A recording of ``count`` rules whose formula sentinels are ``=F1``, ``=F2`` … (``F1``
    for a piece of a formula), and the formulas they stand for."""
    formulas: list[str] = []

    def sentinel(text: str) -> str:
        formulas.append(text)
        return ("=" if text.startswith("=") else "") + f"F{len(formulas)}"

    return RuleRecording(sentinel, count), formulas


def test_formulas_are_sentinels_and_other_answers_are_the_rules():
    recording, formulas = _recording()
    rule = recording.rule(0, parse_rule(GRADED.format(99), 10))
    assert rule.input_kind == "percent"
    assert rule.to_formula("K9") == "=F1"
    assert rule.to_formula("K9") == "=F1"  # the same question, the same sentinel
    assert rule.to_formula("K10") == "=F2"
    assert rule.veto_formula("K9") is None  # not a veto: no formula, an answer like another
    assert formulas == [parse_rule(GRADED.format(99), 10).to_formula(ref) for ref in ("K9", "K10")]
    assert "K9<0.6" in formulas[0] and "K9>=0.99" in formulas[0]


def test_replay_gives_each_rules_own_formulas_in_sentinel_order_or_refuses():
    recording, _ = _recording(2)
    first = recording.rule(0, parse_rule(GRADED.format(99), 10))
    second = recording.rule(1, parse_rule("制度健全得2分，否则不得分。", 2))
    assert first.input_kind == "percent"
    assert [first.to_formula("K9"), second.to_formula("K10"), first.to_formula("K11")] == [
        "=F1", "=F2", "=F3"]
    same = parse_rule("制度健全得2分，否则不得分。", 2)
    replayed = recording.replay([parse_rule(GRADED.format(87.5), 10), same])
    assert replayed == [parse_rule(GRADED.format(87.5), 10).to_formula("K9"),
                        same.to_formula("K10"),
                        parse_rule(GRADED.format(87.5), 10).to_formula("K11")]
    assert "K9>=0.875" in replayed[0]
    # a rule the writer would treat otherwise (another input kind) is not replayed
    assert recording.replay([same, same]) is None
    assert recording.replay([same]) is None  # another number of rules


def test_an_argument_that_cannot_be_compared_leaves_the_recording_incomplete():
    recording, _ = _recording()
    rule = recording.rule(0, parse_rule(GRADED.format(99), 10))
    rule.values(["97%"])  # a list: not hashable, so not comparable as a question
    assert not recording.complete
    assert recording.replay([parse_rule(GRADED.format(99), 10)]) is None


def test_a_formula_answered_otherwise_is_not_replayed():
    """A veto formula where the template's rule had none (or none where it had one), a formula
    piece where the template's was a whole formula, or a question the unit's rule cannot answer
    (it raises): the writer builds that unit."""
    veto = parse_rule("出现重大违纪违法问题的，实行一票否决。", 10)
    plain = parse_rule("制度健全得10分，否则不得分。", 10)
    assert veto.input_kind == plain.input_kind == "choice"
    recording, _ = _recording()
    rule = recording.rule(0, plain)
    assert rule.input_kind == "choice" and rule.veto_formula("K9") is None
    assert recording.replay([veto]) is None
    recording, _ = _recording()
    rule = recording.rule(0, veto)
    assert rule.input_kind == "choice" and rule.veto_formula("K9") == "F1"
    assert recording.replay([plain]) is None

    recording, formulas = _recording()
    rule = recording.rule(0, parse_rule("制度健全得2分，否则不得分。", 2))
    assert rule.accepts_formula("K9") == "F1" and not formulas[0].startswith("=")
    other = parse_rule("制度完善得2分，否则不得分。", 2)
    assert recording.replay([other]) == [other.accepts_formula("K9")]

    class Broken:
        """Answers like the recorded rule but fails to write its formula."""

        def __getattr__(self, name):
            if name == "accepts_formula":
                raise ValueError("broken")
            return getattr(parse_rule("制度健全得2分，否则不得分。", 2), name)

    assert recording.replay([Broken()]) is None
