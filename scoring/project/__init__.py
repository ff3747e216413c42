"""The project forms (项目支出绩效目标申报表, 项目支出绩效自评表): the pure core of issue #16.

- :mod:`.vocab` — every Chinese word, label and message of the project forms, declared once;
- :mod:`.profiles` — :class:`ProjectProfile`: the national default (财预〔2020〕10号) and local copies
  (四川, 湖北黄冈), each with its sources;
- :mod:`.form` — what a filled-in self-evaluation holds;
- :mod:`.score` — :func:`evaluate_project`, scoring by convention;
- :mod:`.review` — :func:`review_project`, the review checks (审核提示, PS-X101 …);
- :mod:`.target` — what a target declaration holds and :func:`check_target`, its checks.

Standard library only, like the rest of the core (tests/test_core_purity.py).
"""

from .form import FundRow, ProjectEvaluation, ProjectIndicator
from .profiles import (HUBEI_HUANGGANG, NATIONAL, PROFILES, SICHUAN, BlockWeight, ProjectProfile,
                       Source, get_profile)
from .review import CHECKS, review_project
from .score import (FundResult, IndicatorResult, ProjectResult, evaluate_project, score_funds,
                    score_indicator)
from .target import DeclaredFunds, DeclaredIndicator, ProjectTarget, check_target

__all__ = [
    "BlockWeight", "CHECKS", "DeclaredFunds", "DeclaredIndicator", "FundResult", "FundRow", "HUBEI_HUANGGANG", "IndicatorResult",
    "NATIONAL", "PROFILES", "ProjectEvaluation", "ProjectIndicator", "ProjectProfile",
    "ProjectResult", "ProjectTarget", "SICHUAN", "Source", "check_target", "evaluate_project", "get_profile", "review_project",
    "score_funds", "score_indicator",
]
