"""Helpers shared by the actions: names, the conversation's language, running blocking work."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Tracker

from bot.i18n.locales import registry

T = TypeVar("T")

# Slot and intent names the actions rely on; a test checks them against domain.yml.
SLOT_LANGUAGE = "language"
SLOT_COUNTRY = "country"
SLOT_CITY = "city"
SLOT_SERVICE_TYPE = "service_type"
SLOT_HANDOFF_ACTIVE = "handoff_active"
SLOT_SEARCH_PAGE = "search_page"
INTENT_FALLBACK = "nlu_fallback"
INTENT_SHOW_MORE = "show_more"

#: Intents that never make sense as "did you mean" topic buttons.
NOT_TOPICS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "affirm",
        "deny",
        "out_of_scope",
        "bot_challenge",
        "help",
        "nlu_fallback",
        "inform_location",
        "change_language",
    }
)
#: Offered when the classifier has no plausible topic at all.
DEFAULT_TOPICS = ("ask_labour_rights", "find_service", "request_human")


def language_of(tracker: Tracker) -> str:
    """The conversation's language: the ``language`` slot, negotiated against the registry."""
    return registry().negotiate(tracker.get_slot(SLOT_LANGUAGE))


async def blocking(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run database or file work off the event loop."""
    return await asyncio.to_thread(func, *args, **kwargs)
