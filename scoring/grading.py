"""Grades (等次) from a total score, by bands that are data (财预〔2020〕10号 by default)."""

from __future__ import annotations

from collections.abc import Sequence

from .policies import DEFAULT_GRADE_BANDS


def grade(total: float | None, bands: Sequence[tuple[float, str]] | None = None) -> str:
    """The grade of ``total``: 优秀 (≥90), 良好 (≥80), 中 (≥60) or 差 by default.

    Args:
        total: The total score; None (not yet computed) counts as 0.
        bands: (lower bound inclusive, grade) pairs; any order. A province's own bands can
            replace the defaults.

    Returns:
        The grade of the highest band whose lower bound ``total`` reaches; the lowest band's
        grade when it reaches none.
    """
    ordered = sorted(bands or DEFAULT_GRADE_BANDS, key=lambda band: band[0], reverse=True)
    if not ordered:
        raise ValueError("grade bands are empty")
    value = 0.0 if total is None else float(total)
    # Compare at 15 significant digits, as the spreadsheet does: 89.99999999999999 is 90.
    value = float(f"{value:.15g}")
    for lower, name in ordered:
        if value >= lower:
            return name
    return ordered[-1][1]
