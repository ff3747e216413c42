"""Saving workbooks safely, and naming them.

Nothing is lost: a workbook is written to a temporary file in the destination folder and moved
into place with :func:`os.replace`, so a crash or a full disk never leaves half a file under the
final name, and an existing file is never overwritten unless the caller says ``force``.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WorkbookFileError
from ..plaintext import clean_text
from ..forms import FORM_LABELS, VARIANT_LABELS
from .safety import os_error_message

if TYPE_CHECKING:  # openpyxl is imported only by the callers that build workbooks
    from openpyxl import Workbook

    from .xlsx_writer import RowSource

#: Characters Windows refuses in file names, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_name(text: str) -> str:
    """``text`` made safe as part of a file name on Windows, macOS and Linux (cleaned as all
    text the tool writes: :func:`scoring.plaintext.clean_text`)."""
    cleaned = _UNSAFE.sub("_", clean_text(str(text))).strip(" .")[:80]
    while len(cleaned.encode("utf-8")) > 120:  # file systems count bytes (255 a name)
        cleaned = cleaned[:-1]
    return cleaned.rstrip(" .")


def workbook_filename(kind: str, *, year: int | None = None, unit_code: str = "",
                      unit_name: str = "", variant: str = "portable") -> str:
    """The file name of a unit's workbook: ``2024_320100_南京市人民政府办公厅_自评表.xlsx``.

    Parts that are empty are left out; the add-in variant ends in ``_插件版``. The year and the
    unit code come first so that a folder of a thousand units sorts by code.

    Args:
        kind: ``target`` or ``evaluation``.
        year: The form's year.
        unit_code: The unit's code (单位编码).
        unit_name: The unit's name.
        variant: ``portable`` or ``addin``.
    """
    label = FORM_LABELS[kind] + ("" if variant == "portable" else "_" + VARIANT_LABELS[variant])
    return unit_filename(label, ".xlsx", year=year, unit_code=unit_code, unit_name=unit_name)


def project_filename(kind: str, *, year: int | None = None, unit_code: str = "",
                     project_code: str = "", project_name: str = "",
                     variant: str = "portable") -> str:
    """The file name of a project's workbook:
    ``2024_001001_001001-001_社区养老服务补助项目_项目自评表.xlsx``.

    Like :func:`workbook_filename`, with the project code after the unit code (a project code
    is unique in master data, so two projects never share a name unless their codes differ
    only in characters a file name cannot hold: ``fill`` refuses those, PS-M002).
    """
    label = FORM_LABELS[kind] + ("" if variant == "portable" else "_" + VARIANT_LABELS[variant])
    parts = [str(year) if year else "", safe_name(unit_code), safe_name(project_code),
             safe_name(project_name), label]
    return "_".join(part for part in parts if part) + ".xlsx"


def unit_filename(label: str, suffix: str, *, year: int | None = None, unit_code: str = "",
                  unit_name: str = "") -> str:
    """``<year>_<code>_<name>_<label><suffix>``: the name of a file of one unit (a workbook, a
    report), empty parts left out."""
    parts = [str(year) if year else "", safe_name(unit_code), safe_name(unit_name), label]
    return "_".join(part for part in parts if part) + suffix


def make_folder(path: str | os.PathLike[str]) -> Path:
    """Create the output folder ``path`` (and its parents) when missing; an existing one is fine.

    Raises:
        WorkbookFileError: PS-W001 when it cannot be created: a file of that name, a path under
            a file or a read-only place, no permission (the message says which, in Chinese).
    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookFileError(f"无法创建输出文件夹：{os_error_message(exc, writing=True)}",
                                code="PS-W001", folder=str(folder)) from exc
    return folder


def _file_mode(target: Path) -> int:
    """The permission bits a new file gets (umask applied), or those of the file replaced."""
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def save_workbook(wb: "Workbook", path: str | os.PathLike[str], force: bool = False,
                  row_sources: Mapping[str, RowSource] | None = None) -> Path:
    """Save ``wb`` to ``path`` atomically (see :func:`write_bytes_atomic`), written by
    :func:`scoring.workbook.xlsx_writer.workbook_bytes` (what openpyxl's save writes).

    Args:
        wb: The openpyxl workbook.
        path: Where to save it; the folder is created when missing.
        force: Overwrite an existing file.
        row_sources: Sheets whose rows are made as they are written, not held as cells
            (:data:`scoring.workbook.xlsx_writer.RowSource`), by title.

    Returns:
        The path written.

    Raises:
        WorkbookFileError: PS-W008 when the file exists and ``force`` is false; PS-W001 when the
            folder cannot be written.
    """
    from .xlsx_writer import workbook_bytes

    return write_bytes_atomic(path, workbook_bytes(wb, row_sources), force)


