"""Normalisation: width, symbols, traditional characters, spacing, numbered clauses, synonyms."""

from __future__ import annotations

import pytest

from scoring import vocab
from scoring.normalise import characters, normalise, spelled_number


@pytest.mark.parametrize("raw,canonical", [
    ("预算执行率在 90%以上，得 2 分。", "预算执行率在90%以上,得2分;"),
    ("９０％（含）以上得５分", "90%(含)以上得5分"),
    ("公用经费控制率≦100%,计4分", "公用经费控制率≤100%,得4分"),
    ("≧95％", "≥95%"),
    ("預算執行率達標", "预算执行率达标"),
    ("每超过一个百分点扣0.4分", "每超过1%扣0.4分"),
    ("每发现一处问题扣0.5分,扣完即止", "每发现1处问题扣0.5分,扣完为止"),
    ("百分之九十五以上得5分", "95%以上得5分"),
    ("每下降5%扣除2分", "每下降5%扣2分"),
    ("低于60%得0分", "低于60%不得分"),
    ("得10分，\n每降低5%扣2分", "得10分,每降低5%扣2分"),
    ("①制度健全，1分；②执行到位，1分", "[1]制度健全,1分;[2]执行到位,1分"),
    ("1、制度健全，得1分；2、执行到位，得1分", "[1]制度健全,得1分;[2]执行到位,得1分"),
    ("(1)制度健全,得1分;(2)执行到位,得1分", "[1]制度健全,得1分;[2]执行到位,得1分"),
    ("“三公”经费不超支", "三公经费不超支"),
    ("90%及以上得5分", "90%(含)以上得5分"),
])
def test_normalise(raw: str, canonical: str) -> None:
    assert normalise(raw) == canonical


@pytest.mark.parametrize("pasted", ["≥95%\u200b", "\ufeff≥95%", "≥9\u200d5%", "≥\u206095%"])
def test_invisible_characters_pasted_from_a_web_page_are_not_read(pasted: str) -> None:
    """A zero-width space, a byte-order mark or a joiner copied with a value from a web page or
    Word cannot be seen in a cell: the value reads as typed without it (PS-T001 would quote a
    value that looks right)."""
    from scoring.targets import parse_target

    assert normalise(pasted) == "≥95%"
    assert parse_target(pasted) == parse_target("≥95%")
    assert normalise("决策制度建立完整，\u200b得 2 分。") == normalise("决策制度建立完整，得 2 分。")


def test_decimals_and_points_in_parentheses_are_not_clause_numbers() -> None:
    assert normalise("1.5分") == "1.5分"
    assert normalise("(5分)") == "(5分)"
    assert normalise("得2.5分") == "得2.5分"


@pytest.mark.parametrize("text,value", [("九", 9), ("十", 10), ("十五", 15), ("九十五", 95),
                                        ("一百", 100), ("一百零五", 105), ("两", 2), ("x", None)])
def test_spelled_numbers(text: str, value: int | None) -> None:
    assert spelled_number(text) == value


def test_characters_keeps_words_but_not_width() -> None:
    assert characters(" ９７％ ") == "97%"
    assert characters("基本達成") == "基本达成"


def test_vocabulary_tables_are_consistent() -> None:
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in vocab.TRADITIONAL.items())
    for key, words in vocab.RULE_WORDS.items():
        for word in words:  # canonical words must survive normalisation unchanged
            assert normalise(word) == word, (key, word)


def test_vocabulary_tables_name_each_key_once() -> None:
    """A key written twice in one table of scoring/vocab.py silently keeps the second list only
    (a new ``each_item`` once replaced the checklist's words of that name)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(vocab.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [key.value for key in node.keys if isinstance(key, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted({key for key in keys if keys.count(key) > 1})
