"""The service-finding form (what kind of help, where) and the directory search."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    INTENT_SHOW_MORE,
    SLOT_CITY,
    SLOT_COUNTRY,
    SLOT_LATITUDE,
    SLOT_LONGITUDE,
    SLOT_SEARCH_PAGE,
    SLOT_SERVICE_TYPE,
    blocking,
    language_of,
    place_of_point,
    shared_point,
)
from bot.directory.cards import card_values
from bot.directory.search import SearchQuery, SearchResult, find_place, search
from bot.directory.taxonomy import CATEGORIES
from bot.i18n.render import renderer
from bot.places import normalise_country
from bot.settings import get_settings
from bot.storage.db import session_scope


def _place(text: str) -> tuple[str, str | None] | None:
    """(country, city) for a country, a city the directory knows, or "town, country"."""
    country = normalise_country(text)
    if country:
        return country, None
    with session_scope() as session:
        known = find_place(session, text)
    if known:
        return known
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 2:  # "town, country" or "country, town"
        for town, country_name in (parts, parts[::-1]):
            if country := normalise_country(country_name):
                return country, town
    return None


def _search(query: SearchQuery) -> SearchResult:
    settings = get_settings()
    with session_scope() as session:
        return search(
            session, query, now=datetime.now(timezone.utc),
            max_age_days=settings.directory_max_age_days,
        )  # fmt: skip


class ValidateServiceForm(FormValidationAction):
    """Check the category against the taxonomy; turn the place into a country (and city)."""

    def name(self) -> str:
        """Name of the action."""
        return "validate_service_form"

    def validate_service_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep only the taxonomy codes of PRODUCT.md."""
        if isinstance(value, str) and value in CATEGORIES:
            return {SLOT_SERVICE_TYPE: value}
        return {SLOT_SERVICE_TYPE: None}

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """A shared location is enough: the country is then not asked."""
        if shared_point(tracker) is not None:
            return [slot for slot in domain_slots if slot != SLOT_COUNTRY]
        return domain_slots

    async def validate_country(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accept a shared location, a country in any served language, an ISO code, or a city
        of the directory."""
        point = shared_point(tracker, latest_message=True)
        if point is not None:  # the search goes near the point; the place names it if known
            country, city = await blocking(place_of_point, point) or (None, None)
            return {SLOT_COUNTRY: country, SLOT_CITY: city, SLOT_LATITUDE: point[0],
                    SLOT_LONGITUDE: point[1]}  # fmt: skip
        # The whole message first: "Gdansk, Poland" keeps the town that the entity drops.
        candidates = [tracker.latest_message.get("text"), value, tracker.get_slot(SLOT_CITY)]
        for text in (c for c in candidates if isinstance(c, str) and c.strip()):
            place = await blocking(_place, text)
            if place:
                country, city = place
                return {SLOT_COUNTRY: country, SLOT_CITY: city or tracker.get_slot(SLOT_CITY),
                        SLOT_LATITUDE: None, SLOT_LONGITUDE: None}  # fmt: skip
        dispatcher.utter_message(response="utter_country_not_recognised")
        return {SLOT_COUNTRY: None}


def _heading(result: SearchResult, *, city: str | None) -> str:
    """The response that introduces the cards: found near, widened, or remote only."""
    point = result.query.near is not None
    if result.widened_to == "nearby":
        return "utter_services_nearby"
    if result.widened_to == "country" and (city or point):
        return "utter_services_widened_near_you" if point else "utter_services_widened"
    if result.widened_to == "remote":
        return "utter_services_remote_near_you" if point else "utter_services_remote"
    return "utter_services_found"


class ActionSearchServices(Action):
    """Search the directory and answer with short cards, widening when nothing is near.

    The search is kept in the ``search_page`` slot, so "show more" gives the next cards.
    """

    def name(self) -> str:
        """Name of the action."""
        return "action_search_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Cards for the category and place, or an honest "nothing found" with the hotline."""
        language = language_of(tracker)
        limit = get_settings().directory_results
        if tracker.get_intent_of_latest_message() == INTENT_SHOW_MORE:
            page = json.loads(tracker.get_slot(SLOT_SEARCH_PAGE) or "null")
            if not page:
                dispatcher.utter_message(response="utter_anything_else")
                return []
            category, country, city = page["category"], page["country"], page["city"]
            lat_lon = page.get("near")
            near = (float(lat_lon[0]), float(lat_lon[1])) if lat_lon else None
            offset = int(page["offset"]) + limit
        else:
            category = tracker.get_slot(SLOT_SERVICE_TYPE)
            country, city = tracker.get_slot(SLOT_COUNTRY), tracker.get_slot(SLOT_CITY)
            near, offset = shared_point(tracker), 0
        query = SearchQuery(
            category=category, country=country, city=city, near=near,
            language=language, limit=limit, offset=offset,
        )  # fmt: skip
        result = await blocking(_search, query)
        events: list[EventType] = [SlotSet(SLOT_SERVICE_TYPE, None)]
        if not result.cards:
            dispatcher.utter_message(response="utter_no_services", service_type=category)
            return [*events, SlotSet(SLOT_SEARCH_PAGE, None)]
        if not offset:  # the next cards of the same search need no new heading
            dispatcher.utter_message(response=_heading(result, city=city))
        for card in result.cards:
            values = card_values(card, language=language, renderer=renderer())
            dispatcher.utter_message(response="utter_service_card", **values)
        if any(card.sample for card in result.cards):
            dispatcher.utter_message(response="utter_sample_directory")
        if result.has_more:
            dispatcher.utter_message(response="utter_services_next_more")
        else:
            dispatcher.utter_message(response="utter_services_next")
        page = {"category": category, "country": country, "city": city, "near": near,
                "offset": offset}  # fmt: skip
        return [*events, SlotSet(SLOT_SEARCH_PAGE, json.dumps(page))]
