"""Benchmark of batch mode: fill and collect N units, against honest baselines and floors.

Run: ``python benchmarks/bench_batch.py --units 300 1000 3000 [--jobs N] [--scenario both]``.

Two scenarios of master data (written before, not measured), N valid units each:

* **shared**: the demo's units (the built-in example and generated units): a handful of target
  layouts and one framework shared by all, the case fill's template patching was made for.
* **distinct**: every unit its own framework (its items renamed) and its own indicator list
  (random numbers of extra 重点工作, 社会效益 and 可持续影响 rows): what a bureau has once
  frameworks come from provinces, and always for project forms. Evaluation layouts never
  repeat, target layouts rarely (though they fall into a dozen families that differ only in
  how many rows each group has: ``fill`` writes a family's members from one template), and
  monitoring layouts rarely (:func:`distinct_frames`).

Each phase runs twice, each time in a fresh Python process of its own: once timed, with
nothing else in the process (fill, then collect of what it wrote), then once more for its
memory (``--phase … --sample``, after both timed runs), where a thread samples the
proportional resident memory (PSS: shared pages split between the processes sharing them) of
that process and all its workers (the whole process tree) every 50 ms and keeps the peak of
their sum. The sampler reads ``/proc`` in Python, in the measured process, so it takes turns
with the phase's own Python: timed with it, collect took some 10% longer and fill some 5% on two
cores, which the floors, measured without it, did not pay. The phases:

* fill: ``load_master_isolated`` (the master data read in a worker, as ``perfscore fill``
  reads it) + ``fill_units``: one workbook per unit and form (``--forms``). The peak reached
  by the end of the reading is printed too: which of the two steps makes the phase's peak. The
  memory run fills a folder of its own, removed afterwards.
* collect: ``collect`` of the filled folder and ``write_summary`` of the result (what
  ``perfscore collect`` does).

Baselines and floors, on the same files and the same number of cores (``--jobs``):

* careful naive script: the blank template of a layout loaded once per process, then per unit
  the cells set through the defined names and the workbook saved with openpyxl; the baseline is
  the setting and saving alone (the loads amortised away, generous to it; the time with the
  loads of the sample is printed too), divided by the number of workers (perfect scaling,
  generous again). It covers the target and self-evaluation forms only (no blank monitoring
  workbook can be filled that way), while fill's average includes the monitoring forms: with
  ``--forms target,evaluation`` both cover the same forms.
* zip floor: writing the very parts of each filled workbook into a new .xlsx with ``zipfile``,
  deflated at fill's own level (1), per workbook, divided by the workers: no writer of these
  files can do less (short of reusing parts it compressed before, which fill does not).
* read floor: python-calamine opening each filled workbook and reading every sheet's values,
  per workbook, divided by the workers: no reader can do less.

A small batch (``--small``, 100 units) is filled and collected with one worker and with
``--jobs``: parallel work must not make a small batch slower. A run of a few seconds varies by a
third from one try to the next on a shared machine, so each is timed three times, alternating,
and the best of each is compared (``--small-tries``).

Per N and scenario the table gives milliseconds per workbook and the ratios; the growth of the
process tree's peak memory per 1,000 units comes from the smallest and largest N. The last line
is ``fill_vs_floor=… fill_vs_naive=… collect_vs_floor=… rss_growth_mb_per_1000=…`` for the worst
scenario and N. Nothing here asserts a timing; the numbers are printed for people and CI logs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from scoring.batch.collect import collect, workbook_files  # noqa: E402
from scoring.batch.demo import demo_frames  # noqa: E402
from scoring.batch.fill import Filler, fill_units, fill_workers  # noqa: E402
from scoring.batch.master import (FRAMEWORK, INDICATORS, UNITS, Unit, load_master,  # noqa: E402
                                  load_master_isolated, write_master)
from scoring.batch.summary import write_summary  # noqa: E402
from scoring.forms import FORMS  # noqa: E402
from scoring.workbook.xlsx_writer import COMPRESS_LEVEL  # noqa: E402


def _pss_mb(pid: int) -> float:
    """Proportional resident memory (``Pss``) of a live process in MB, 0 when it is gone: its
    own pages plus its share of the pages it shares with other processes, so that the sum over
    forked workers counts the parent's copy-on-write pages once, not once per worker."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _TreePeak(threading.Thread):
    """Samples the proportional resident memory of this process and all its descendants (the
    workers) every 50 ms and keeps the peak of their sum: what the whole run holds at its
    fullest."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.running = True

    def run(self) -> None:
        me = os.getpid()
        while self.running:
            parents: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    except (OSError, IndexError, ValueError):
                        continue
            tree = [me]
            for pid in parents:
                ancestor = parents.get(pid)
                while ancestor and ancestor != me:
                    ancestor = parents.get(ancestor)
                if ancestor == me:
                    tree.append(pid)
            self.peak = max(self.peak, sum(_pss_mb(pid) for pid in tree))
            time.sleep(0.05)


def _set(wb, name: str, value) -> None:
    from openpyxl.utils.cell import range_boundaries

    sheet, ref = next(iter(wb.defined_names[name].destinations))
    col, row, _, _ = range_boundaries(ref.replace("$", ""))
    cell = wb[sheet].cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def naive_ms(units: list[Unit], folder: Path, forms: tuple[str, ...]) -> tuple[float, float]:
    """Milliseconds per workbook of the careful naive script, one process: each layout's blank
    workbook loaded once (its making not timed), then per unit its cells set through the defined
    names and the workbook saved with openpyxl. Returns (setting and saving only, with the
    loading too): the first is what such a script costs however well its loads are amortised,
    the baseline the ratio uses; the second what this sample of units costs it. Target and
    self-evaluation forms only: the monitoring form's lights hold each unit's indicator values,
    so no blank monitoring workbook could be filled this way."""
    from openpyxl import load_workbook

    filler = Filler(patch=False)
    loaded: dict[tuple[str, str], object] = {}
    count = 0
    elapsed = loading = 0.0
    for unit in units:
        form = unit.target_form
        for kind in ("target", "evaluation"):
            if kind not in forms:
                continue
            shape = (kind, repr([(row.level1, row.level2) for row in form.indicators])
                     if kind == "target" else repr(unit.framework.to_dict()))
            start = time.perf_counter()
            if shape not in loaded:  # the blank template of the layout, loaded once (timed:
                # with distinct layouts the script loads one for nearly every unit)
                pause = time.perf_counter()
                data = filler.target_bytes(unit) if kind == "target" else filler.evaluation_bytes(unit)
                start += time.perf_counter() - pause  # making the template is not the script's
                loaded[shape] = load_workbook(io.BytesIO(data))
                loading += time.perf_counter() - start
                start = time.perf_counter()
            wb = loaded[shape]
            if kind == "target":
                for name, value in (("unit_name", unit.name), ("duties", form.duties),
                                    ("organisation", form.organisation),
                                    ("mid_long_term_goal", form.mid_long_term_goal),
                                    ("annual_goal", form.annual_goal),
                                    ("funding_annual_basic", form.funding.annual_basic),
                                    ("funding_annual_project", form.funding.annual_project),
                                    ("funding_half_basic", form.funding.half_basic),
                                    ("funding_half_project", form.funding.half_project),
                                    ("meta_unit_code", unit.code), ("meta_unit_name", unit.name)):
                    _set(wb, name, value)
                sheet, ref = next(iter(wb.defined_names["target_full_value"].destinations))
                ws = wb[sheet]
                first = int(ref.split("$")[2].rstrip(":"))
                for offset, row in enumerate(form.indicators):
                    ws[f"F{first + offset}"].value = row.half_value or None
                    ws[f"G{first + offset}"].value = row.full_value or None
            else:
                for name, value in (("unit_name", unit.name), ("unit_code", unit.code),
                                    ("meta_unit_code", unit.code), ("meta_unit_name", unit.name)):
                    _set(wb, name, value)
            wb.save(folder / f"naive_{unit.code}_{kind}.xlsx")
            elapsed += time.perf_counter() - start
            count += 1
    return elapsed / count * 1000, (elapsed + loading) / count * 1000


def zip_floor_ms(paths: list[Path], levels: Sequence[int] = (COMPRESS_LEVEL,)) -> dict[int, float]:
    """Deflate level → milliseconds per workbook of writing each workbook's own parts into a new
    .xlsx at that level, one process (each file's parts read once, for all levels). At the level
    fill deflates them (:data:`COMPRESS_LEVEL`): what any writer of these files must at least
    spend (short of reusing parts it compressed before).

    Until the eleventh measurement the floor deflated at zipfile's default level (6), which
    takes about 1.8 times as long as fill's level 1 on these parts: the floor was 1.8 times
    what fill must spend, and every ``×zip`` ratio some 55% of what it is. Level 6 gives that
    floor again, printed beside the new one so the measurements before can be compared."""
    elapsed = dict.fromkeys(levels, 0.0)
    for path in paths:
        with zipfile.ZipFile(path) as package:
            parts = [(info.filename, package.read(info)) for info in package.infolist()]
        for level in levels:
            start = time.perf_counter()
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
                for name, data in parts:
                    target.writestr(name, data)
            (path.parent / f".floor{path.suffix}").write_bytes(buffer.getvalue())
            elapsed[level] += time.perf_counter() - start
    return {level: seconds / len(paths) * 1000 for level, seconds in elapsed.items()}


def read_floor_ms(paths: list[Path]) -> float:
    """Milliseconds per workbook of python-calamine reading every sheet's values, one process:
    what any reader of these files must at least spend."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    return (time.perf_counter() - start) / len(paths) * 1000


def distinct_frames(count: int, seed: int = 2024) -> dict[str, pd.DataFrame]:
    """Master data where every unit has its own framework and its own indicator list: the demo's
    valid units, each given a copy of the framework with its items renamed and each threshold
    of its graded rules (``办理比率在99%以上得10分…``: five rules) drawn from 85–99% (15⁵
    combinations: every evaluation layout distinct, since the thresholds are in the formulas;
    renaming alone no longer is, the names being texts a template stands in for), and a random
    number of extra 重点工作 (0–12), 社会效益 (0–5) and 可持续影响 (0–4) rows (390 combinations
    of row counts, times the demo's 3–5 key works: target layouts rarely repeat below a few
    thousand units)."""
    rng = random.Random(seed)
    frames = demo_frames(count, seed, mistakes=False)
    units = frames[UNITS.sheet][UNITS.column("code").header].tolist()
    shared = frames[FRAMEWORK.sheet]
    code_header, name_header = FRAMEWORK.column("code").header, FRAMEWORK.column("name").header
    rule_header = FRAMEWORK.column("rule_text").header
    unit_header = FRAMEWORK.column("unit_code").header
    graded = shared[rule_header].map(lambda text: _THRESHOLD.search(text) is not None)
    own = []
    for number, code in enumerate(units):
        rows = shared.copy()
        rows[unit_header] = code
        leaves = rows[code_header].str.len() == 3
        rows.loc[leaves, name_header] = rows.loc[leaves, name_header] + f"（{number}）"
        rows.loc[graded, rule_header] = [
            _THRESHOLD.sub(f"\\g<1>{rng.randint(85, 99)}%", text, count=1)
            for text in rows.loc[graded, rule_header]]
        own.append(rows)
    frames[FRAMEWORK.sheet] = pd.concat(own, ignore_index=True)
    indicators = frames[INDICATORS.sheet]
    ind_unit = INDICATORS.column("unit_code").header
    level1, level2 = INDICATORS.column("level1").header, INDICATORS.column("level2").header
    level3 = INDICATORS.column("level3").header
    grown = []
    for code in units:
        rows = indicators[indicators[ind_unit] == code]
        parts = []
        for group, extra in (("履职", rng.randint(0, 12)), ("社会效益", rng.randint(0, 5)),
                             ("可持续影响", rng.randint(0, 4))):
            mask = (rows[level1] == group) | (rows[level2] == group)
            last = rows.index[mask][-1]
            copies = rows.loc[[last] * extra].copy()
            copies[level3] = [f"{text}（{i + 2}）" for i, text in enumerate(copies[level3])]
            parts.append((last, copies))
        pieces, begin = [], rows.index[0]
        for last, copies in sorted(parts, key=lambda part: part[0]):
            pieces += [rows.loc[begin:last], copies]
            begin = last + 1
        pieces.append(rows.loc[begin:])
        grown.append(pd.concat(pieces))
    frames[INDICATORS.sheet] = pd.concat(grown, ignore_index=True)
    return frames


#: The threshold of a graded rule (``办理比率在99%以上得10分``): the number before ``%以上``.
_THRESHOLD = re.compile(r"(在 ?)\d+(?:\.\d+)?%(?= ?以上)")

SCENARIOS = {"shared": lambda n: demo_frames(n - 1, mistakes=False),
             "distinct": lambda n: distinct_frames(n - 1)}


def _phase(phase: str, master: Path, out: Path, jobs: int,
           forms: tuple[str, ...], sample: bool) -> dict[str, float]:
    """Run one phase in this (fresh) process; its numbers for the parent: the workbooks and its
    time, and, when ``sample``, its process tree's peak memory (the time is then not the
    phase's alone)."""
    sampler = _TreePeak()
    if sample:
        sampler.start()
    start = time.perf_counter()
    read_mb = 0.0
    if phase == "fill":
        loaded = load_master_isolated(master)
        read_mb = sampler.peak  # the peak while the master data was read and validated
        report = fill_units(loaded, out, jobs=jobs, kinds=forms)
        count = report.count("written")
    else:  # collect, and its summary workbook
        collected = collect(out, jobs=jobs)
        write_summary(collected, out.parent / "summary.xlsx", force=True)
        count = collected.files - len(collected.unreadable)
    seconds = time.perf_counter() - start
    if not sample:
        return {"count": count, "seconds": seconds}
    sampler.running = False
    sampler.join()
    return {"count": count, "seconds": seconds, "tree_mb": sampler.peak, "read_mb": read_mb}


def _run_phase(phase: str, master: Path, out: Path, jobs: int,
               forms: tuple[str, ...], sample: bool = False) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--phase", phase, "--master", str(master),
                           "--out", str(out), "--jobs", str(jobs), "--forms", ",".join(forms)]
                          + ["--sample"] * sample, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measured(master: Path, out: Path, jobs: int,
              forms: tuple[str, ...]) -> tuple[dict[str, float], dict[str, float]]:
    """Fill into ``out`` and collect it, each timed alone, one after the other; then each run
    again for its memory: the time of the one, the memory of the other. The memory runs come
    after both timed runs, so that collect's timed run reads the files fill has just written
    (a second fill in between could push them out of the page cache). Fill's memory run
    writes into a folder of its own (fill refuses a folder holding workbooks), removed
    afterwards; collect's reads ``out`` again."""
    timed = {phase: _run_phase(phase, master, out, jobs, forms) for phase in ("fill", "collect")}
    again = out.with_name(out.name + "_memory")
    try:
        sampled = {"fill": _run_phase("fill", master, again, jobs, forms, sample=True),
                   "collect": _run_phase("collect", master, out, jobs, forms, sample=True)}
    finally:
        shutil.rmtree(again, ignore_errors=True)
    for phase in timed:
        if sampled[phase]["count"] != timed[phase]["count"]:
            raise RuntimeError(f"{phase}: {timed[phase]['count']} workbooks timed, "
                               f"{sampled[phase]['count']} in the memory run")
    fill, collected = ({**timed[phase], "tree_mb": sampled[phase]["tree_mb"],
                        "read_mb": sampled[phase]["read_mb"]} for phase in ("fill", "collect"))
    return fill, collected


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {text}")
    return number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[300, 1000, 3000],
                        help="unit counts to measure (default 300 1000 3000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scenario", choices=("shared", "distinct", "both"), default="both")
    parser.add_argument("--small", type=int, default=100,
                        help="units of the small batch timed with one worker and with --jobs")
    parser.add_argument("--small-tries", type=_positive, default=3,
                        help="times the small batch is timed with each number of workers")
    parser.add_argument("--naive-sample", type=int, default=30,
                        help="units timed for the naive script (it is slow)")
    parser.add_argument("--forms", type=lambda text: tuple(text.split(",")), default=tuple(FORMS),
                        help="forms written per unit, e.g. target,evaluation (default: all: "
                             + ",".join(FORMS) + ")")
    parser.add_argument("--phase", choices=("fill", "collect"), help=argparse.SUPPRESS)
    parser.add_argument("--master", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sample", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:  # a child process measuring one phase
        print(json.dumps(_phase(args.phase, args.master, args.out, args.jobs, args.forms,
                                args.sample)))
        return 0
    scenarios = ("shared", "distinct") if args.scenario == "both" else (args.scenario,)
    print(f"machine: {os.cpu_count()} CPU cores, {args.jobs} worker processes; "
          f"forms per unit: {', '.join(args.forms)}; scenarios: {', '.join(scenarios)}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for scenario in scenarios:
            sample = root / f"naive_{scenario}"
            sample.mkdir()
            master = load_master(write_master(SCENARIOS[scenario](args.naive_sample),
                                              sample / "master.xlsx"))
            naive, with_loads = (ms / args.jobs for ms in naive_ms(list(master.units), sample, args.forms))
            print(f"\n[{scenario}] careful naive script: {naive * args.jobs:.1f} ms per workbook in one "
                  f"process = {naive:.2f} ms on {args.jobs} cores setting cells and saving "
                  f"(the baseline); {with_loads:.2f} ms with its template loads for these "
                  f"{args.naive_sample} units")
            for units in args.units:
                folder = root / f"{scenario}_{units}"
                start = time.perf_counter()
                master_path = write_master(SCENARIOS[scenario](units), folder / "master.xlsx")
                print(f"[{scenario}] N = {units}: master data written in "
                      f"{time.perf_counter() - start:.1f} s (not measured)")
                fill, collected = _measured(master_path, folder / "out", args.jobs, args.forms)
                files = [path for path in workbook_files(folder / "out")]
                zip_floor, old_floor = (ms / args.jobs
                                        for ms in zip_floor_ms(files, (COMPRESS_LEVEL, 6)).values())
                read_floor = read_floor_ms(files) / args.jobs
                row = {"scenario": scenario, "units": units, "workbooks": fill["count"],
                       "fill_ms": fill["seconds"] * 1000 / fill["count"],
                       "collect_ms": collected["seconds"] * 1000 / collected["count"],
                       "zip_ms": zip_floor, "read_ms": read_floor, "naive_ms": naive,
                       "fill_mb": fill["tree_mb"], "read_mb": fill["read_mb"],
                       "collect_mb": collected["tree_mb"]}
                rows.append(row)
                print(f"  fill: {fill['count']} workbooks in {fill['seconds']:.1f} s = "
                      f"{row['fill_ms']:.2f} ms each ({row['fill_ms'] / zip_floor:.1f}× the zip floor "
                      f"{zip_floor:.2f} ms, {row['fill_ms'] / naive:.2f}× the naive script; "
                      f"{row['fill_ms'] / old_floor:.1f}× the floor deflated at level 6, "
                      f"{old_floor:.2f} ms, as measured until the eleventh measurement); "
                      f"process tree peak {fill['tree_mb']:.0f} MB "
                      f"({fill['read_mb']:.0f} MB while reading the master data)")
                print(f"  collect + summary: {collected['count']} workbooks in {collected['seconds']:.1f} s = "
                      f"{row['collect_ms']:.2f} ms each ({row['collect_ms'] / read_floor:.1f}× the read "
                      f"floor {read_floor:.2f} ms); process tree peak {collected['tree_mb']:.0f} MB")
        small = root / "small"
        master_path = write_master(SCENARIOS["shared"](args.small), small / "master.xlsx")
        print(f"\nsmall batch ({args.small} units, shared): one worker against --jobs {args.jobs} "
              f"(fill starts {fill_workers(args.jobs, args.small)}), best of {args.small_tries}")
        for phase in ("fill", "collect"):
            tries: dict[int, list[float]] = {1: [], args.jobs: []}
            for attempt in range(args.small_tries):
                for index, jobs in enumerate((1, args.jobs)):
                    out = small / (f"out{index}_{attempt}" if phase == "fill" else "out0_0")
                    tries[jobs].append(_run_phase(phase, master_path, out, jobs, args.forms)["seconds"])
            best = {jobs: min(times) for jobs, times in tries.items()}
            print(f"  {phase}: {best[1]:.2f} s with 1 worker, {best[args.jobs]:.2f} s with "
                  f"{args.jobs} ({'not slower' if best[args.jobs] <= best[1] else 'SLOWER'}; "
                  f"tries {' / '.join(f'{t:.2f}' for t in tries[1])} and "
                  f"{' / '.join(f'{t:.2f}' for t in tries[args.jobs])})")
    print("\nscenario     N  workbooks  fill ms  ×zip  ×naive  collect ms  ×read  fill MB  collect MB")
    for row in rows:
        print(f"{row['scenario']:8s} {row['units']:5d}  {row['workbooks']:9d}  {row['fill_ms']:7.2f}  "
              f"{row['fill_ms'] / row['zip_ms']:4.1f}  {row['fill_ms'] / row['naive_ms']:6.2f}  "
              f"{row['collect_ms']:10.2f}  {row['collect_ms'] / row['read_ms']:5.1f}  "
              f"{row['fill_mb']:7.0f}  {row['collect_mb']:10.0f}")
    growth = 0.0
    for scenario in scenarios:
        mine = [row for row in rows if row["scenario"] == scenario]
        first, last = mine[0], mine[-1]
        if last["units"] != first["units"]:
            per = 1000 / (last["units"] - first["units"])
            fill_growth = (last["fill_mb"] - first["fill_mb"]) * per
            read_growth = (last["read_mb"] - first["read_mb"]) * per
            collect_growth = (last["collect_mb"] - first["collect_mb"]) * per
            print(f"[{scenario}] process tree peak growth per 1,000 units: fill {fill_growth:+.0f} MB "
                  f"(its peak while reading the master data {read_growth:+.0f} MB), "
                  f"collect {collect_growth:+.0f} MB")
            growth = max(growth, fill_growth, collect_growth)
    print(f"fill_vs_floor={max(r['fill_ms'] / r['zip_ms'] for r in rows):.1f} "
          f"fill_vs_naive={max(r['fill_ms'] / r['naive_ms'] for r in rows):.2f} "
          f"collect_vs_floor={max(r['collect_ms'] / r['read_ms'] for r in rows):.1f} "
          f"rss_growth_mb_per_1000={growth:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
