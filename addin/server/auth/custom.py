"""The optional shared token: xlwings Server's ``custom`` auth provider for perfscore.

When ``PERFSCORE_TOKEN`` is set, ``lifespan.py`` adds this provider to the server's
``auth_providers`` and every request that computes (``/xlwings/custom-functions-call`` and the
pane's endpoint, both depend on xlwings Server's user) passes through :func:`validate_token`.
The pane sends the token the user typed as ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import hmac
import os

from fastapi import HTTPException, status
from xlwings_server.models import User

from addin.server import MESSAGES, TOKEN_ENV

#: The scheme the pane puts before the token in the ``Authorization`` header.
SCHEME = "bearer"


async def validate_token(token_string: str) -> User:
    """The user of a request whose ``Authorization`` header carries the shared token.

    Raises:
        HTTPException: 401 when the header carries no token, 403 when the token is wrong (or
            the server has none set although the provider is on: it refuses everything rather
            than let everything in). The Chinese message is the response's ``detail``, which
            the custom functions show in the cell and the pane above its result.
    """
    scheme, _, given = token_string.strip().partition(" ")
    given = given.strip()
    if scheme.lower() != SCHEME or not given:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED,
                            detail=MESSAGES["token_missing"],
                            headers={"WWW-Authenticate": "Bearer"})
    expected = os.environ.get(TOKEN_ENV, "")
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=MESSAGES["token_wrong"])
    return User(id="perfscore-token", name="perfscore")
