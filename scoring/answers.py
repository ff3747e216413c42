"""The words a rule accepts as an answer (实际完成值 of a choice), and how an answer is matched.

A rule of choices (tiers, a qualitative condition, a veto) accepts a fixed table of words, built
from its own text and :mod:`scoring.vocab`: the engine, the add-in and the native formula all
read an answer with this one table (:class:`Answers`), so no input scores one way in Python and
another in the workbook. An answer is matched exactly (width and spaces do not matter), or, when
it is two characters or more, by standing in one of the rule's conditions without a negation in
front of it (``开展`` matches ``通过板报宣传…开展宣传工作``, not ``未开展这项工作``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import vocab
from .actuals import is_blank
from .errors import ActualValueError
from .normalise import characters
from .plaintext import excerpt


#: Characters of a number: an answer's digits next to them in a condition are part of another
#: number there.
_DIGITS = "0123456789."


@dataclass(frozen=True)
class Answers:
    """An answer table: exact words and conditions, each with the value it stands for.

    Attributes:
        words: (word, value) pairs matched exactly, in order (the first match wins).
        conditions: (condition text, value) pairs an answer may stand in, in order.
        choices: The main words, offered in dropdowns and listed in messages.
    """

    words: tuple[tuple[str, Any], ...]
    conditions: tuple[tuple[str, Any], ...] = ()
    choices: tuple[str, ...] = ()

    def accepted(self) -> tuple[str, ...]:
        """Every exact word, main choices first (for dropdowns and the form's checks)."""
        return tuple(dict.fromkeys([*self.choices, *(word for word, _ in self.words)]))

    def find(self, actual: Any) -> Any:
        """The value ``actual`` stands for, or raise PS-V001 naming the main choices.

        Returns None for an unfilled value.
        """
        if is_blank(actual):
            return None
        if isinstance(actual, bool):  # a TRUE/FALSE cell: 是 / 否
            actual = vocab.YES_NO_CHOICES[0] if actual else vocab.YES_NO_CHOICES[1]
        answer = clean(actual)
        for word, value in self.words:
            if answer == word:
                return value
        if len(answer) > 1:
            for condition, value in self.conditions:
                if stands_in(answer, condition):
                    return value
        raise ActualValueError(vocab.MESSAGES["actual_choice"].format(
            text=excerpt(actual), choices=vocab.LIST_SEPARATOR.join(self.choices or self.accepted())),
            text=str(actual))


def clean(actual: Any) -> str:
    """An answer as it is compared: width, script and spaces do not matter."""
    return characters(str(actual)).replace(" ", "")


def stands_in(answer: str, condition: str) -> bool:
    """Whether ``answer`` stands in ``condition`` without a negation in front of it (one of
    :data:`~scoring.vocab.NEGATION_CHARS`, or a pair such as 没有) and, where it starts or ends
    with a digit, not inside a longer number (its first occurrence, as the spreadsheet's FIND
    sees it); an answer that is itself negated
    (``未开展``) may stand anywhere."""
    position = condition.find(answer)
    if position < 0:
        return False
    end = position + len(answer)
    if (answer[0].isdigit() and position > 0 and condition[position - 1] in _DIGITS) or \
            (answer[-1].isdigit() and end < len(condition) and condition[end] in _DIGITS):
        return False  # 100 in 完成培训任务1000人次: part of another number
    if answer[0] in vocab.NEGATION_CHARS or position == 0:
        return True
    return condition[position - 1] not in vocab.NEGATION_CHARS and \
        condition[max(0, position - 2):position] not in vocab.NEGATION_PAIRS  # 没有完成


def quality_word(condition: str) -> str | None:
    """The quality word a condition ends with or states last (``…制度健全`` → 健全)."""
    best: tuple[int, int, str] | None = None
    for word in vocab.QUALITY_WORDS:
        position = condition.rfind(word)
        if position >= 0 and (best is None or (position + len(word), len(word)) > best[:2]):
            best = (position + len(word), len(word), word)
    return best[2] if best else None


def variants(word: str) -> dict[str, tuple[str, ...]]:
    """The achieved, partial and unmet spellings of a quality word: 健全 / 已健全 …,
    基本健全 / 较健全 …, 不健全 / 未健全 …."""
    return {
        "achieved": (word,) + tuple(prefix + word for prefix in vocab.ACHIEVED_PREFIXES),
        "partial": tuple(prefix + word for prefix in vocab.PARTIAL_PREFIXES),
        "not_achieved": tuple(prefix + word for prefix in vocab.NOT_PREFIXES),
    }


def negations(word: str) -> tuple[str, ...]:
    """A negated word's other spellings: 不超支 → 未超支、没有超支、无超支 (none for 超支)."""
    for prefix in sorted(vocab.NEGATION_PREFIXES, key=len, reverse=True):
        if word.startswith(prefix) and len(word) > len(prefix):
            rest = word[len(prefix):]
            return tuple(p + rest for p in vocab.NEGATION_PREFIXES if p + rest != word)
    return ()


def positive(word: str) -> str | None:
    """A negated condition without its negation (未开展 → 开展), or None if not negated."""
    for prefix in sorted(vocab.NOT_PREFIXES, key=len, reverse=True):
        if word.startswith(prefix) and len(word) > len(prefix):
            return word[len(prefix):]
    return None
