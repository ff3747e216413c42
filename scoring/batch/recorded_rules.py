"""What the self-evaluation writer reads of each rule, recorded once per layout and replayed
for every unit that shares it.

Each unit's thresholds are in its self-evaluation form's formulas (``办理比率在97%以上得10分``
writes a formula comparing with 0.97), so frameworks that differ only in those numbers would
each be built by the writer. Instead, while a layout's template is built, each rule the writer
asks for is a :class:`RecordingRule`: what the writer reads of it (its input kind, its choices,
the prompt of its inputs …) is recorded, and each formula it writes (:data:`FORMULA_METHODS`)
is a sentinel in the template. For another unit of the layout, :meth:`RuleRecording.replay`
asks the unit's own rules the same questions: when every answer but the formulas is the same,
the writer would have written the same workbook but for the formulas, and the formulas are the
unit's own (a rule whose numbers make it write another formula, such as a threshold of 100%,
is still right: the whole formula is the slot). Any other answer that differs, and the unit's
workbook is built by the writer.

This holds as long as the writer learns of a rule only through its properties and methods
(:class:`RecordingRule` stands in for the rule: an ``isinstance`` test or an operator would
not be recorded); the first workbook patched from each such template is compared with the
writer's (:meth:`scoring.batch.fill.Filler._checked`), which would catch a writer that did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..rules import Rule

#: The rule methods whose result is a formula (or a piece of one) the writer puts into a cell
#: as it is: in a template, a sentinel stands for it. The writer must not look into such a
#: result (its length, a part of it) beyond dropping its ``=``: it would be looking at the
#: sentinel, and only the first unit of each template is compared with the writer's.
FORMULA_METHODS = frozenset({"to_formula", "veto_formula", "accepts_formula"})

#: A question put to a rule: (attribute, None) for a property, (method, (args, kwargs)) for a
#: call.
Question = tuple[str, Any]


class _Formula:
    """A formula answer: what the writer was given in its place (a sentinel, ``=`` kept when
    the formula has one), and the formula itself (the template's own unit's)."""

    __slots__ = ("written", "text")

    def __init__(self, written: str, text: str) -> None:
        self.written = written
        self.text = text


class _Answer:
    """A recorded answer that is not a formula: the writer gets it as it is."""

    __slots__ = ("written",)

    def __init__(self, answer: Any) -> None:
        self.written = answer


class RuleRecording:
    """The questions the writer put to each of a layout's ``count`` rules (numbered in form
    order) and their answers. ``formula(text)`` gives the sentinel the writer gets for a
    formula (the probe's, :meth:`scoring.batch.fill._Probe.formula`), called in the order the
    formulas are first asked for: :meth:`replay` gives another unit's formulas in that order."""

    def __init__(self, formula: Callable[[str], str], count: int) -> None:
        self._formula = formula
        #: Per rule, question → answer (:class:`_Formula` or :class:`_Answer`).
        self.answers: list[dict[Question, _Formula | _Answer]] = [{} for _ in range(count)]
        #: The rules recorded: a unit whose rule is the same (units mostly share most of their
        #: rules) is not asked again.
        self.rules: list[Rule | None] = [None] * count
        #: (rule, question) of each formula, in the order first asked.
        self._asked: list[tuple[int, Question]] = []
        #: False when a question could not be recorded (an argument that cannot be compared):
        #: no other unit can be written from the template.
        self.complete = True

    def rule(self, index: int, rule: Rule) -> "RecordingRule":
        """``rule`` (the ``index``-th of the layout) as the writer is to see it."""
        self.rules[index] = rule
        return RecordingRule(rule, self, index)

    def note(self, index: int, question: Question, answer: Any) -> Any:
        """Record ``answer`` to ``question`` of rule ``index``; what the writer gets back."""
        answers = self.answers[index]
        try:
            known = answers.get(question)
        except TypeError:  # an argument that is no value (unhashable): nothing to compare
            self.complete = False
            return answer
        if known is None:
            if question[0] in FORMULA_METHODS and isinstance(answer, str):
                self._asked.append((index, question))
                known = _Formula(self._formula(answer), answer)
            else:
                known = _Answer(answer)
            answers[question] = known
        return known.written

    def replay(self, rules: Sequence[Rule]) -> list[str] | None:
        """The formulas ``rules`` (a unit's, in form order) write where the template's sentinels
        are, in sentinel order; None when the recording is incomplete, or one of the rules
        answers a question otherwise than the template's did (another answer; a formula with
        ``=`` where the template's had none, or the reverse): the writer builds that unit's
        workbook."""
        if not self.complete or len(rules) != len(self.answers):
            return None
        formulas: dict[tuple[int, Question], str] = {}
        for index, (rule, answers) in enumerate(zip(rules, self.answers)):
            same = rule == self.rules[index]
            for question, known in answers.items():
                if same:
                    if isinstance(known, _Formula):
                        formulas[index, question] = known.text
                    continue
                name, call = question
                try:
                    answer = getattr(rule, name)
                    if call is not None:
                        args, kwargs = call
                        answer = answer(*args, **dict(kwargs))
                except Exception:  # noqa: BLE001 - the writer builds it and says what failed
                    return None
                if isinstance(known, _Formula):
                    if (not isinstance(answer, str)
                            or answer.startswith("=") != known.text.startswith("=")):
                        return None
                    formulas[index, question] = answer
                elif answer != known.written:
                    return None
        return [formulas[asked] for asked in self._asked]


class RecordingRule:
    """A rule as the writer sees it while a template is built: every property read and method
    called is answered by the rule and recorded (:meth:`RuleRecording.note`)."""

    __slots__ = ("_rule", "_recording", "_index")

    def __init__(self, rule: Rule, recording: RuleRecording, index: int) -> None:
        self._rule = rule
        self._recording = recording
        self._index = index

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._rule, name)
        if not callable(value):
            return self._recording.note(self._index, (name, None), value)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._recording.note(self._index, (name, (args, tuple(sorted(kwargs.items())))),
                                        value(*args, **kwargs))

        return call
