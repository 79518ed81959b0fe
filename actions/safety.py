"""Danger and requests for a person: the emergency number first, then a human."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SLOT_COUNTRY
from bot.emergency import Say, emergency_response, hotline_response
from bot.settings import get_settings


def say(dispatcher: CollectingDispatcher, what: Say) -> None:
    """Send a response chosen by :mod:`bot.emergency`."""
    dispatcher.utter_message(response=what.response, **what.arguments)


def utter_emergency_number(dispatcher: CollectingDispatcher, country: str | None) -> None:
    """The local emergency number, or the general advice when the country is unknown."""
    say(dispatcher, emergency_response(country))


def utter_hotline(dispatcher: CollectingDispatcher) -> None:
    """How to reach a person at the hotline, or an honest word that it cannot be reached here."""
    say(dispatcher, hotline_response(get_settings().hotline_phone))


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
