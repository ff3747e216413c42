"""Grades of 财预〔2020〕10号: 90（含）–100 优秀, 80（含）–90 良好, 60（含）–80 中, below 60 差."""

import pytest

from scoring import grade


@pytest.mark.parametrize("total, expected", [
    (100, "优秀"), (99, "优秀"), (90, "优秀"), (89.99, "良好"), (80, "良好"),
    (79.5, "中"), (60, "中"), (59.99, "差"), (0, "差"), (None, "差"),
    (0.3 * 300, "优秀"),  # 89.99999999999999 in floats: the spreadsheet shows and grades 90
])
def test_default_bands(total, expected):
    assert grade(total) == expected


def test_bands_are_data():
    hubei = [(85, "优"), (70, "良"), (50, "合格"), (0, "不合格")]
    assert [grade(t, hubei) for t in (90, 85, 84, 50, 49)] == ["优", "优", "良", "合格", "不合格"]
