"""Worker processes that cost one file when something goes wrong, never the batch.

Reading a workbook runs third-party parsers over files a bureau did not write. The gatekeeper
(:mod:`scoring.workbook.safety`) refuses what is known to hurt them, but the next surprise (a
parser that aborts the process on an allocation failure, or loops) must cost one file, not the
run. So every file is read, and every unit written, in a worker process that

* runs under a memory limit (``RLIMIT_AS``: the address space it started with plus
  :attr:`WorkerLimits.memory_bytes`) and a time limit per item (:attr:`WorkerLimits.seconds`);
* reports each item's result as soon as it is done, so when it dies (a signal, an abort, the
  memory limit) or overruns, the parent knows which item it was on: that item gets a
  :class:`WorkerFailure`, the worker is replaced and the rest of its chunk goes on;
* ignores Ctrl-C (the parent stops it, once, with SIGTERM, which unwinds ``finally`` blocks so
  no temporary file is left) and ends with its parent: at once on Linux (``PR_SET_PDEATHSIG``),
  elsewhere when idle (checked every second) or between items.

Workers are forked from the caller where the system can (Linux, macOS): they start at once,
with every module already imported. The caller may hold the whole master data (fill); its
objects are frozen out of the cyclic garbage collector while a worker is forked
(:func:`gc.freeze`), so the worker never writes to their pages and they stay shared instead of
being copied into every worker. Where there is no fork (Windows) the platform's default is
used, and only the time limit applies (there is no ``RLIMIT_AS``).
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: How often an idle worker checks that its parent is still alive (seconds).
_PARENT_CHECK = 1.0
#: How long a stopped worker has to unwind before it is killed (seconds).
_STOP_GRACE = 2.0


@dataclass(frozen=True)
class WorkerLimits:
    """What one worker may use for one item.

    Attributes:
        memory_bytes: Address space a worker may add to what it had when it started (a product
            workbook needs about 50 MB; 1 GiB leaves room for any real one).
        seconds: Time for one item (a product workbook is read in about 10 ms).
    """

    memory_bytes: int = 1 << 30
    seconds: float = 60.0


#: Limits for reading one returned workbook (collect, score).
READ_LIMITS = WorkerLimits()
#: Limits for reading a master data file of up to 50,000 units (fill).
MASTER_READ_LIMITS = WorkerLimits(memory_bytes=4 << 30, seconds=900.0)
#: Limits for writing one unit's workbooks (fill).
WRITE_LIMITS = WorkerLimits(memory_bytes=1 << 30, seconds=120.0)


@dataclass(frozen=True)
class WorkerFailure(Generic[Item]):
    """An item whose worker died, overran its time or raised an unexpected exception.

    Attributes:
        item: The item.
        reason: ``memory`` (the memory limit, or an abort: what an allocation failure in native
            code does), ``time`` (killed after :attr:`WorkerLimits.seconds`), ``crash`` (any
            other death) or ``error`` (an exception the task did not handle).
        detail: The signal or exit code, or the exception's traceback (for developers).
    """

    item: Item
    reason: str
    detail: str = ""

    def message(self, limits: WorkerLimits) -> str:
        """What happened, in Chinese, for the user (the item itself is named by the caller)."""
        if self.reason == "memory":
            return (f"处理时超出内存上限（{limits.memory_bytes >> 20} MB）或读取程序异常终止，"
                    "已跳过；文件可能过大或已损坏")
        if self.reason == "time":
            return f"处理超过 {limits.seconds:g} 秒仍未完成，已停止并跳过；文件可能过大或已损坏"
        if self.reason == "crash":
            return f"处理时程序异常退出（{self.detail}），已跳过；文件可能已损坏"
        return "处理时发生内部错误，已跳过；请将此文件与错误信息反馈给开发人员"


def worker_count(jobs: int | None) -> int:
    """The number of worker processes: ``jobs``, or the CPU count when None.

    Raises:
        ValueError: For ``jobs`` below 1 (the CLI refuses it with a Chinese message first).
    """
    if jobs is None:
        return os.cpu_count() or 1
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    return jobs


#: Units (or projects) a fill's worker process takes at least: a second worker costs its own
#: start (imports, the first workbook of every layout, some 0.3 s), which a batch of fewer than
#: about 30 units does not win back (measured on 2 cores: 20 units 0.95 s with one worker, 1.09 s
#: with two; 30 units 1.06 s against 0.86 s; best of three, diagnostic).
UNITS_PER_WORKER = 15


def fill_workers(jobs: int | None, units: int) -> int:
    """The worker processes a fill of ``units`` units and projects starts: ``jobs`` (the CPU
    count when None), but no more than one per :data:`UNITS_PER_WORKER` units."""
    return max(1, min(worker_count(jobs), units // UNITS_PER_WORKER))


#: The signals a terminal sends to every process of the run (Ctrl-C; SIGHUP when it closes):
#: workers ignore them, the parent stops its workers (Windows has no SIGHUP).
_GROUP_SIGNALS: set[int] = {signal.SIGINT,
                             *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])}


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold back Ctrl-C, SIGHUP (which a closed terminal sends to every process as Ctrl-C
    does) and SIGTERM while a process is started from this one.

    A child inherits the signal mask, so it cannot be interrupted before :func:`_serve` has set
    its handlers (ignore the first two, stop on SIGTERM): one Ctrl-C stops the run with one
    line, not with a traceback from every process. A signal sent meanwhile reaches this process
    when the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {*_GROUP_SIGNALS, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def forks() -> bool:
    """True where workers are forked (Linux, macOS): they inherit what the caller holds,
    open files among them."""
    return "fork" in multiprocessing.get_all_start_methods()


def _context() -> Any:
    """``fork`` where there is one (Linux, macOS), else the platform's default (Windows)."""
    if forks():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _address_space() -> int | None:
    """This process's current address space in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at what it uses now plus ``extra`` (where possible)."""
    try:
        import resource
    except ImportError:  # Windows: only the time limit applies
        return
    current = _address_space()
    if current is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


