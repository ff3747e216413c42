"""Start-up of the perfscore server: the optional token check and the templates' words.

xlwings Server loads this file from the project folder and runs :func:`lifespan` when the
server starts; a failure here stops the server rather than let it run without the token check.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from xlwings_server.config import settings
from xlwings_server.templates import templates

from addin.server import TOKEN_ENV, TOKEN_PROVIDER, pane


def configure() -> None:
    """Turn the token check on when ``PERFSCORE_TOKEN`` is set, and hand the task pane and
    manifest templates their words and paths (:func:`addin.server.pane.page_context`)."""
    token_required = bool(os.environ.get(TOKEN_ENV))
    if token_required and TOKEN_PROVIDER not in (settings.auth_providers or []):
        settings.auth_providers = [*(settings.auth_providers or []), TOKEN_PROVIDER]
    templates.env.globals["perfscore"] = pane.page_context(settings.app_path, token_required)


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Configure the server before it answers its first request."""
    configure()
    yield
