"""The one generic answer: the content rules engine decides what to say (rules/content/)."""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SLOT_CITY, SLOT_COUNTRY, blocking, language_of, shared_point
from actions.safety import say
from bot.content.answer import answer_messages, escalation_responses, service_cards
from bot.content.engine import Decision, Facts, decide
from bot.content.loader import content
from bot.i18n.render import Message, renderer
from bot.settings import get_settings
from bot.storage.db import session_scope

logger = logging.getLogger(__name__)


def facts_of(tracker: Tracker, *, language: str) -> Facts:
    """The intent and every slot of the conversation (the language negotiated)."""
    values = {k: v for k, v in tracker.current_slot_values().items() if v is not None}
    values["language"] = language
    return Facts(intent=tracker.get_intent_of_latest_message() or "", values=values)


def _cards(decision: Decision, tracker: Tracker, *, language: str) -> list[Message]:
    settings = get_settings()
    with session_scope() as session:
        return service_cards(
            session, decision, country=tracker.get_slot(SLOT_COUNTRY),
            city=tracker.get_slot(SLOT_CITY), near=shared_point(tracker), language=language,
            renderer=renderer(), now=datetime.now(timezone.utc),
            max_age_days=settings.directory_max_age_days,
        )  # fmt: skip


class ActionAnswer(Action):
    """Answer a rights or safe-migration question from the content rules."""

    def name(self) -> str:
        """Name of the action."""
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Say what the winning rule says; escalate when it asks to."""
        language = language_of(tracker)
        facts = facts_of(tracker, language=language)
        decision = decide(content(), facts, today=date.today())
        logger.info(
            "answer intent=%s rule=%s fell_back=%s",
            facts.intent, decision.rule.id if decision.rule else None, decision.fell_back,
        )  # fmt: skip
        cards = await blocking(_cards, decision, tracker, language=language)
        values = {k: v for k, v in facts.values.items() if k in (SLOT_COUNTRY, SLOT_CITY)}
        for message in answer_messages(
            decision, language=language, renderer=renderer(), values=values, cards=cards
        ):
            buttons = [{"title": b.title, "payload": b.payload} for b in message.buttons]
            dispatcher.utter_message(text=message.text, buttons=buttons)
        if decision.escalate:
            logger.info(
                "escalation rule=%s reason=%s priority=%s",
                decision.rule.id if decision.rule else None,
                decision.escalate.reason, decision.escalate.priority,
            )  # fmt: skip
        hotline = get_settings().hotline_phone
        country = tracker.get_slot(SLOT_COUNTRY)
        for what in escalation_responses(decision, country=country, hotline_phone=hotline):
            say(dispatcher, what)
        return [SlotSet(name, value) for name, value in decision.set_slots.items()]
