"""Benchmark of batch mode: fill and collect N units, against a naive openpyxl baseline.

Run: ``python benchmarks/bench_batch.py --units 1000 [--jobs N] [--naive-sample 40]``.

* fill: ``fill_units`` (template patching, processes) for N generated units (2 workbooks each).
* naive baseline: what a script would do with openpyxl in one process — load the unit's blank
  template, set the input cells through the defined names, save — timed on a sample of units
  and expressed as workbooks per second.
* collect: ``collect`` of the filled folder (python-calamine), workbooks per second.
* memory: peak resident set size of this process and of the worker processes.

The last line is ``fill_speedup=<ratio> collect_per_s=<workbooks/s> peak_mb=<MB>``. Nothing
here asserts a timing; the numbers are printed for people and CI logs.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.batch.collect import collect  # noqa: E402
from scoring.batch.demo import demo_frames  # noqa: E402
from scoring.batch.fill import Filler, fill_units  # noqa: E402
from scoring.batch.master import Unit, load_master, write_master  # noqa: E402


def _peak_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive-sample", type=int, default=40,
                        help="units timed for the naive baseline (it is slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        master = load_master(write_master(demo_frames(args.units), root / "master.xlsx"))
        print(f"master data: {len(master.units)} units valid, {len(master.failed)} failed, "
              f"{time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        report = fill_units(master, root / "out", jobs=args.jobs)
        fill_seconds = time.perf_counter() - start
        written = report.count("written")
        fill_rate = written / fill_seconds
        print(f"fill: {written} workbooks in {fill_seconds:.2f} s = {fill_rate:.0f} workbooks/s "
              f"({args.jobs} processes)")

        naive_dir = root / "naive"
        naive_dir.mkdir()
        naive = naive_rate(list(master.units[: args.naive_sample]), naive_dir)
        print(f"naive openpyxl baseline (load template, set cells, save; 1 process, "
              f"{min(args.naive_sample, len(master.units))} units): {naive:.1f} workbooks/s")

        start = time.perf_counter()
        collected = collect(root / "out", jobs=args.jobs)
        collect_seconds = time.perf_counter() - start
        read = len(collected.units) + len(collected.targets)
        collect_rate = read / collect_seconds
        print(f"collect: {read} workbooks in {collect_seconds:.2f} s = {collect_rate:.0f} workbooks/s "
              f"({len(collected.unreadable)} unreadable)")
        own, children = _peak_mb()
        print(f"peak memory: main process {own:.0f} MB, largest worker {children:.0f} MB")
        print(f"fill_speedup={fill_rate / naive:.1f} collect_per_s={collect_rate:.0f} "
              f"peak_mb={max(own, children):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