def temporary_file_error(exc: OSError, where: str | None = None) -> WorkbookFileError:
    """PS-W001 for a temporary file that cannot be made or written (no usable temporary
    folder, a full disk): what went wrong and where the folder is set, located at the file
    ``where``, else the file the error names, else the temporary folder in use (a full disk
    names no file, nor does a folder that cannot be made in it), else the folder the
    environment names (when Python found no usable temporary folder at all, its error names
    no file and it has none in use). A folder is located as one (``文件夹 …``), a file as a
    file; a missing file or folder without a name is a missing temporary folder.

    Used by a fill (its parcels' spool file, made while the master data is read).
    """
    file = where or exc.filename
    folder = None if file else (tempfile.tempdir or next(
        filter(None, map(os.environ.get, _TEMPORARY_VARIABLES)), None))
    if file is None and exc.errno == errno.ENOENT:
        # tempfile's "No usable temporary directory found", or the folder in use gone: not a
        # missing file of the user's
        reason = "找不到可以写入的临时文件夹"
    else:
        reason = os_error_message(exc, writing=True)
    return WorkbookFileError(
        f"无法建立或写入临时文件（{reason}）；临时文件夹由环境变量 "
        "TMPDIR（Windows 为 TEMP）指定，请确认它存在、可以写入并有剩余空间",
        code="PS-W001", file=file, folder=folder)


#: The environment variables Python takes its temporary folder from, in its order.
_TEMPORARY_VARIABLES = ("TMPDIR", "TEMP", "TMP")


#: Attempts at a free temporary name before giving up (as :func:`tempfile.mkstemp`).
_TEMPORARY_ATTEMPTS = 100
#: A temporary file is made new (never an existing one), for writing only.
_TEMPORARY_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then into place.

    Without ``force`` the temporary file is hard-linked into place, which fails if a file of that
    name appeared in the meantime (another process, a user saving): an existing file is never
    replaced, not even in a race. With ``force`` it is renamed over the old file. Either way a
    reader sees the old file or the complete new one, never a partial file.

    Raises:
        WorkbookFileError: PS-W008 when the file exists and ``force`` is false; PS-W001 when it
            cannot be written.
    """
    target = Path(path)
    exists = WorkbookFileError("文件已存在，未覆盖；如需覆盖请使用 --force",
                               code="PS-W008", file=str(target))
    if target.exists() and not force:
        raise exists
    temp_name = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The name is known before the file exists (mkstemp tells it only after): a worker
        # stopped by SIGTERM, which raises SystemExit as soon as a call returns, right after the
        # file was made still removes it below.
        for _ in range(_TEMPORARY_ATTEMPTS):
            temp_name = str(target.parent / f".~{secrets.token_hex(6)}{target.suffix}.tmp")
            try:
                handle = os.open(temp_name, _TEMPORARY_FLAGS, 0o600)
                break
            except FileExistsError:
                temp_name = ""  # another file's: never removed below
        else:
            raise WorkbookFileError("无法保存文件：该文件夹中试过的临时文件名都已被占用，请清理以 .~ 开头的"
                                    "临时文件后重试", code="PS-W001", file=str(target))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp_name, _file_mode(target))  # made 0600; keep the usual mode
        if force:
            os.replace(temp_name, target)
        else:
            try:
                os.link(temp_name, target)
            except FileExistsError:
                raise exists from None
            except OSError:  # a file system without hard links: plain rename after the check
                os.replace(temp_name, target)
    except OSError as exc:
        raise WorkbookFileError(f"无法保存文件：{os_error_message(exc, writing=True)}",
                                code="PS-W001", file=str(target)) from exc
    finally:
        if temp_name and os.path.exists(temp_name):
            os.unlink(temp_name)
    return target


#: The folder (inside an output folder) where ``fill --force`` moves workbooks that units
#: typed into before writing new ones; ``collect`` does not look inside it.
BACKUP_FOLDER = "备份"
#: The lock file a run keeps in its output folder (hidden; emptied, not removed, when the run
#: ends: removing it could let a third run lock a new file while a second holds the old one).
LOCK_NAME = ".perfscore.lock"


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` for this run; a second run on it stops at once with PS-W017.

    Two runs writing one folder would each find the other's temporary and half-made files and
    mark good workbooks as failed. The lock is an operating-system lock on :data:`LOCK_NAME`
    (``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows), so it is released when the
    process ends, however it ends (even ``kill -9``): no stale lock to remove by hand.

    Raises:
        WorkbookFileError: PS-W017 when another process holds the folder; PS-W001 when the
            lock file cannot be created.
    """
    path = folder / LOCK_NAME
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise WorkbookFileError(f"无法在输出文件夹中建立运行锁：{os_error_message(exc, writing=True)}",
                                code="PS-W001", folder=str(folder)) from exc
    try:
        if not _try_lock(handle):
            raise WorkbookFileError(
                f"另一个 perfscore 正在向此文件夹写入（进程号 {_holder(handle)}）；请等它结束后再运行，"
                "或换一个输出文件夹", code="PS-W017", folder=str(folder))
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, str(os.getpid()).encode())
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
    finally:
        os.close(handle)


def _holder(handle: int) -> str:
    """The process id the lock's holder wrote, or 未知 when it cannot be read."""
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        return os.read(handle, 32).decode("ascii", "replace").strip() or "未知"
    except OSError:
        return "未知"


def _try_lock(handle: int) -> bool:
    """Take an exclusive lock on the open file ``handle`` without waiting; False when held."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        # Held by another process; any other error (a network drive without locks) means the
        # folder cannot be locked at all: the run goes on unlocked rather than never.
        return exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
    return True
