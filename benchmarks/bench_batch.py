"""Benchmark of batch mode: fill and collect N units, against a naive openpyxl baseline.

Run: ``python benchmarks/bench_batch.py --units 200 1000 [--jobs N] [--naive-sample 40]``.

For each N, master data of N valid units is written (not measured): the built-in example and N − 1
generated units, without the demo's deliberately wrong ones, so N units give exactly N workbooks per form (``--forms``; default all three).
Then each phase runs in a fresh Python process of its own, so its peak memory says what that
phase costs and nothing else (the generation and writing of the master data, or the other phase, are not in it):

* fill: ``load_master`` + ``fill_units`` (template patching, processes): one workbook per unit and form (the monitoring form is built with the writer).
* collect: ``collect`` of the filled folder (python-calamine), workbooks per second; every file
  is read in an isolated worker (memory and time limits, a dying worker costs one file).
* collect without isolation: the same files read by a plain ``ProcessPoolExecutor.map`` of the
  same reading function (what collect did before isolation; one bad file would break the pool):
  the difference is what isolation costs.
* memory: peak resident set size of the phase's process and of its largest worker process.

* naive baseline: what a script would do with openpyxl in one process — load the unit's blank
  template, set the input cells through the defined names, save — timed on a sample of units
  and expressed as workbooks per second (once, whatever N).

With several N a table compares them and gives the growth of peak memory per 1,000 units. The
last line is ``fill_speedup=<ratio> collect_per_s=<workbooks/s> read_unisolated_per_s=<workbooks/s>
peak_mb=<MB>``; with several N it
holds the worst of them (lowest speedup and throughput, highest peak). Nothing here asserts a
timing; the numbers are printed for people and CI logs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.batch.collect import collect  # noqa: E402
from scoring.batch.demo import demo_frames  # noqa: E402
from scoring.batch.fill import Filler, fill_units  # noqa: E402
from scoring.batch.master import Unit, load_master, write_master  # noqa: E402
from scoring.forms import FORMS  # noqa: E402


def _hwm_mb(pid: int | str) -> float:
    """Peak RSS (``VmHWM``) of a live process in MB; 0 when it is gone or not Linux."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _WorkerPeak(threading.Thread):
    """Samples the peak RSS of every descendant process (the workers).

    ``ru_maxrss`` of the children would count, for forked workers, the parent's pages.
    """

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
            for pid in parents:
                ancestor = parents.get(pid)
                while ancestor and ancestor != me:
                    ancestor = parents.get(ancestor)
                if ancestor == me:
                    self.peak = max(self.peak, _hwm_mb(pid))
            time.sleep(0.05)


def _peak_mb() -> float:
    """Peak RSS of this process in MB, from ``VmHWM`` (Linux), which starts afresh at ``exec``:
    ``ru_maxrss`` would still hold the RSS of the parent it was forked from."""
    return _hwm_mb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _set(wb, name: str, value) -> None:
    from openpyxl.utils.cell import range_boundaries

    sheet, ref = next(iter(wb.defined_names[name].destinations))
    col, row, _, _ = range_boundaries(ref.replace("$", ""))
    cell = wb[sheet].cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def naive_rate(units: list[Unit], folder: Path) -> float:
    """Workbooks per second of load-template / set cells / save with openpyxl, one process."""
    from openpyxl import load_workbook

    filler = Filler(patch=False)
    templates: dict[int, tuple[Path, Path]] = {}
    count = 0
    elapsed = 0.0
    for unit in units:
        shape = len(unit.target_form.indicators)
        if shape not in templates:  # the blank templates are made once, outside the timing
            target = folder / f"t{shape}.xlsx"
            evaluation = folder / f"e{shape}.xlsx"
            target.write_bytes(filler.target_bytes(unit))
            evaluation.write_bytes(filler.evaluation_bytes(unit))
            templates[shape] = (target, evaluation)
        target, evaluation = templates[shape]
        start = time.perf_counter()
        form = unit.target_form
        wb = load_workbook(target)
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
        wb.save(folder / f"naive_{unit.code}_t.xlsx")
        wb = load_workbook(evaluation)
        for name, value in (("unit_name", unit.name), ("unit_code", unit.code),
                            ("meta_unit_code", unit.code), ("meta_unit_name", unit.name)):
            _set(wb, name, value)
        wb.save(folder / f"naive_{unit.code}_e.xlsx")
        elapsed += time.perf_counter() - start
        count += 2
    return count / elapsed


