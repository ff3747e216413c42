"""The task pane's endpoint: one 自评表 item in, its rule, answers, score and loss out.

xlwings Server includes :data:`router` from the project folder. The endpoint depends on xlwings
Server's user, so the optional shared token guards it as it guards the custom functions.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from xlwings_server import dependencies as dep
from xlwings_server.config import settings

from addin.server import MESSAGES, pane

router = APIRouter(prefix=settings.app_path)


@router.post(pane.ITEM_PATH, dependencies=[Depends(dep.get_user)])
async def explain_item(request: Request) -> dict[str, Any]:
    """Answer :func:`addin.server.pane.describe_item` for the JSON object posted.

    Raises:
        HTTPException: 400 with a Chinese message when the body is not a JSON object.
    """
    try:
        fields = await request.json()
    except ValueError:
        fields = None
    if not isinstance(fields, dict):
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST,
                            detail=MESSAGES["bad_request"])
    return pane.describe_item(fields)
