"""Danger and requests for a person: the emergency number first, then a human."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SLOT_COUNTRY
from bot.emergency import emergency_number
from bot.settings import get_settings


def utter_emergency_number(dispatcher: CollectingDispatcher, country: str | None) -> None:
    """The local emergency number, or the general advice when the country is unknown."""
    number = emergency_number(country)
    if number:
        dispatcher.utter_message(response="utter_emergency", emergency_number=number)
    else:
        dispatcher.utter_message(response="utter_emergency_no_country")


def utter_hotline(dispatcher: CollectingDispatcher) -> None:
    """How to reach a person at the hotline, or an honest word that it cannot be reached here."""
    phone = get_settings().hotline_phone
    if phone:
        dispatcher.utter_message(response="utter_hotline_phone", hotline_phone=phone)
    else:
        dispatcher.utter_message(response="utter_hotline_unreachable")


class ActionEmergency(Action):
    """Answer a person in danger: emergency number, safety steps, the hotline."""

    def name(self) -> str:
        """Name of the action."""
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Emit the emergency reply; it needs nothing that could fail but a file read."""
        utter_emergency_number(dispatcher, tracker.get_slot(SLOT_COUNTRY))
        dispatcher.utter_message(response="utter_safety_steps")
        utter_hotline(dispatcher)
        return []


class ActionRequestHuman(Action):
    """The person asked for a human."""

    def name(self) -> str:
        """Name of the action."""
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Give the hotline contact; without one, say so and give the emergency number."""
        if not get_settings().hotline_phone:
            utter_emergency_number(dispatcher, tracker.get_slot(SLOT_COUNTRY))
        utter_hotline(dispatcher)
        return []
