"""Where a rule's score can change: the numbers tests probe around (step boundaries)."""

from __future__ import annotations

from scoring.parts import Numeric
from scoring.rules import Rule


def bounds(rule: Rule) -> list[tuple[float, float]]:
    """Every line, floor and band bound of the rule's numeric parts, each with its part's step
    (or one percentage point / one unit where the part has no step)."""
    found: list[tuple[float, float]] = []
    for part in rule.parts:
        if not isinstance(part, Numeric):
            continue
        values = [getattr(part, name, None) for name in ("line", "floor", "best", "worst", "target")]
        for band in getattr(part, "bands", ()):
            values += [band.low, band.high]
        step = getattr(part, "step", None) or (0.01 if part.percent else 1.0)
        found += [(value, step) for value in values if isinstance(value, float)]
    return found
