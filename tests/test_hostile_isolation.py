"""One bad file costs one file: isolated workers, interrupts, locks and file names (issue #10).

The workers (:mod:`scoring.batch.workers`) are tested with tasks that die the ways a parser
can (an abort, the memory limit, an endless loop, an exception) and then through the commands
a bureau runs: ``collect`` over files that make python-calamine abort, ``score`` on one,
``fill`` interrupted with Ctrl-C or killed, two ``fill`` runs on one folder, unit codes that
collide as file names or look like the fast path's placeholders.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from scoring.batch.collect import collect
from scoring.batch.demo import demo_frames, simulate_typed_values
from scoring.batch.fill import MANIFEST_NAME, fill_units
from scoring.batch.master import UNITS, load_master, write_master
from scoring.batch.summary import write_summary
from scoring.batch.workers import WorkerFailure, WorkerLimits, run_isolated
from scoring.cli import main
from scoring.forms import FORMS, PROJECT_FORMS, UNIT_FORMS
from scoring.workbook import reader, safety
from scoring.workbook.files import folder_lock, write_bytes_atomic
from scoring.workbook.metadata import read_metadata

from hostile.corpus import million_rows

ROOT = Path(__file__).resolve().parent.parent
PERFSCORE = [sys.executable, "-m", "scoring.cli"]


# --------------------------------------------------------------------------- the workers


def _task(item: int) -> int:
    """Dies, hangs, eats memory or raises for some items; doubles the others."""
    if item == 3:
        os.abort()  # what a Rust allocation failure does
    if item == 5:
        time.sleep(60)
    if item == 7:
        bytearray(8 << 30)  # beyond the worker's memory limit
    if item == 9:
        raise ValueError("boom")
    return item * 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_dying_worker_costs_one_item_and_the_rest_go_on(jobs):
    results = list(run_isolated(_task, list(range(12)), jobs=jobs,
                                limits=WorkerLimits(memory_bytes=1 << 30, seconds=2),
                                chunksize=4))
    failures = {r.item: r.reason for r in results if isinstance(r, WorkerFailure)}
    assert failures == {3: "memory", 5: "time", 7: "memory", 9: "error"}
    assert [r for r in results if not isinstance(r, WorkerFailure)] == [
        i * 2 for i in range(12) if i not in failures]
    assert "ValueError: boom" in next(r for r in results if isinstance(r, WorkerFailure)
                                      and r.item == 9).detail


_STOPPED_IN_A_FINALIZER = """
import json, os, signal
from scoring.batch.workers import run_isolated_as_completed


class StopsInAFinalizer:
    # Collected as soon as it is made: its finalizer sends this process SIGTERM, and the
    # handler runs inside the finalizer, where the SystemExit it raises cannot propagate (as
    # when a workbook is collected in a worker just as the run is stopped).
    def __del__(self):
        signal.raise_signal(signal.SIGTERM)
        sum(range(10))  # the handler runs here, inside the finalizer


def task(item):
    if item == 0:
        StopsInAFinalizer()
    return os.getpid()


