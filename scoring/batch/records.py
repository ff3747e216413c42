"""The records the master data yields: units and projects ready to be filled, and the whole.

Kept apart from :mod:`.master`, which reads and validates the master file with pandas, so that
a fill worker, which receives these records and writes their workbooks (:mod:`.fill`), imports
no pandas: where worker processes are spawned rather than forked (Windows), pandas alone would
cost each worker about half a second and tens of megabytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import PerfscoreError
from ..framework import Framework
from ..monitoring import DEFAULT_PERIOD, Period
from ..policies import DEFAULT_POLICIES, Policies
from ..project import (DeclaredFunds, DeclaredIndicator, ProjectEvaluation, ProjectTarget,
                       get_profile)
from ..report import Finances
from ..target_form import TargetForm
from .packed import Spooled, SpoolWriter, pack, unpack

#: The project profile (评分口径) of a project whose cell is empty.
DEFAULT_PROJECT_PROFILE = "national"


@dataclass(frozen=True)
class Unit:
    """A unit ready to be filled: its target form and its evaluation framework."""

    code: str
    name: str
    year: int
    row: int
    target_form: TargetForm
    framework: Framework
    #: 监控期间 of the unit's monitoring form (1-6月 unless master data says otherwise).
    period: Period = DEFAULT_PERIOD
    #: 年末调整预算收入, 财政拨款收入 and 支出总计 for the unit's report, where given.
    finances: Finances = Finances()


@dataclass(frozen=True)
class Declaration:
    """What a project's target declaration (项目支出绩效目标申报表) takes from the 项目 sheet besides
    what its self-evaluation takes (:data:`DECLARATION_COLUMNS`); every field may be blank.

    Attributes:
        department_code: 主管部门代码.
        attribute: 项目属性 (新增项目 or 延续项目).
        period: 项目期 as written.
        mid: The 中期资金总额 column of the funds.
        goal_mid: 总体目标 · 中期目标.
        mid_indicators: The 中期（长期）indicators (rows of the 项目绩效指标 sheet whose 指标期 is
            中期): the declaration only shows them, the self-evaluation never has them.
    """

    department_code: str = ""
    attribute: str = ""
    period: str = ""
    mid: DeclaredFunds = DeclaredFunds()
    goal_mid: str = ""
    mid_indicators: tuple[DeclaredIndicator, ...] = ()


#: The amounts of the self-evaluation's funds rows that make up each row of the declaration's
#: 年度资金总额 column: 财政拨款 is 当年财政拨款 + 上年结转资金 (as in the example).
DECLARATION_ANNUAL_ROWS: dict[str, tuple[str, ...]] = {
    "total": ("total",), "appropriation": ("appropriation", "carryover"), "other": ("other",)}


@dataclass(frozen=True)
class Project:
    """A project ready to be filled: its self-evaluation form as issued (nothing executed yet)
    and its target declaration (:attr:`target`).

    A project is keyed by its 项目编码 (unique in the master data, as codes of a 项目库 are); its
    workbook is named by year, unit code, project code and name.

    Attributes:
        code: 项目编码.
        unit_code: The unit the project belongs to (a row of the 单位 table).
        unit_name: That unit's 单位名称.
        year: The project's year.
        row: Its row on the 项目 sheet.
        evaluation: The self-evaluation as issued: header, 年初预算数 and 全年预算数 of the funds
            rows, 预期目标, the indicators with their 指标值 and 分值.
        profile: Key of its project profile (:data:`scoring.project.PROFILES`).
        declaration: What only its target declaration shows.
    """

    code: str
    unit_code: str
    unit_name: str
    year: int
    row: int
    evaluation: ProjectEvaluation
    profile: str = DEFAULT_PROJECT_PROFILE
    declaration: Declaration = Declaration()

    @property
    def target(self) -> ProjectTarget:
        """The project's target declaration as issued: the self-evaluation's header, 预期目标
        (as 年度目标) and indicators with their 指标值, the year's funds as budgeted (年初预算数;
        全年预算数 when the 年初预算数 of 年度资金总额 is blank, :data:`DECLARATION_ANNUAL_ROWS`), and
        the fields of :attr:`declaration` (its 中期（长期）indicators among them). A profile whose form has other funds rows (四川,
        湖北黄冈) gives only the 资金总额: its rows do not split into 财政拨款 and 其他资金."""
        evaluation, declared = self.evaluation, self.declaration
        total = evaluation.funds.get("total")
        amount = "initial" if total is not None and total.initial is not None else "budget"
        rows = {key for key, _ in get_profile(self.profile).fund_rows}
        split = all(set(parts) <= rows for parts in DECLARATION_ANNUAL_ROWS.values())
        annual = {}
        for row, parts in DECLARATION_ANNUAL_ROWS.items():
            given = [getattr(evaluation.funds[part], amount) for part in parts
                     if part in evaluation.funds and (split or row == "total")]
            given = [value for value in given if value is not None]
            annual[row] = round(sum(given), 6) if given else None
        return ProjectTarget(
            name=evaluation.name, department=evaluation.department,
            department_code=declared.department_code, unit=evaluation.unit,
            attribute=declared.attribute, period=declared.period,
            funds={"mid": declared.mid, "annual": DeclaredFunds(**annual)},
            goal_mid=declared.goal_mid, goal_annual=evaluation.goal_expected,
            indicators=tuple(DeclaredIndicator(row.level1, row.level2, row.name, row.target)
                             for row in evaluation.indicators),
            mid_indicators=declared.mid_indicators)


@dataclass(frozen=True)
class FailedProject:
    """A project left out because of a problem in its rows (listed in the fill manifest)."""

    code: str
    unit_code: str
    unit_name: str
    name: str
    problems: tuple[PerfscoreError, ...]


@dataclass(frozen=True)
class MasterData:
    """The validated master data.

    Attributes:
        units: The units without problems, in file order (empty when read for filling: then
            they are in :attr:`parcels`).
        problems: Every problem found, each located by file, sheet, row and column.
        warnings: Rules the reader cannot read (PS-R007), located at their cell: their items
            are scored by the evaluator, and the units are produced all the same (``strict``
            makes them problems instead).
        failed: Codes of the units left out because of a problem (in file order).
        by_unit: Unit code → the problems that made it fail.
        names: Unit code → 单位名称 as typed, for every unit row with a code (so that a failed
            unit can be named).
    """

    units: tuple[Unit, ...]
    problems: tuple[PerfscoreError, ...]
    failed: tuple[str, ...] = field(default_factory=tuple)
    by_unit: Mapping[str, tuple[PerfscoreError, ...]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[PerfscoreError, ...] = field(default_factory=tuple)
    #: The scoring policies of the 评分口径 sheet (the defaults without one).
    policies: Policies = DEFAULT_POLICIES
    #: The projects without problems (项目 sheet), in file order.
    projects: tuple[Project, ...] = ()
    #: The projects left out because of a problem, in file order.
    failed_projects: tuple[FailedProject, ...] = ()
    #: The units and then the projects without problems as parcels (:class:`Parcel`), in file
    #: order, when the master data was read for filling (:func:`.master.load_master_isolated`);
    #: then :attr:`units` and :attr:`projects` are empty.
    parcels: tuple[Parcel, ...] = ()
    #: Rows of the 单位 sheet without a readable 单位编码 (row number → its 单位名称 and its
    #: problems): left out like :attr:`failed`, but without a code to list them by.
    unnamed: Mapping[int, tuple[str, tuple[PerfscoreError, ...]]] = field(default_factory=dict)
    #: Every row of the 单位 sheet whose 单位编码 another row has too (row number → the code, the
    #: row's own 单位名称 and problems; the first row's are the code's problems but those the
    #: later rows list as their own), in row order: each is a unit left out, listed and counted
    #: once (:attr:`failed` lists the code once).
    repeated: Mapping[int, tuple[str, str, tuple[PerfscoreError, ...]]] = field(
        default_factory=dict)

    @property
    def left_out(self) -> int:
        """How many unit rows were left out because of a problem: each failed code, each row
        of a duplicated code (:attr:`repeated`) and each row without a code
        (:attr:`unnamed`) once."""
        duplicated = {code for code, _, _ in self.repeated.values()}
        return len(self.failed) - len(duplicated) + len(self.repeated) + len(self.unnamed)


@dataclass(frozen=True)
class Parcel:
    """A unit or a project as the main process of a fill holds it: what names its workbooks and
    its manifest rows, and the unit or project itself pickled and compressed, opened only by the
    worker that fills it (:func:`.fill.fill_units`).

    Why (issue #13): a unit with its own framework is some 20 KB of Python objects; a thousand of
    them held by the main process, and inherited by every worker it forks, made a fill's memory
    grow with the batch. A parcel is a few KB of bytes, which no worker touches.

    Attributes:
        kind: ``unit`` or ``project``.
        code: 单位编码 of a unit, 项目编码 of a project.
        name: 单位名称 of a unit, 项目名称 of a project.
        year: The year.
        unit_code, unit_name: The unit (of a project: the unit it belongs to).
        data: The :class:`Unit` or :class:`Project`, pickled and compressed
            (:func:`.packed.pack`), or where those bytes lie in a spool file.
        group: Parcels of one group are handed to the fill's workers together: a unit's is
            :func:`.fill.unit_group` (a project's 0: each is built by the writer).
    """

    kind: str
    code: str
    name: str
    year: int
    unit_code: str
    unit_name: str
    data: bytes | Spooled
    group: int = 0

    @classmethod
    def of(cls, item: Unit | Project, group: int = 0, spool: SpoolWriter | None = None
           ) -> Parcel:
        """The parcel of a unit or a project (its bytes written to ``spool`` when given)."""
        data: bytes | Spooled = pack(item) if spool is None else spool.put(pack(item))
        if isinstance(item, Project):
            return cls("project", item.code, item.evaluation.name, item.year, item.unit_code,
                       item.unit_name, data, group)
        return cls("unit", item.code, item.name, item.year, item.code, item.name, data, group)

    def open(self) -> Unit | Project:
        """The unit or the project again (a new object each time)."""
        item: Unit | Project = unpack(self.data if isinstance(self.data, bytes)
                                      else self.data.read())
        return item
