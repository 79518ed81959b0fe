"""Turn a decision into the messages the person reads, in their language.

Used by the answer action and by ``rightsline content preview``: both show the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot.content.engine import Decision
from bot.directory.cards import card_values
from bot.directory.search import SearchQuery, search
from bot.emergency import Say, emergency_response, hotline_response
from bot.i18n.render import Message, Renderer

#: Said when every item of the answer expired and no global answer is left.
UNAVAILABLE_RESPONSE = "utter_content_unavailable"


def answer_messages(
    decision: Decision,
    *,
    language: str,
    renderer: Renderer,
    values: Mapping[str, object] | None = None,
    cards: Sequence[Message] = (),
) -> list[Message]:
    """One message per item, then the service cards; the buttons go under the last one."""
    if not decision.items:
        return [renderer.render(UNAVAILABLE_RESPONSE, language=language)]
    messages = [
        renderer.render_text(item_id, item.text, language=language, arguments=values or {})
        for item_id, item in decision.items
    ]
    messages.extend(cards)
    buttons = renderer.buttons(decision.buttons, language)
    messages[-1] = replace(messages[-1], buttons=(*messages[-1].buttons, *buttons))
    return messages


def service_cards(
    session: Session,
    decision: Decision,
    *,
    country: str | None,
    city: str | None,
    near: tuple[float, float] | None,
    language: str,
    renderer: Renderer,
    now: datetime,
    max_age_days: int,
) -> list[Message]:
    """The best service of each category the rule names, when the person's place is known."""
    if not decision.services or not (country or near):
        return []
    cards = []
    for category in decision.services:
        query = SearchQuery(category=category, country=country, city=city, near=near,
                            language=language, limit=1)  # fmt: skip
        result = search(session, query, now=now, max_age_days=max_age_days)
        if result.widened_to == "remote":
            continue  # a service from elsewhere would mislead here; the buttons remain
        for card in result.cards:
            values = card_values(card, language=language, renderer=renderer)
            cards.append(renderer.render("utter_service_card", language=language, arguments=values))
    return cards


def escalation_responses(
    decision: Decision, *, country: str | None, hotline_phone: str | None
) -> list[Say]:
    """After the answer: the hotline when the rule escalates or the content fell back, and the
    emergency number first when the escalation is critical."""
    said: list[Say] = []
    if decision.escalate and decision.escalate.priority == "critical":
        said.append(emergency_response(country))
    if decision.escalate or decision.fell_back:
        said.append(hotline_response(hotline_phone))
    return said
