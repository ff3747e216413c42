"""Start-up of the perfscore server: the optional token check, the templates' words and the
static files confined to their folders.

xlwings Server loads this file from the project folder and runs :func:`lifespan` when the
server starts; a failure here stops the server rather than let it run without the token check.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.staticfiles import StaticFiles
from xlwings_server.config import settings
from xlwings_server.templates import templates

from addin.server import TOKEN_PROVIDER, pane, token_of

#: What a static files app's ``lookup_path`` answers: the file and its stat, or ``("", None)``.
Lookup = Callable[[str], "tuple[str, os.stat_result | None]"]


def configure() -> None:
    """Turn the token check on when ``PERFSCORE_TOKEN`` is set, and hand the task pane and
    manifest templates their words and paths (:func:`addin.server.pane.page_context`).

    Raises:
        PerfscoreError: ``PS-E005`` for a token that cannot be typed in the pane.
    """
    token_required = token_of(os.environ) is not None
    if token_required and TOKEN_PROVIDER not in (settings.auth_providers or []):
        settings.auth_providers = [*(settings.auth_providers or []), TOKEN_PROVIDER]
    templates.env.globals["perfscore"] = pane.page_context(settings.app_path, token_required)


def _confined(files: StaticFiles, folder: str | os.PathLike[str]) -> Lookup:
    """A ``lookup_path`` for ``files`` that serves only what lies inside ``folder`` (after
    symbolic links), else what Starlette's own lookup finds in the package's folders."""
    root = os.path.realpath(folder)
    packaged = functools.partial(StaticFiles.lookup_path, files)

    def lookup_path(path: str) -> tuple[str, os.stat_result | None]:
        full = os.path.realpath(os.path.join(root, path))
        try:
            inside = os.path.commonpath([root, full]) == root
        except ValueError:  # another drive (Windows)
            inside = False
        if not inside:
            return "", None
        if os.path.isfile(full):
            return full, os.stat(full)
        return packaged(path)

    return lookup_path


def confine_static_files(app: Any) -> int:
    """Keep ``/static/…`` inside the project's ``static`` folder; returns how many mounts.

    xlwings Server 1.20.0 looks a static file up in the project folder first
    (``OverridableStaticFiles.lookup_path``: ``user_dir / path``) without Starlette's check
    that the path stays inside, so ``/static/../../../etc/passwd`` (or ``..%2f``) served any
    file the server could read. Each mounted static app with such a ``user_dir`` gets
    :func:`_confined` as its lookup.
    """
    count = 0
    for route in getattr(app, "routes", ()):
        files = getattr(route, "app", None)
        folder = getattr(files, "user_dir", None)
        if isinstance(files, StaticFiles) and folder is not None:
            files.lookup_path = _confined(files, folder)  # type: ignore[method-assign]
            count += 1
    return count


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Configure the server before it answers its first request."""
    configure()
    confine_static_files(app)
    yield
