"""Two-stage fallback: first ask to rephrase with likely topics, then offer the hotline."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import DEFAULT_TOPICS, INTENT_FALLBACK, NOT_TOPICS
from bot.i18n.responses import book


def consecutive_fallbacks(events: list[dict[str, Any]]) -> int:
    """How many of the latest user messages in a row fell below the confidence threshold."""
    count = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != INTENT_FALLBACK:
            break
        count += 1
    return count


def likely_topics(ranking: list[dict[str, Any]], *, limit: int = 3) -> list[str]:
    """The best-ranked intents that have a topic title, for "did you mean" buttons."""
    topics = book().topics
    found = [
        item["name"]
        for item in ranking
        if item.get("name") in topics and item.get("name") not in NOT_TOPICS
    ][:limit]
    return found or list(DEFAULT_TOPICS)


class ActionFallback(Action):
    """Answer a message the assistant did not understand."""

    def name(self) -> str:
        """Name of the action."""
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Rephrase prompt on the first miss, hotline offer on the second in a row."""
        if consecutive_fallbacks(tracker.events) % 2 == 0:
            dispatcher.utter_message(response="utter_offer_hotline")
            return []
        ranking = tracker.latest_message.get("intent_ranking") or []
        dispatcher.utter_message(response="utter_ask_rephrase", topics=likely_topics(ranking))
        return []
