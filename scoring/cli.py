"""The ``perfscore`` command line: a thin dispatcher over the command modules.

Each command lives in ``scoring/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``. Modules are imported only when their command runs, so ``perfscore rule``
never pays for pandas or openpyxl. Errors on bad input (:class:`PerfscoreError`) are printed
as their Chinese message with code, never as a traceback, and end with the error's exit code.
Everything printed passes :func:`scoring.plaintext.clean_text`: a reason holding ``ESC [2J`` is
text on the terminal, never a command to it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn, TextIO

from .batch import workers
from .batch.workers import Terminated
from .errors import PerfscoreError
from .plaintext import PlainStream

#: Command name → (module, one-line Chinese help). Order is the order of ``--help``.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("scoring.commands.demo", "在内置示例数据上运行完整流程：生成、模拟填报、汇总、起草自评报告"),
    "rule": ("scoring.commands.rule", "按评价要点文本为一个实际完成值打分并解释规则"),
    "score": ("scoring.commands.score", "为内置示例或已填报的工作簿计算得分、等次和扣分"),
    "template": ("scoring.commands.template", "重新生成 xlsx_templates/ 中的模板和示例工作簿"),
    "master": ("scoring.commands.master", "写出带表头和示例行的空白主数据文件"),
    "fill": ("scoring.commands.fill", "按主数据为每个单位生成目标表、自评表和运行监控表工作簿（有项目时另生成项目表单），"
             "并写出生成清单"),
    "collect": ("scoring.commands.collect", "收集已填报的工作簿，重新评分并写出汇总表"),
    "report": ("scoring.commands.report", "按已填报的自评表和目标表起草整体绩效自我评价报告（Word）"),
    "bundle": ("scoring.commands.bundle", "制作离线安装包：供不能上网的 Windows 电脑安装 perfscore 和加载项"),
}


#: argparse's English error sentences → Chinese (the rest of a message is argparse's own).
_ARGPARSE_WORDS: tuple[tuple[str, str], ...] = (
    (r"^argument (\S+): ", r"参数 \1："),
    (r"^the following arguments are required: ", "缺少必需的参数："),
    (r"^unrecognized arguments: ", "无法识别的参数："),
    (r"^one of the arguments (.+) is required$", r"须给出以下参数之一：\1"),
    (r"invalid choice: (\S+) \(choose from (.+)\)$", r"无效的选项 \1（可选：\2）"),
    (r"invalid (\w+) value: (.+)$", r"应为 \1 类型的值，而不是 \2"),
    (r"expected one argument$", "需要一个值"),
    (r"not allowed with argument (\S+)$", r"不能与参数 \1 同时使用"),
)


#: Chinese placeholders of arguments, by name (``dest``), where a command gives none itself
#: (``metavar``); an option not listed shows :data:`VALUE_PLACEHOLDER`.
PLACEHOLDERS: dict[str, str] = {
    "folder": "文件夹", "workbook": "工作簿", "master": "主数据", "text": "评价要点",
    "out": "输出路径", "jobs": "进程数", "units": "单位数", "actual": "实际完成值", "points": "分值",
}
VALUE_PLACEHOLDER = "值"


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with a Chinese usage line (``用法：``) and Chinese placeholders for
    arguments and option values (``--jobs 进程数``, not argparse's ``--jobs JOBS``)."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return PLACEHOLDERS.get(action.dest, VALUE_PLACEHOLDER)

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return PLACEHOLDERS.get(action.dest, action.dest)

    def add_usage(self, usage: str | None, actions: object, groups: object,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)  # type: ignore[arg-type]


class ChineseArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors read ``[PS-E003] perfscore fill：参数 --jobs：…`` (exit 2).

    The messages of the argument types (:mod:`scoring.commands.arguments`) are Chinese already;
    argparse's own sentences around them are translated by :data:`_ARGPARSE_WORDS`.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="显示本帮助并退出")
        # A value such as -3% or -0.5 after an option is a value (a negative rate), not an
        # option: argparse's own test admits only plain negative numbers (-3, -0.5).
        self._negative_number_matcher = re.compile(r"^[-－][\d０-９.．]")

    def error(self, message: str) -> NoReturn:
        """Print the usage and the Chinese message, then exit with code 2."""
        for pattern, replacement in _ARGPARSE_WORDS:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"[PS-E003] {self.prog}：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one sub-parser per available command."""
    parser = ChineseArgumentParser(
        prog="perfscore",
        description="perfscore：部门整体预算绩效目标表与绩效自评表的评分工具。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


@contextmanager
def _unwinding_on_termination() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`~scoring.batch.workers.Terminated` while the command
    runs (in the main thread: only it may set handlers; not a signal the process ignores, as
    under ``nohup``). The former handlers come back afterwards, unless one of these signals
    came: then they are ignored until the process has exited (its exit handlers remove the
    temporary files) or, called in-process, for good."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, workers.stop_on_signal)
                for number in workers.handled(workers.TERMINATING)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            # After one of them, ignored: Python's own handlers end before the process does
            # (the default one would then kill it by the signal, skipping what is left).
            signal.signal(number, handler if workers.terminating is None else signal.SIG_IGN)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some input failed, 2 bad input,
    130 after Ctrl-C, 128 + the signal after SIGTERM or SIGHUP)."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _GuardedOutput(stdout), PlainStream(stderr)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return 2
        with _unwinding_on_termination():
            code = int(args.run(args) or 0)
        sys.stdout.flush()
        return code
    except Terminated as exc:
        print("已停止（收到终止信号）。", file=sys.stderr)
        return int(exc.code or 1)
    except PerfscoreError as exc:
        print(exc.format_message(), file=sys.stderr)
        return exc.exit_code
    except OutputError as exc:
        _discard(stdout)
        if exc.closed_pipe:  # `| head` read what it wanted: nothing went wrong
            return 0
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    finally:
        sys.stdout, sys.stderr = stdout, stderr


class OutputError(Exception):
    """Writing the command's output to standard output failed (a full disk, a closed pipe)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause)
        #: The reader of the output went away (``| head``): not an error to report.
        self.closed_pipe = isinstance(cause, BrokenPipeError)
        from .workbook.safety import os_error_message

        self.message = f"无法写出结果到标准输出：{os_error_message(cause, writing=True)}"


class _GuardedOutput(PlainStream):
    """Standard output, cleaned (:class:`~scoring.plaintext.PlainStream`), whose write errors
    become :class:`OutputError`.

    Only errors of writing the output are turned into a message; an :class:`OSError` raised
    anywhere else keeps its traceback, so real bugs are not hidden.
    """

    def write(self, text: str) -> int:
        """Write ``text`` cleaned; a failure raises :class:`OutputError`."""
        try:
            return super().write(text)
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        """Flush; a failure raises :class:`OutputError`."""
        try:
            self.unfiltered.flush()
        except OSError as exc:
            raise OutputError(exc) from exc


def _discard(stream: TextIO) -> None:
    """Point ``stream`` at the null device, so the interpreter's final flush of the output that
    could not be written raises nothing more."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real file descriptor (an in-memory stream): nothing left
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