#: Set in a worker by SIGTERM (:func:`_stop`): its loop takes no further item.
_stopping = False


def _stop(signum: int, frame: Any) -> None:
    """SIGTERM in a worker: unwind (``finally`` blocks remove temporary files), then exit.

    Python runs the handler wherever the worker is, and an exception raised inside a
    finalizer or a weak reference's callback (a workbook collected while the next one is
    built) is printed and dropped: the worker would go on through its whole chunk. So the
    stop is noted too, and :func:`_serve` takes no further item once it is."""
    global _stopping
    if _stopping:
        return  # a second SIGTERM must not cut short the unwinding of the first
    _stopping = True
    raise SystemExit(0)


def _unraisable(unraisable: Any) -> None:
    """A worker's hook for exceptions Python cannot raise (in finalizers, weak reference
    callbacks): while the worker is stopped (:func:`_stop`, noted already) none is printed,
    the stop's SystemExit or what unwinding half-written objects raises (a Ctrl-C says one
    line); otherwise each is printed as Python prints it."""
    if _stopping:
        return
    sys.__unraisablehook__(unraisable)


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM when the parent dies (``PR_SET_PDEATHSIG``): a worker busy with
    an item, or blocked sending a large result, stops at once instead of running on unseen.
    Elsewhere the idle check in :func:`_serve` (and between items) does it."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(connection: Connection, parent_end: Connection, task: Callable[[Any], Any],
           memory_bytes: int) -> None:
    """A worker's loop: receive chunks of (index, item), send (index, ok, result) per item."""
    for number in _GROUP_SIGNALS:  # the parent stops its workers itself
        signal.signal(number, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    sys.unraisablehook = _unraisable
    faulthandler.disable()  # a crash is reported by the parent, for the item, in Chinese
    parent = os.getppid()
    _die_with_parent()
    parent_end.close()  # the parent's end, inherited by the fork: only the parent may hold it
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {*_GROUP_SIGNALS, signal.SIGTERM})
    if os.getppid() != parent:
        return  # the parent died before the death signal was asked for
    _limit_memory(memory_bytes)
    while True:
        if not connection.poll(_PARENT_CHECK):
            if os.getppid() != parent:
                return  # the parent died (kill -9): nobody waits for results
            continue
        try:
            chunk = connection.recv()
        except (EOFError, OSError):
            return
        if chunk is None or _stopping:
            return
        for index, item in chunk:
            if _stopping or os.getppid() != parent:
                return  # stopped (its exit swallowed), or the parent died mid-chunk
            try:
                outcome: tuple[Any, ...] = (index, "ok", task(item))
            except MemoryError:
                outcome = (index, "memory", "MemoryError")
            except Exception:
                outcome = (index, "error", traceback.format_exc(limit=-8))
            try:
                connection.send(outcome)
            except MemoryError:
                connection.send((index, "memory", "MemoryError"))
            except Exception:
                connection.send((index, "error", traceback.format_exc(limit=-8)))