def _phase(phase: str, master: Path, out: Path, jobs: int,
           forms: tuple[str, ...]) -> dict[str, float]:
    """Run one phase in this (fresh) process; its numbers for the parent."""
    sampler = _WorkerPeak()
    sampler.start()
    start = time.perf_counter()
    if phase == "fill":
        report = fill_units(load_master(master), out, jobs=jobs, kinds=forms)
        count = report.count("written")
    elif phase == "collect":
        collected = collect(out, jobs=jobs)
        count = collected.files - len(collected.unreadable)
    else:  # the same reading, without isolation
        from concurrent.futures import ProcessPoolExecutor

        from scoring.batch.collect import read_one, workbook_files

        paths = workbook_files(out)
        with ProcessPoolExecutor(jobs) as pool:
            found = list(pool.map(read_one, paths, chunksize=max(1, min(32, len(paths) // (jobs * 4)))))
        count = sum(1 for entry in found if entry["kind"] != "unreadable")
    seconds = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    return {"count": count, "seconds": seconds, "own_mb": _peak_mb(), "workers_mb": sampler.peak}


def _run_phase(phase: str, master: Path, out: Path, jobs: int,
               forms: tuple[str, ...]) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--phase", phase, "--master", str(master),
                           "--out", str(out), "--jobs", str(jobs), "--forms", ",".join(forms)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _naive(sample: int, root: Path) -> float:
    frames = demo_frames(sample, mistakes=False)
    master = load_master(write_master(frames, root / "naive_master.xlsx"))
    folder = root / "naive"
    folder.mkdir()
    return naive_rate(list(master.units[:sample]), folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[1000],
                        help="unit counts to measure, e.g. 200 1000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive-sample", type=int, default=40,
                        help="units timed for the naive baseline (it is slow)")
    parser.add_argument("--forms", type=lambda text: tuple(text.split(",")), default=tuple(FORMS),
                        help="forms written per unit, e.g. target,evaluation (default: all: "
                             + ",".join(FORMS) + ")")
    parser.add_argument("--phase", choices=("fill", "collect", "plain"), help=argparse.SUPPRESS)
    parser.add_argument("--master", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:  # a child process measuring one phase
        print(json.dumps(_phase(args.phase, args.master, args.out, args.jobs, args.forms)))
        return 0
    print(f"machine: {os.cpu_count()} CPU cores, {args.jobs} worker processes; "
          f"forms per unit: {', '.join(args.forms)}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        naive = _naive(args.naive_sample, root)
        print(f"naive openpyxl baseline (load template, set cells, save; 1 process, "
              f"{args.naive_sample} units): {naive:.1f} workbooks/s")
        for units in args.units:
            folder = root / f"n{units}"
            start = time.perf_counter()
            master = write_master(demo_frames(units - 1, mistakes=False), folder / "master.xlsx")
            print(f"\nN = {units}: master data written in {time.perf_counter() - start:.1f} s "
                  "(not measured)")
            fill = _run_phase("fill", master, folder / "out", args.jobs, args.forms)
            collected = _run_phase("collect", master, folder / "out", args.jobs, args.forms)
            plain = _run_phase("plain", master, folder / "out", args.jobs, args.forms)
            row = {"units": units, "fill_rate": fill["count"] / fill["seconds"],
                   "collect_rate": collected["count"] / collected["seconds"],
                   "plain_rate": plain["count"] / plain["seconds"],
                   "fill_mb": max(fill["own_mb"], fill["workers_mb"]),
                   "collect_mb": max(collected["own_mb"], collected["workers_mb"])}
            rows.append(row)
            print(f"  fill (load + validate master data, write workbooks): {fill['count']} "
                  f"workbooks in {fill['seconds']:.2f} s = {row['fill_rate']:.0f} workbooks/s; "
                  f"peak memory: main {fill['own_mb']:.0f} MB, largest worker "
                  f"{fill['workers_mb']:.0f} MB")
            print(f"  collect: {collected['count']} workbooks in {collected['seconds']:.2f} s = "
                  f"{row['collect_rate']:.0f} workbooks/s; peak memory: main "
                  f"{collected['own_mb']:.0f} MB, largest worker {collected['workers_mb']:.0f} MB")
            print(f"  isolation: collect {row['collect_rate']:.0f} workbooks/s with it; reading "
                  f"alone in a plain process pool {row['plain_rate']:.0f} workbooks/s")
        print("\n    N  fill wb/s  collect wb/s  fill peak MB  collect peak MB")
        for row in rows:
            print(f"{row['units']:5d}  {row['fill_rate']:9.0f}  {row['collect_rate']:12.0f}  "
                  f"{row['fill_mb']:12.0f}  {row['collect_mb']:15.0f}")
        first, last = rows[0], rows[-1]
        per = 1000 / (last["units"] - first["units"]) if last["units"] != first["units"] else 0
        print(f"peak memory growth per 1,000 units: fill {(last['fill_mb'] - first['fill_mb']) * per:+.0f} MB, "
              f"collect {(last['collect_mb'] - first['collect_mb']) * per:+.0f} MB")
    print(f"fill_speedup={min(r['fill_rate'] for r in rows) / naive:.1f} "
          f"collect_per_s={min(r['collect_rate'] for r in rows):.0f} "
          f"read_unisolated_per_s={min(r['plain_rate'] for r in rows):.0f} "
          f"peak_mb={max(max(r['fill_mb'], r['collect_mb']) for r in rows):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
