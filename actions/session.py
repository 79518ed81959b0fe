"""Session start: carry slots over and set ``language`` (never empty)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    SLOT_COUNTRY,
    SLOT_LANGUAGE,
    SLOT_LANGUAGE_CHOSEN,
    SLOT_REPLY_LANGUAGE,
    blocking,
)
from bot.i18n.locales import registry
from bot.profiles import ProfileView, get_profile
from bot.storage.db import session_scope

logger = logging.getLogger(__name__)

_NOT_CARRIED = frozenset({"session_started_metadata", "requested_slot"})
_LANGUAGE_SLOTS = frozenset({SLOT_LANGUAGE, SLOT_LANGUAGE_CHOSEN, SLOT_REPLY_LANGUAGE})


def _stored_profile(pseudonym: str) -> ProfileView | None:
    with session_scope() as session:
        return get_profile(session, pseudonym=pseudonym)


class ActionSessionStart(Action):
    """Start a session in the right language.

    Language order: explicit choice sent by the client (``metadata.language``), the stored
    preference, the client's language code (``metadata.client_language``), the default.
    """

    def name(self) -> str:
        """Name of the action."""
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Emit the session start, the carried-over slots and the language."""
        metadata = tracker.get_slot("session_started_metadata") or {}
        profile = None
        try:
            profile = await blocking(_stored_profile, tracker.sender_id)
        except Exception:  # the person must still get answers; the cause is logged
            logger.exception("profile lookup failed at session start")
        candidates = (
            metadata.get("language"),
            profile.language if profile else None,
            metadata.get("client_language"),
        )
        language = registry().negotiate(*candidates)
        chosen = any(registry().negotiate(c) == language for c in candidates if c)
        events: list[EventType] = [SessionStarted()]
        for slot, value in tracker.slots.items():
            if slot not in _NOT_CARRIED and value is not None and slot not in _LANGUAGE_SLOTS:
                events.append(SlotSet(slot, value))
        if profile and profile.country and not tracker.get_slot(SLOT_COUNTRY):
            events.append(SlotSet(SLOT_COUNTRY, profile.country))
        events.append(SlotSet(SLOT_LANGUAGE, language))
        events.append(SlotSet(SLOT_LANGUAGE_CHOSEN, chosen))
        events.append(ActionExecuted("action_listen"))
        return events
