"""Render workbooks to PDF and PNG pages with headless LibreOffice and poppler's pdftoppm.

Used to put pictures of the printed forms in ``docs/`` (``perfscore template --render``), so a
reader sees the forms without opening Excel. Chinese text needs a CJK font installed
(``fonts-wqy-zenhei``), or every character renders as a box.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..errors import MissingProgramError, WorkbookFileError
from .libreoffice import recalculate


def render(paths: Iterable[str | os.PathLike[str]], outdir: str | os.PathLike[str], *,
           resolution: int = 80, timeout: float = 300.0) -> list[Path]:
    """Print each workbook to ``<stem>.pdf`` and ``<stem>-<page>.png`` in ``outdir``.

    Args:
        paths: Workbooks to render (their print areas and page setup are used).
        outdir: Output folder.
        resolution: PNG resolution in dots per inch.
        timeout: Seconds allowed for LibreOffice and for each pdftoppm run.

    Returns:
        The PDF and PNG files written, in order.

    Raises:
        MissingProgramError: PS-E001 when soffice or pdftoppm is missing.
        WorkbookFileError: PS-W001 when a page could not be rendered.
    """
    program = shutil.which("pdftoppm")
    if program is None:
        raise MissingProgramError("未找到 pdftoppm，请先安装 poppler-utils")
    out = Path(outdir)
    written: list[Path] = []
    for pdf in recalculate(paths, out, timeout, locale="zh-CN", fmt="pdf"):
        for old in out.glob(f"{pdf.stem}-*.png"):
            old.unlink()
        try:
            subprocess.run([program, "-r", str(resolution), "-png", str(pdf), str(out / pdf.stem)],
                           check=True, timeout=timeout, capture_output=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise WorkbookFileError(f"无法把 PDF 转为图片：{exc}", code="PS-W001",
                                    file=str(pdf)) from exc
        written.append(pdf)
        written.extend(sorted(out.glob(f"{pdf.stem}-*.png")))
    return written