print(json.dumps([[index, pid] for index, pid in run_isolated_as_completed(
    task, list(range(6)), jobs=1, chunksize=6) if isinstance(pid, int)]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_a_stop_swallowed_by_a_finalizer_still_stops_the_worker():
    """A worker whose SIGTERM lands inside a finalizer finishes the item at hand and takes no
    other (it went on through its whole chunk, writing workbooks after a Ctrl-C that the
    manifest never heard of), and prints no traceback for it (a Ctrl-C says one line)."""
    import json

    done = subprocess.run([sys.executable, "-c", _STOPPED_IN_A_FINALIZER], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    results = json.loads(done.stdout)
    first = dict(results)[0]
    assert [index for index, pid in results if pid == first] == [0]
    assert done.stderr == ""


_FINISHED_AFTER_THE_STOP = """
import json, time
from scoring.batch.workers import run_isolated_as_completed


class Slow:
    def __del__(self):
        time.sleep(1.0)  # the stop lands here: its SystemExit is dropped, the item goes on


def task(item):
    if item == 1:
        Slow()
    return item


unseen = []
results = run_isolated_as_completed(task, [0, 1, 2], jobs=1, chunksize=3, unseen=unseen)
first = next(results)
time.sleep(0.5)  # the worker is inside item 1's finalizer
results.close()  # what Ctrl-C does
print(json.dumps({"first": first, "unseen": unseen}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_an_item_finished_after_the_stop_is_still_handed_back():
    """The item a worker finishes after its stop was dropped by a finalizer is handed back
    with the results sent before the stop (fill writes it into the manifest)."""
    import json

    done = subprocess.run([sys.executable, "-c", _FINISHED_AFTER_THE_STOP], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    outcome = json.loads(done.stdout)
    assert outcome == {"first": [0, 0], "unseen": [[1, 1]]}
    assert done.stderr == ""


def test_failure_messages_are_chinese_and_name_the_limit():
    limits = WorkerLimits(memory_bytes=512 << 20, seconds=30)
    assert "512 MB" in WorkerFailure("a.xlsx", "memory").message(limits)
    assert "30 秒" in WorkerFailure("a.xlsx", "time").message(limits)
    assert "SIGSEGV" in WorkerFailure("a.xlsx", "crash", "SIGSEGV").message(limits)


# --------------------------------------------------------------------------- collect and score


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """Two units' workbooks, filled in as staff would."""
    root = tmp_path_factory.mktemp("isolation")
    master = load_master(write_master(demo_frames(2), root / "master.xlsx"))
    out = root / "in"
    fill_units(master, out, jobs=1)
    simulate_typed_values(sorted(out.glob("*_自评表.xlsx")))
    return out


def _unguarded(monkeypatch) -> None:
    """Let files through the gatekeeper's size checks, as a check that missed them would."""
    real = safety.inspect_workbook_bytes
    monkeypatch.setattr(reader, "inspect_workbook_bytes",
                        lambda data, file, limits=safety.DEFAULT_LIMITS: real(
                            data, file, safety.Limits(max_cells=10 ** 15)))


def test_collect_survives_a_file_that_makes_calamine_abort(filled, tmp_path, monkeypatch):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in filled.glob("*.xlsx"):
        (folder / path.name).write_bytes(path.read_bytes())
    bad = million_rows(folder)  # one value in XFD1048576: a 17-billion-cell grid
    _unguarded(monkeypatch)  # the workers are forked: they inherit the missing check
    collected = collect(folder, jobs=2, limits=WorkerLimits(memory_bytes=1 << 30, seconds=60))
    assert len(collected.units) == 3 and len(collected.targets) == 3
    row = collected.unreadable.iloc[0]
    assert (Path(row["文件"]).name, row["错误代码"]) == (bad.name, "PS-W004")
    assert "内存上限" in row["原因"]
    summary = write_summary(collected, tmp_path / "汇总.xlsx")
    assert load_workbook(summary)["无法读取"].max_row == 2


def test_collect_stops_a_file_that_takes_too_long(filled, tmp_path, monkeypatch):
    slow = filled / next(p.name for p in filled.glob("*_自评表.xlsx"))
    real = reader.open_workbook

    def hanging(path):
        if Path(path) == slow:
            time.sleep(60)
        return real(path)

    monkeypatch.setattr("scoring.batch.collect.open_workbook", hanging)
    started = time.monotonic()
    collected = collect(filled, jobs=2, limits=WorkerLimits(seconds=2))
    assert time.monotonic() - started < 30
    row = collected.unreadable.iloc[0]
    assert (row["文件"], row["错误代码"]) == (str(slow), "PS-W004") and "2 秒" in row["原因"]
    assert len(collected.units) == 2


def test_score_answers_a_file_that_kills_its_reader(tmp_path, monkeypatch, capsys):
    bad = million_rows(tmp_path)
    _unguarded(monkeypatch)
    assert main(["score", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[PS-W004]") and bad.name in err and "内存上限" in err


def test_collect_under_a_4_gb_address_space_for_the_whole_run(filled, tmp_path):
    """The run as CI would meet it: the checked files are refused, the good ones scored."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in filled.glob("*.xlsx"):
        (folder / path.name).write_bytes(path.read_bytes())
    bad = million_rows(folder)

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    out = tmp_path / "汇总.xlsx"
    done = subprocess.run([*PERFSCORE, "collect", str(folder), "--out", str(out), "--jobs", "2"],
                          capture_output=True, text=True, preexec_fn=limit, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stderr  # one unreadable file
    assert "Traceback" not in done.stderr
    book = load_workbook(out)
    assert book["汇总"].max_row == 4  # header and three units
    unreadable = [[c.value for c in row] for row in book["无法读取"].iter_rows(min_row=2)]
    assert len(unreadable) == 1 and unreadable[0][0] == str(bad)


def test_workbooks_of_different_years_are_ranked_year_by_year(filled, tmp_path, capsys):
    from openpyxl import load_workbook as load

    folder = tmp_path / "years"
    folder.mkdir()
    evaluations = sorted(filled.glob("*_自评表.xlsx"))
    for path in evaluations:
        (folder / path.name).write_bytes(path.read_bytes())
    old = folder / evaluations[0].name
    book = load(old)
    meta = book["perfscore_meta"]
    for row in meta.iter_rows():
        if row[0].value == "year":
            row[1].value = "2023"
    book.save(old)
    collected = collect(folder, jobs=1)
    units = collected.units
    assert collected.years == [2023, 2024]
    assert sorted(units.loc[units["年度"] == 2023, "排名"]) == [1]
    assert sorted(units.loc[units["年度"] == 2024, "排名"]) == [1, 2]
    assert main(["collect", str(folder), "--out", str(tmp_path / "s.xlsx")]) == 0
    assert "2023、2024" in capsys.readouterr().err


# --------------------------------------------------------------------------- fill


@pytest.fixture(scope="module")
def master_path(tmp_path_factory) -> Path:
    return write_master(demo_frames(3), tmp_path_factory.mktemp("master") / "master.xlsx")


def test_unit_codes_that_collide_as_file_names_are_refused_for_both(tmp_path):
    frames = demo_frames(3)
    units = frames[UNITS.sheet]
    codes = list(units["单位编码"])
    # The third: full-width digits after a zero-width space, as pasted from a web page.
    wide = "\u200b" + "".join(chr(ord(ch) + 0xFEE0) for ch in codes[3])
    renamed = {codes[1]: "A/B", codes[2]: "A:B", codes[3]: wide}
    for sheet in frames.values():
        if "单位编码" in sheet:
            sheet["单位编码"] = [renamed.get(code, code) for code in sheet["单位编码"]]
    units.loc[units["单位编码"].isin(["A/B", "A:B"]), "单位名称"] = "某局"  # same file name
    master = load_master(write_master(frames, tmp_path / "master.xlsx"))
    assert {unit.code for unit in master.units} >= {"A/B", "A:B", codes[3]}
    report = fill_units(master, tmp_path / "out", jobs=1)
    failed = {row.unit_code for row in report.failed}
    assert failed == {"A/B", "A:B"}
    assert all("PS-M002" in row.message and "A_B" in row.message for row in report.failed)
    # Neither unit's own workbooks are written; their projects are (each file name carries
    # its project's code, unique in the master, and the workbook records the unit code as typed).
    project_labels = tuple(f"_{FORMS[kind].label}.xlsx" for kind in PROJECT_FORMS)
    written = [path.name for path in (tmp_path / "out").glob("*A_B*")]
    assert written and all(name.endswith(project_labels) for name in written)
    assert len(list((tmp_path / "out").glob(f"*_{codes[3]}_*.xlsx"))) == len(UNIT_FORMS)


def test_a_unit_code_that_reads_like_a_placeholder_stays_itself(tmp_path):
    frames = demo_frames(1)
    for sheet in frames.values():
        if "单位编码" in sheet:
            sheet["单位编码"] = sheet["单位编码"].replace("100001", "987650001.5")
    master = load_master(write_master(frames, tmp_path / "master.xlsx"))
    report = fill_units(master, tmp_path / "out", jobs=1)
    assert not report.failed
    for path in (tmp_path / "out").glob("*987650001.5*.xlsx"):
        assert read_metadata(load_workbook(path), str(path)).unit_code == "987650001.5"


def test_a_folder_in_the_place_of_a_workbook_is_a_failed_row(master_path, tmp_path):
    master = load_master(master_path)
    out = tmp_path / "out"
    report = fill_units(master, out, jobs=1)
    taken = Path(report.written[0].file)
    taken.unlink()
    taken.mkdir()
    again = fill_units(master, out, jobs=1)
    row = next(row for row in again.written if row.file == str(taken))
    assert row.status == "failed" and "PS-W001" in row.message and "文件夹" in row.message


def test_a_full_disk_names_every_workbook_not_written(master_path, tmp_path, monkeypatch,
                                                      capsys):
    import errno

    real_open = os.open

    def full(path, *args, **kwargs):  # every temporary file a writer makes
        if os.path.basename(path).startswith(".~"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", full)
    assert main(["fill", str(master_path), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    unwritten = [line for line in captured.err.splitlines() if line.startswith("未生成 ")]
    master = load_master(master_path)
    written = len(master.units) * len(UNIT_FORMS) + len(master.projects) * len(PROJECT_FORMS)
    assert len(unwritten) == written and all("磁盘空间不足" in line for line in unwritten)
    assert "生成清单未能写入" in captured.err and "磁盘空间不足" in captured.err
    assert f"未能生成 {written} 个" in captured.out


def test_a_second_run_on_a_held_folder_stops_at_once(master_path, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with folder_lock(out):
        started = time.monotonic()
        assert main(["fill", str(master_path), "--out", str(out)]) == 2
        assert time.monotonic() - started < 20
    err = capsys.readouterr().err
    assert err.startswith("[PS-W017]") and f"进程号 {os.getpid()}" in err
    assert not list(out.glob("*.xlsx"))
    assert main(["fill", str(master_path), "--out", str(out)]) == 0  # free again


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode("utf-8", "replace"):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _big_master(tmp_path: Path) -> Path:
    return write_master(demo_frames(150), tmp_path / "大主数据.xlsx")


def _fill_in_background(master: Path, out: Path, env: dict[str, str] | None = None,
                        preexec_fn: Any = None) -> subprocess.Popen:
    return subprocess.Popen([*PERFSCORE, "fill", str(master), "--out", str(out), "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env, preexec_fn=preexec_fn)


def _wait_for_workbooks(out: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.xlsx"))) < count:
        assert time.monotonic() < deadline, "fill wrote nothing"
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGHUP, process groups and /proc")
@pytest.mark.parametrize("number, group, times", [(signal.SIGTERM, False, 1),
                                                  (signal.SIGHUP, True, 1),
                                                  (signal.SIGTERM, True, 2)])
def test_sigterm_or_sighup_stop_fill_cleanly_and_leave_no_temporary_file(tmp_path, number, group,
                                                                          times):
    """``kill`` (SIGTERM to the command's process) or a closed terminal (SIGHUP to every
    process of the run) stops fill as Ctrl-C does: one line, exit code 128 + the signal, the
    manifest written, the workers gone, nothing left in the temporary folder (the parcels'
    spool file, issue #13) or the output folder; the same signal sent again at once (a closed
    terminal sends SIGHUP twice) does not cut the stop short."""
    temporary = tmp_path / "临时"
    temporary.mkdir()
    out = tmp_path / "out"
    run = _fill_in_background(_big_master(tmp_path), out, {**os.environ, "TMPDIR": str(temporary)})
    _wait_for_workbooks(out, 10)
    for time_ in range(times):
        if time_:
            time.sleep(0.03)  # the repeat lands while the first is being handled
        if group:
            os.killpg(run.pid, number)
        else:
            os.kill(run.pid, number)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 128 + number
    lines = [line for line in stderr.decode().splitlines() if not line.startswith(("[PS-", "  ", "警告"))]
    assert lines == ["已停止（收到终止信号）。"], stderr.decode()
    time.sleep(0.5)
    assert (out / MANIFEST_NAME).is_file()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".~")]
    assert not _processes_mentioning(str(out))
    assert list(temporary.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGHUP and nohup")
def test_a_fill_started_with_sighup_ignored_runs_on_when_its_terminal_closes(tmp_path):
    """``nohup perfscore fill …``: SIGHUP is ignored before the command starts, and stays so
    (the command's own handlers are only for signals the process does not ignore)."""
    out = tmp_path / "out"
    master = _big_master(tmp_path)
    run = _fill_in_background(master, out, preexec_fn=lambda: signal.signal(signal.SIGHUP,
                                                                            signal.SIG_IGN))
    _wait_for_workbooks(out, 10)
    os.killpg(run.pid, signal.SIGHUP)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 1, stderr.decode()  # the master's located mistakes, nothing else
    assert "已停止" not in stderr.decode()
    expected = len(load_master(master).units) * len(UNIT_FORMS)
    assert len(list(out.glob("*_目标表.xlsx"))) * len(UNIT_FORMS) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and /proc")
def test_ctrl_c_stops_fill_with_one_line_and_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    run = _fill_in_background(_big_master(tmp_path), out)
    _wait_for_workbooks(out, 10)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends to the whole group
    stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    lines = [line for line in stderr.decode().splitlines() if not line.startswith(("[PS-", "  ", "警告"))]
    assert lines == ["已中断。"], stderr.decode()
    time.sleep(0.5)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".~")]
    assert not _processes_mentioning(str(out))
    # The manifest records what was written before the interruption, checksums included, so
    # the next run knows these files are untouched (a later --force backs none of them up).
    import csv
    import hashlib

    with open(out / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        recorded = {row["文件"]: row["SHA-256"] for row in csv.DictReader(stream)}
    on_disk = list(out.glob("*.xlsx"))
    listed = [path for path in on_disk if path.name in recorded]
    assert len(listed) >= len(on_disk) - 2 * len(UNIT_FORMS)  # all but a worker's last unit each
    for path in listed:
        assert recorded[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_interrupted_fill_records_the_units_its_workers_had_finished(tmp_path, monkeypatch):
    """Ctrl-C while fill is busy with one finished unit and the workers have gone on: the units
    they finished meanwhile (their results sent, not yet taken) are in the manifest, the workers
    are stopped before it is written, and no file appears afterwards that it does not know."""
    import csv

    from scoring.batch import fill

    class _Bar:
        def update(self, count: int) -> None:
            time.sleep(1.5)  # a parent that falls behind its workers (a loaded machine)
            raise KeyboardInterrupt

        def close(self) -> None:
            pass

    monkeypatch.setattr(fill, "_progress", lambda total, enabled: _Bar())
    monkeypatch.setattr("scoring.batch.workers.UNITS_PER_WORKER", 1)  # two workers, any size
    master = load_master(write_master(demo_frames(40), tmp_path / "master.xlsx"))
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt) as interrupted:
        fill_units(master, out, jobs=2)
    time.sleep(1.0)  # time for workers that were not stopped to write more files
    with open(out / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        recorded = {row["文件"] for row in csv.DictReader(stream)}
    unknown = [path.name for path in out.glob("*.xlsx") if path.name not in recorded]
    assert len(recorded) > 3 * len(UNIT_FORMS)  # more than the unit the parent was busy with
    assert len(unknown) <= 2 * len(UNIT_FORMS), unknown  # at most a unit per worker in flight
    assert not [path.name for path in out.iterdir() if path.name.startswith(".~")]
    assert interrupted.value is not None


def _short_task(number: int) -> int:
    time.sleep(0.05)
    return number


@pytest.mark.skipif(sys.platform == "win32", reason="signal masks")
def test_a_second_ctrl_c_waits_until_the_workers_are_stopped(monkeypatch):
    """Ctrl-C pressed again while the results the workers had sent are taken in: it arrives
    once every worker is stopped, and what they had sent is kept."""
    import multiprocessing

    from scoring.batch import workers

    taken = workers._sent

    def pressed_again(worker):
        os.kill(os.getpid(), signal.SIGINT)
        return taken(worker)

    monkeypatch.setattr(workers, "_sent", pressed_again)
    before = set(multiprocessing.active_children())  # other tests' processes are not ours
    unseen: list = []
    results = workers.run_isolated_as_completed(_short_task, list(range(200)), jobs=2,
                                                unseen=unseen)
    with pytest.raises(KeyboardInterrupt):
        for count, _ in enumerate(results):
            if count == 3:
                time.sleep(0.5)  # the workers go on meanwhile
                raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        results.close()  # the second Ctrl-C, delivered at the end of the stop
    assert unseen and not set(multiprocessing.active_children()) - before


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and /proc")
def test_workers_exit_with_a_killed_fill_and_the_lock_is_free(tmp_path):
    out = tmp_path / "out"
    master = _big_master(tmp_path)
    run = _fill_in_background(master, out)
    _wait_for_workbooks(out, 10)
    run.kill()  # kill -9 of the parent only
    run.wait()
    deadline = time.monotonic() + 10
    while _processes_mentioning(str(out)):
        assert time.monotonic() < deadline, "workers outlived their parent"
        time.sleep(0.1)
    second = subprocess.run([*PERFSCORE, "fill", str(master), "--out", str(out), "--jobs", "2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "PS-W017" not in second.stderr and "生成" in second.stdout


def test_an_error_raised_in_a_worker_arrives_whole():
    """A PerfscoreError pickled back from a worker keeps its class, code and location."""
    import pickle

    from scoring.errors import CODES, RuleError, WorkbookFileError

    error = RuleError("无法识别", code="PS-R002", file="a.xlsx", sheet="自评表", cell="E7",
                      text="得分", position=1)
    error.located(row=3)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is RuleError and isinstance(back, ValueError)
    assert (back.code, back.file, back.cell, back.row, back.format_message()) == (
        "PS-R002", "a.xlsx", "E7", 3, error.format_message())
    assert str(back) == str(error) and str(back).count("[PS-R002]") == 1
    assert pickle.loads(pickle.dumps(WorkbookFileError("x", code="PS-W017"))).code in CODES


def test_a_stop_right_after_the_temporary_file_is_made_leaves_no_file(tmp_path, monkeypatch):
    """A worker stopped by SIGTERM raises SystemExit as soon as the call it is in returns; when
    that call has just made the temporary file, the file is still removed (found when the full
    suite left a ``.~….xlsx.tmp`` behind after Ctrl-C once: ``mkstemp`` tells the name only
    after the file exists)."""
    real_open = os.open

    def open_then_stop(path, flags, mode=0o777, **kwargs):
        handle = real_open(path, flags, mode, **kwargs)
        if os.path.basename(path).startswith(".~"):
            os.close(handle)
            raise SystemExit(0)  # what the worker's SIGTERM handler raises
        return handle

    monkeypatch.setattr(os, "open", open_then_stop)
    with pytest.raises(SystemExit):
        write_bytes_atomic(tmp_path / "目标表.xlsx", b"PK")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
