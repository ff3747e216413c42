"""The task pane's endpoint: one 自评表 item in, its rule, answers, score and loss out.

xlwings Server includes :data:`router` from the project folder. The endpoint depends on xlwings
Server's user, so the optional shared token guards it as it guards the custom functions.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from fastapi import APIRouter, Depends, HTTPException, Request, status
from xlwings_server import dependencies as dep
from xlwings_server.config import settings

from addin.server import MAX_BODY, MESSAGES, pane

router = APIRouter(prefix=settings.app_path)


def _not_json(constant: str) -> NoReturn:
    """``NaN`` and ``Infinity`` are not JSON (a browser's ``JSON.stringify`` never writes them)."""
    raise ValueError(constant)


async def _body(request: Request) -> bytes:
    """The request body, read no further than :data:`addin.server.MAX_BODY` bytes.

    Raises:
        HTTPException: 413 with a Chinese message for a longer body.
    """
    too_large = HTTPException(status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                              detail=MESSAGES["too_large"])
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise too_large
    return bytes(body)


@router.post(pane.ITEM_PATH, dependencies=[Depends(dep.get_user)])
async def explain_item(request: Request) -> dict[str, Any]:
    """Answer :func:`addin.server.pane.describe_item` for the JSON object posted.

    Raises:
        HTTPException: 400 with a Chinese message when the body is not a JSON object (nor
            nested too deeply to read); 413 when it is longer than a row of cells can be.
    """
    try:
        fields = json.loads(await _body(request), parse_constant=_not_json)
    except (ValueError, RecursionError):
        fields = None
    if not isinstance(fields, dict):
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST,
                            detail=MESSAGES["bad_request"])
    return pane.describe_item(fields)
