"""The built-in example: the real 2024 forms of 南京市人民政府办公厅 (total 99, grade 优秀).

The data (``scoring/data/nanjing_2024.json``) reproduces both source documents: the target form
(部门整体预算绩效目标表) and the evaluation framework with the published 得分 and reasons. The
report does not publish each indicator's actual value; the ``about.note`` field of the data says
which values are taken from the documents and which are chosen to be consistent with them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .framework import Framework, Inputs
from .report import Finances
from .target_form import TargetForm

#: The package data file holding the example.
EXAMPLE_FILE = "nanjing_2024.json"


@dataclass(frozen=True)
class Example:
    """A unit's forms for one year: target form, framework and the entered inputs."""

    target_form: TargetForm
    framework: Framework
    inputs: Inputs
    note: str = ""
    #: 年末调整预算收入, 财政拨款收入, 支出总计 as the report's 收入支出情况 states them.
    finances: Finances = Finances()


def inputs_from_dict(data: dict) -> Inputs:
    """Build :class:`Inputs` from their JSON form."""
    return Inputs(
        actuals=dict(data.get("actuals", {})),
        scores={code: float(value) for code, value in data.get("scores", {}).items()},
        reasons=dict(data.get("reasons", {})),
        not_applicable=frozenset(data.get("not_applicable", ())),
    )


@lru_cache(maxsize=1)
def load_example() -> Example:
    """The 2024 南京市人民政府办公厅 example, read once from the package data."""
    text = resources.files("scoring").joinpath("data", EXAMPLE_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return Example(
        target_form=TargetForm.from_dict(data["target_form"]),
        framework=Framework.from_dict(data["framework"]),
        inputs=inputs_from_dict(data["inputs"]),
        note=data.get("about", {}).get("note", ""),
        finances=Finances(**data.get("finances", {})),
    )
