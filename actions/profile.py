"""Language, place and deleting saved details."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    SLOT_CITY,
    SLOT_COUNTRY,
    SLOT_LANGUAGE,
    SLOT_LANGUAGE_CHOSEN,
    SLOT_REPLY_LANGUAGE,
    blocking,
    forget_point,
    language_of,
    place_of_point,
    shared_point,
)
from bot.i18n.detect import detect_language
from bot.i18n.locales import registry
from bot.places import normalise_country
from bot.profiles import forget_profile, save_profile
from bot.storage.db import session_scope

logger = logging.getLogger(__name__)


def _save(pseudonym: str, language: str, country: str | None = None) -> None:
    with session_scope() as session:
        save_profile(session, pseudonym=pseudonym, language=language, country=country)


def _forget(pseudonym: str) -> None:
    with session_scope() as session:
        forget_profile(session, pseudonym=pseudonym)


def _entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value else None


class ActionChangeLanguage(Action):
    """Switch the conversation's language, or show the language menu."""

    def name(self) -> str:
        """Name of the action."""
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Set ``language`` when the requested one is served; otherwise offer the menu."""
        requested = _entity(tracker, "language")
        if not requested:
            dispatcher.utter_message(response="utter_choose_language")
            return []
        code = requested.replace("-", "_").split("_")[0].lower()
        if not registry().supports(code):
            dispatcher.utter_message(response="utter_language_unavailable", language=code)
            return []
        await blocking(_save, tracker.sender_id, code)
        # Rendered in the new language: the slot is set only after this action returns.
        dispatcher.utter_message(response="utter_language_changed", language=code, in_language=code)
        return [
            SlotSet(SLOT_LANGUAGE, code),
            SlotSet(SLOT_LANGUAGE_CHOSEN, True),
            SlotSet(SLOT_REPLY_LANGUAGE, None),
        ]


class ActionDetectLanguage(Action):
    """After every message: answer in the language the person clearly wrote in.

    Runs as the custom slot mapping of ``reply_language``. When the conversation's language
    was only the default, the first clear language is adopted. When it was chosen and the
    person now writes in another served language, this turn's answers come in that language
    and a one-tap button offers to keep it. A language we do not serve gets the menu.
    """

    def name(self) -> str:
        """Name of the action."""
        return "action_detect_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Set ``reply_language`` (or ``language``) for this turn."""
        text = str(tracker.latest_message.get("text") or "")
        served = registry().codes
        found = await blocking(detect_language, text, served=served)
        current = registry().negotiate(tracker.get_slot(SLOT_LANGUAGE))
        replying = tracker.get_slot(SLOT_REPLY_LANGUAGE)
        clear = [SlotSet(SLOT_REPLY_LANGUAGE, None)] if replying else []
        if found is None or tracker.get_intent_of_latest_message() == "change_language":
            return clear
        if not found.served:
            dispatcher.utter_message(response="utter_language_unknown", in_language=current)
            return clear
        if found.language == current:
            return clear
        if not tracker.get_slot(SLOT_LANGUAGE_CHOSEN):
            # nobody chose a language yet: the first clear one is the conversation's
            return [SlotSet(SLOT_LANGUAGE, found.language), SlotSet(SLOT_LANGUAGE_CHOSEN, True),
                    *clear]  # fmt: skip
        if replying != found.language:
            dispatcher.utter_message(
                response="utter_offer_language_switch",
                language=found.language,
                in_language=found.language,
            )
        return [SlotSet(SLOT_REPLY_LANGUAGE, found.language)]


class ActionSetLocation(Action):
    """Remember the country (and the city for this conversation only)."""

    def name(self) -> str:
        """Name of the action."""
        return "action_set_location"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Normalise the country to its ISO code, store it, confirm.

        A shared location is kept for this conversation's searches (never stored); the
        person is asked at once what kind of help they need near it.
        """
        point = shared_point(tracker, latest_message=True)
        if point is not None:
            place = await blocking(place_of_point, point)
            events: list[EventType] = []
            if place:
                await blocking(_save, tracker.sender_id, language_of(tracker), place[0])
                events = [SlotSet(SLOT_COUNTRY, place[0]), SlotSet(SLOT_CITY, place[1])]
            dispatcher.utter_message(response="utter_ask_service_type_near_you")
            return events
        country = normalise_country(_entity(tracker, "country")) or tracker.get_slot(SLOT_COUNTRY)
        city = _entity(tracker, "city")
        if not country:
            dispatcher.utter_message(response="utter_ask_country")
            return [SlotSet(SLOT_CITY, city)] if city else []
        await blocking(_save, tracker.sender_id, language_of(tracker), country)
        if city:
            dispatcher.utter_message(
                response="utter_location_city_saved", country=country, city=city
            )
        else:
            dispatcher.utter_message(response="utter_location_saved", country=country)
        return [SlotSet(SLOT_COUNTRY, country), SlotSet(SLOT_CITY, city), *forget_point()]


class ActionForgetMe(Action):
    """Delete the saved profile and start the conversation again."""

    def name(self) -> str:
        """Name of the action."""
        return "action_forget_me"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Delete the profile row, reset every slot, keep answering in the same language."""
        language = language_of(tracker)
        await blocking(_forget, tracker.sender_id)
        dispatcher.utter_message(response="utter_data_deleted")
        return [AllSlotsReset(), SlotSet(SLOT_LANGUAGE, language)]