class Terminated(SystemExit):
    """SIGTERM or SIGHUP (``kill``, a closed terminal): raised where the main thread is, so
    that a command unwinds as after Ctrl-C (workers stopped, ``finally`` blocks and exit
    handlers run: no temporary file is left, a fill's manifest is written); the program exits
    with 128 + the signal (:func:`scoring.cli.main`)."""


#: The signals that stop a run as Ctrl-C does, besides SIGINT (Windows has no SIGHUP).
TERMINATING: tuple[int, ...] = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                                     if hasattr(signal, name))


def interruption(signum: int) -> BaseException:
    """What a stopping signal raises: KeyboardInterrupt for SIGINT, else :class:`Terminated`."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(128 + signum)


#: The first of :data:`TERMINATING` this process received, once it did: the run is stopping,
#: and a repeat (a closed terminal sends SIGHUP twice) must not cut short its unwinding (the
#: manifest, the temporary files) nor kill it by the signal.
terminating: int | None = None


def _first_termination(signum: int) -> bool:
    """Note ``signum`` (one of :data:`TERMINATING`) as :data:`terminating`; False for a repeat,
    which is ignored."""
    global terminating
    if terminating is not None:
        return False
    terminating = signum
    return True


def stop_on_signal(signum: int, frame: Any) -> None:
    """The handler of :data:`TERMINATING` while a command runs (:func:`scoring.cli.main`):
    raises :class:`Terminated` the first time, ignores the signal after that."""
    if _first_termination(signum):
        raise interruption(signum)


def handled(numbers: Iterable[int]) -> list[int]:
    """Of the signals ``numbers``, those this process does not ignore: one started with
    ``nohup`` (SIGHUP ignored) keeps running when its terminal closes, as it did before it set
    any handler."""
    return [number for number in numbers if signal.getsignal(number) is not signal.SIG_IGN]


class _CtrlC:
    """Ctrl-C, SIGTERM or SIGHUP in the parent while workers run, noted as well as raised.

    Python raises the handler's exception wherever the main thread is; raised inside a
    finalizer it is printed and dropped, and the run would go on as if nothing was pressed.
    The note makes the loop of :func:`run_isolated_as_completed` raise it again at its next
    turn.
    """

    def __init__(self) -> None:
        #: The first stopping signal received, or None.
        self.seen: int | None = None
        #: While the workers are stopped: a signal is only noted (:meth:`hold`).
        self.holding = False
        self.held = False
        self.previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, *handled(TERMINATING)):
                self.previous[number] = signal.signal(number, self._note)

    def _note(self, signum: int, frame: Any) -> None:
        if signum != signal.SIGINT and not _first_termination(signum):
            return  # stopping already: a repeat is ignored (:func:`stop_on_signal`)
        if self.seen is None:
            self.seen = signum
        if self.holding:
            self.held = True
            return
        raise interruption(signum)

    def hold(self) -> None:
        """From now on note a signal without raising it (:meth:`restore` raises it)."""
        self.holding = True

    def check(self) -> None:
        """Raise what the first signal raises when one came (and was perhaps swallowed)."""
        if self.seen is not None:
            raise interruption(self.seen)

    def restore(self) -> None:
        """Put back the handlers that were there before; raise a signal held meanwhile."""
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        self.previous = {}
        if self.held and self.seen is not None:
            self.held = False
            raise interruption(self.seen)


class _Worker:
    """One worker process, its pipe, and the items it holds (first one: in progress)."""

    def __init__(self, context: Any, task: Callable[[Any], Any], limits: WorkerLimits) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(child, self.connection, task, limits.memory_bytes), daemon=True)
        gc.freeze()  # see the module docstring: the parent's objects stay shared
        try:
            with _signals_blocked():
                self.process.start()
        finally:
            gc.unfreeze()
        child.close()
        self.pending: deque[int] = deque()
        self.since = time.monotonic()

    def give(self, chunk: list[tuple[int, Any]]) -> None:
        self.pending.extend(index for index, _ in chunk)
        self.since = time.monotonic()
        self.connection.send(chunk)

    def stop(self, kill: bool = False, sent: list[tuple[int, Any]] | None = None) -> None:
        """End the process: SIGKILL at once when ``kill``, else SIGTERM and a short grace.

        ``sent`` takes the results the process sent before it ended: a worker whose SIGTERM a
        finalizer swallowed finishes the item at hand (:func:`_stop`), after the caller took
        what had been sent so far."""
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
                self.process.join(_STOP_GRACE)
                if self.process.is_alive():
                    self.process.kill()
        self.process.join()
        if sent is not None:
            sent.extend(_sent(self))
        self.connection.close()


def _death_reason(exitcode: int | None) -> tuple[str, str]:
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        if number in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL):
            # An allocation failure in native code aborts; the kernel's OOM killer sends SIGKILL.
            return ("memory" if number in (signal.SIGABRT, signal.SIGKILL) else "crash"), name
        return "crash", name
    return "crash", f"exit {exitcode}"


def run_isolated(task: Callable[[Item], Result], items: Sequence[Item], *, jobs: int,
                 limits: WorkerLimits = READ_LIMITS, chunksize: int | None = None
                 ) -> Iterator[Result | WorkerFailure[Item]]:
    """``task(item)`` for every item, in worker processes, yielded in the order of ``items``
    (see :func:`run_isolated_as_completed`, which it orders)."""
    done: dict[int, Any] = {}
    next_out = 0
    # closed here, not when collected: a signal held while its workers stop is raised then,
    # and raised in a finalizer it would be printed and dropped
    with closing(run_isolated_as_completed(task, items, jobs=jobs, limits=limits,
                                           chunksize=chunksize)) as results:
        for index, result in results:
            done[index] = result
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1


def run_isolated_as_completed(task: Callable[[Item], Result], items: Sequence[Item], *,
                              jobs: int, limits: WorkerLimits = READ_LIMITS,
                              chunksize: int | None = None,
                              unseen: list[tuple[int, Result]] | None = None,
                              order: Sequence[int] | None = None
                              ) -> Iterator[tuple[int, Result | WorkerFailure[Item]]]:
    """(index, ``task(item)``) for every item, in worker processes, as each is done.

    An item whose worker dies, overruns ``limits.seconds`` or raises yields a
    :class:`WorkerFailure` instead; the worker is replaced and the other items go on. A caller
    that must not lose a result when it is interrupted (fill records every file it wrote)
    takes them as they come, and passes ``unseen``: when the run is interrupted (Ctrl-C, or
    the caller stops iterating), the results already received or sent by the workers but not
    yet yielded are put there before the workers are stopped (a caller busy with one result
    may be several behind the workers).

    Args:
        task: A module-level function (or a ``functools.partial`` of one): it is sent to the
            workers by reference.
        items: What to process (each sent to a worker by pickling).
        jobs: Worker processes (at most one per item).
        limits: Memory and time per worker and item.
        chunksize: Items handed to a worker at a time (default: a few dozen, fewer for short
            runs so the work stays balanced).
        order: The indexes of ``items`` in the order they are handed out (default: as given),
            e.g. items a worker does faster together, together.
    """
    total = len(items)
    if total == 0:
        return
    jobs = max(1, min(jobs, total))
    size = chunksize or max(1, min(64, total // (jobs * 4)))
    context = _context()
    if order is not None and sorted(order) != list(range(total)):
        raise ValueError("order must hand out each item once")
    queue = deque(range(total) if order is None else order)
    workers: list[_Worker] = []
    done: dict[int, Any] = {}
    finished = 0

    def feed(worker: _Worker) -> None:
        chunk = []
        while queue and len(chunk) < size:
            index = queue.popleft()
            chunk.append((index, items[index]))
        if not chunk:
            return
        try:
            worker.give(chunk)
        except OSError:  # it died idle, after its last result: nothing of this chunk started
            worker.pending.clear()
            queue.extendleft(reversed([index for index, _ in chunk]))
            worker.stop(kill=True)
            workers.remove(worker)
            fresh = _Worker(context, task, limits)
            workers.append(fresh)
            feed(fresh)

    def replace_worker(worker: _Worker, reason: str, detail: str, kill: bool) -> None:
        worker.stop(kill=kill)
        failed = worker.pending.popleft()
        done[failed] = WorkerFailure(items[failed], reason, detail)
        queue.extendleft(reversed(worker.pending))  # the rest of its chunk goes first
        workers.remove(worker)
        if queue:
            fresh = _Worker(context, task, limits)
            workers.append(fresh)
            feed(fresh)

    watch = _CtrlC()
    try:
        for _ in range(jobs):
            worker = _Worker(context, task, limits)
            workers.append(worker)
            feed(worker)
        while finished < total:
            watch.check()
            for index in list(done):
                yield index, done.pop(index)
                finished += 1
            if finished >= total:
                break
            busy = [worker for worker in workers if worker.pending]
            now = time.monotonic()
            deadline = min(worker.since + limits.seconds for worker in busy)
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
                         timeout=max(0.0, deadline - now))
            for worker in busy:
                closed = False
                if worker.connection in ready:
                    try:
                        for index, status, value in _available(worker):
                            worker.since = time.monotonic()
                            done[index] = value if status == "ok" else WorkerFailure(
                                items[index], status, value)
                    except (EOFError, OSError):
                        closed = True  # it died, perhaps while sending: reported below
                    if not closed:
                        if not worker.pending:
                            feed(worker)
                        continue
                if closed or worker.process.sentinel in ready:
                    worker.process.join()
                    reason, detail = _death_reason(worker.process.exitcode)
                    replace_worker(worker, reason, detail, kill=True)
                elif time.monotonic() - worker.since >= limits.seconds:
                    replace_worker(worker, "time", f"{limits.seconds:g} s", kill=True)
    finally:
        interrupted = sys.exc_info()[0] is not None or finished < total
        # A second Ctrl-C (or SIGTERM) is held until every worker is stopped (then raised), so
        # a caller never writes down its results while a worker is still writing.
        watch.hold()
        try:
            if interrupted and unseen is not None:
                unseen.extend((index, value) for index, value in done.items()
                              if not isinstance(value, WorkerFailure))
                for worker in workers:
                    unseen.extend(_sent(worker))
        finally:
            for worker in workers:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
            for worker in workers:
                if interrupted:
                    worker.stop(sent=unseen)
                else:
                    worker.process.join(_STOP_GRACE)
                    worker.stop()
            watch.restore()


def _available(worker: _Worker) -> Iterator[tuple[int, str, Any]]:
    """(index, status, value) of every result ``worker`` has sent and nobody read yet, without
    waiting for more; each taken off its pending items."""
    while worker.pending and worker.connection.poll():
        index, status, value = worker.connection.recv()
        worker.pending.popleft()
        yield index, status, value


def _sent(worker: _Worker) -> list[tuple[int, Any]]:
    """The successful results ``worker`` has sent and nobody read yet (:func:`_available`)."""
    results = []
    try:
        for index, status, value in _available(worker):
            if status == "ok":
                results.append((index, value))
    except Exception:  # it died while sending, or a Ctrl-C cut a message short: keep the rest
        pass
    return results


def _outcome(task: Callable[[Any], Any], item: Any) -> Any:
    """``task(item)``, or the :class:`PerfscoreError` it raised (sent back as a value)."""
    from ..errors import PerfscoreError

    try:
        return task(item)
    except PerfscoreError as exc:
        return exc


def call_isolated(task: Callable[[Item], Result], item: Item, *, limits: WorkerLimits,
                  error: Callable[[str, str], Exception]) -> Result:
    """``task(item)`` in one isolated worker (see :func:`run_isolated`), as if called here.

    A :class:`~scoring.errors.PerfscoreError` the task raises is raised here; a worker that
    dies or overruns raises ``error(code, message)`` (PS-W004 for the memory or time limit,
    PS-W002 for another crash), so ``perfscore score`` and the master data reader of
    ``perfscore fill`` answer a file that kills its reader with a message, not a crash.
    """
    from ..errors import PerfscoreError

    with closing(run_isolated(partial(_outcome, task), [item], jobs=1, limits=limits)) as results:
        outcome = next(results)
    if isinstance(outcome, WorkerFailure):
        code = "PS-W004" if outcome.reason in ("memory", "time") else "PS-W002"
        raise error(code, outcome.message(limits))
    if isinstance(outcome, PerfscoreError):
        raise outcome
    return outcome
