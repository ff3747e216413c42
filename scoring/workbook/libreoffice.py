"""Recalculate workbooks in headless LibreOffice: formulas computed, cached values saved.

One ``soffice`` process converts many files (about 1 s start-up, then ~0.1 s a file), with a
throw-away profile so parallel runs never share state, the locale pinned (``TEXT``/``VALUE``
follow it) and stale cached values always recalculated. soffice exits 0 even when a conversion
fails, so every output is checked; on a time-out the whole process group is killed so no
``soffice.bin`` is left behind (LIBREOFFICE.md).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import MissingProgramError, WorkbookFileError

#: Profile settings: always recalculate on load, and a fixed locale.
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    """The ``soffice`` program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(paths: Iterable[str | os.PathLike[str]], outdir: str | os.PathLike[str],
                timeout: float = 300.0, *, locale: str = "en-US",
                fmt: str = "xlsx") -> list[Path]:
    """Open ``paths`` in one headless LibreOffice, recalculate, and save them into ``outdir``.

    Args:
        paths: Workbooks to recalculate (their names must differ: outputs keep the stem).
        outdir: Folder for the recalculated copies (created if missing; inputs untouched).
        timeout: Seconds before the process group is killed.
        locale: The locale pinned in the throw-away profile.
        fmt: The output format (``xlsx``, or ``pdf`` to render).

    Returns:
        The output paths, in the order of ``paths``.

    Raises:
        MissingProgramError: PS-E001 when soffice is not installed.
        WorkbookFileError: PS-W001 when LibreOffice timed out or an output is missing.
    """
    inputs = [Path(path).resolve() for path in paths]
    if not inputs:
        return []
    program = soffice_path()
    if program is None:
        raise MissingProgramError("未找到 LibreOffice（soffice），请先安装 libreoffice-calc")
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    outputs = [out / f"{path.stem}.{fmt}" for path in inputs]
    if any(path in inputs for path in outputs):
        raise WorkbookFileError("重算结果不能覆盖原文件，请指定另一个输出文件夹", code="PS-W008")
    for path in outputs:
        path.unlink(missing_ok=True)  # a stale output must not pass the existence check
    with tempfile.TemporaryDirectory(prefix="perfscore-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_REGISTRY.format(locale=locale),
                                                         encoding="utf-8")
        command = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault",
                   f"-env:UserInstallation={Path(profile).as_uri()}",
                   "--convert-to", fmt, "--outdir", str(out), *map(str, inputs)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise WorkbookFileError(f"LibreOffice 在 {timeout:g} 秒内未完成重算，已终止") from None
        except BaseException:  # Ctrl-C, SIGTERM: LibreOffice (its own session) stops too
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    missing = [path.name for path in outputs if not path.exists()]
    if missing:
        detail = stderr.decode("utf-8", "replace").strip()[:200]
        raise WorkbookFileError(f"LibreOffice 未能生成：{'、'.join(missing)}（{detail}）")
    return outputs
