"""Rasa's NLG endpoint: render ``utter_*`` responses from the Babel catalogs.

Rasa posts ``{"response", "arguments", "tracker", "channel"}``; we answer with
``{"text", "buttons"}`` in the conversation's language (``language`` slot), in the language
the person just clearly wrote in (``reply_language``), or in ``arguments.in_language`` when
an action asks for another one. The tracker holds the
person's messages: nothing of it is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.i18n.render import ERROR_RESPONSE, renderer

logger = logging.getLogger(__name__)

#: Slots whose values may fill placeholders of the same name.
PLACEHOLDER_SLOTS = ("country", "city", "service_type")


def render_nlg_request(body: Mapping[str, Any]) -> dict[str, object]:
    """Turn an NLG request body into the NLG response body."""
    name = str(body.get("response") or "")
    tracker = body.get("tracker") or {}
    slots = tracker.get("slots") or {}
    arguments = dict(body.get("arguments") or {})
    language = (
        arguments.pop("in_language", None) or slots.get("reply_language") or slots.get("language")
    )
    values = {k: slots[k] for k in PLACEHOLDER_SLOTS if isinstance(slots.get(k), str)}
    values.update(arguments)
    return renderer().render(name, language=language, arguments=values).as_nlg()


async def nlg(request: Request) -> HTTPResponse:
    """POST /nlg — never fails silently: on a bug the person gets the translated error text."""
    try:
        return response.json(render_nlg_request(request.json or {}))
    except Exception:
        logger.exception("NLG rendering failed")
        return response.json(renderer().render(ERROR_RESPONSE, language=None).as_nlg())
