"""Actions with a CollectingDispatcher and small trackers."""

from __future__ import annotations

import pytest
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback
from actions.profile import ActionChangeLanguage, ActionForgetMe, ActionSetLocation
from actions.safety import ActionEmergency, ActionRequestHuman
from actions.services import ActionSearchServices, ValidateServiceForm
from actions.session import ActionSessionStart
from bot.profiles import get_profile, save_profile
from bot.storage.db import session_scope
from tests.actions.builders import entity, tracker, user_event
from tests.directory.test_search import add_service


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages]


async def test_emergency_puts_the_local_number_first() -> None:
    dispatcher = CollectingDispatcher()
    await ActionEmergency().run(dispatcher, tracker(slots={"country": "ES"}), {})
    assert responses(dispatcher)[0] == "utter_emergency"
    assert dispatcher.messages[0]["emergency_number"] == "112"
    assert responses(dispatcher)[1:] == ["utter_safety_steps", "utter_hotline_unreachable"]


async def test_emergency_without_country_gives_general_advice_and_hotline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOTLINE_PHONE", "+34 900 000 000")
    from bot.settings import get_settings

    get_settings.cache_clear()
    dispatcher = CollectingDispatcher()
    await ActionEmergency().run(dispatcher, tracker(), {})
    assert responses(dispatcher) == [
        "utter_emergency_no_country",
        "utter_safety_steps",
        "utter_hotline_phone",
    ]
    assert dispatcher.messages[2]["hotline_phone"] == "+34 900 000 000"


async def test_request_human_without_hotline_says_so_with_emergency_number() -> None:
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, tracker(slots={"country": "GB"}), {})
    assert responses(dispatcher) == ["utter_emergency", "utter_hotline_unreachable"]
    assert dispatcher.messages[0]["emergency_number"] == "999"


async def test_first_fallback_asks_to_rephrase_with_likely_topics() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "greet", "confidence": 0.3},
        {"name": "ask_asylum", "confidence": 0.2},
    ]
    events = [user_event("ask_asylum"), user_event("nlu_fallback", ranking=ranking)]
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, tracker(events=events), {})
    assert responses(dispatcher) == ["utter_ask_rephrase"]
    assert dispatcher.messages[0]["topics"] == ["ask_asylum"]


async def test_second_fallback_in_a_row_offers_the_hotline() -> None:
    events = [user_event("nlu_fallback"), {"event": "bot"}, user_event("nlu_fallback")]
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, tracker(events=events), {})
    assert responses(dispatcher) == ["utter_offer_hotline"]


async def test_fallback_with_no_plausible_topic_offers_defaults() -> None:
    events = [user_event("nlu_fallback", ranking=[{"name": "greet", "confidence": 0.2}])]
    dispatcher = CollectingDispatcher()
    await ActionFallback().run(dispatcher, tracker(events=events), {})
    assert dispatcher.messages[0]["topics"] == [
        "ask_labour_rights",
        "find_service",
        "request_human",
    ]


async def test_session_start_uses_explicit_then_stored_then_client_language(
    migrated_database: str,
) -> None:
    action = ActionSessionStart()
    fresh = tracker(slots={"session_started_metadata": {"client_language": "en-GB"}})
    events = await action.run(CollectingDispatcher(), fresh, {})
    assert SlotSet("language", "en") in events
    assert events[0] == {"event": "session_started", "timestamp": None}
    assert events[-1]["event"] == "action"


async def test_session_start_restores_the_stored_country(migrated_database: str) -> None:
    with session_scope() as session:
        save_profile(session, pseudonym="pseudonym-1", language="en", country="IT")
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker(), {})
    assert SlotSet("country", "IT") in events


async def test_change_language_to_a_served_language(migrated_database: str) -> None:
    t = tracker(events=[user_event("change_language", entities=[entity("language", "fr")])])
    dispatcher = CollectingDispatcher()
    events = await ActionChangeLanguage().run(dispatcher, t, {})
    assert events == [
        SlotSet("language", "fr"), SlotSet("language_chosen", True),
        SlotSet("reply_language", None),
    ]  # fmt: skip
    assert dispatcher.messages[0]["in_language"] == "fr"


async def test_change_language_to_one_not_served_yet_offers_the_menu() -> None:
    t = tracker(events=[user_event("change_language", entities=[entity("language", "ti")])])
    dispatcher = CollectingDispatcher()
    assert await ActionChangeLanguage().run(dispatcher, t, {}) == []
    assert responses(dispatcher) == ["utter_language_unavailable"]


async def test_change_language_without_entity_shows_the_menu() -> None:
    dispatcher = CollectingDispatcher()
    await ActionChangeLanguage().run(
        dispatcher, tracker(events=[user_event("change_language")]), {}
    )
    assert responses(dispatcher) == ["utter_choose_language"]


async def test_location_is_normalised_and_stored(migrated_database: str) -> None:
    ents = [entity("country", "Lebanon"), entity("city", "Beirut")]
    t = tracker(events=[user_event("inform_location", entities=ents)])
    dispatcher = CollectingDispatcher()
    events = await ActionSetLocation().run(dispatcher, t, {})
    assert events == [
        SlotSet("country", "LB"), SlotSet("city", "Beirut"),
        SlotSet("latitude", None), SlotSet("longitude", None),
    ]  # fmt: skip
    assert responses(dispatcher) == ["utter_location_city_saved"]
    with session_scope() as session:
        profile = get_profile(session, pseudonym="pseudonym-1")
    assert profile is not None
    assert profile.country == "LB"


async def test_location_without_country_asks_for_it() -> None:
    dispatcher = CollectingDispatcher()
    await ActionSetLocation().run(dispatcher, tracker(events=[user_event("inform_location")]), {})
    assert responses(dispatcher) == ["utter_ask_country"]


async def test_forget_me_deletes_the_profile_and_resets_slots(migrated_database: str) -> None:
    with session_scope() as session:
        save_profile(session, pseudonym="pseudonym-1", language="en", country="ES")
    dispatcher = CollectingDispatcher()
    events = await ActionForgetMe().run(dispatcher, tracker(slots={"country": "ES"}), {})
    assert events == [AllSlotsReset(), SlotSet("language", "en")]
    with session_scope() as session:
        assert get_profile(session, pseudonym="pseudonym-1") is None


async def test_service_form_accepts_taxonomy_codes_countries_and_known_cities(
    migrated_database: str,
) -> None:
    with session_scope() as session:
        add_service(session, "Law", city="Kraków")
    form = ValidateServiceForm()
    dispatcher = CollectingDispatcher()
    assert form.validate_service_type("legal_aid", dispatcher, tracker(), {}) == {
        "service_type": "legal_aid"
    }
    assert form.validate_service_type("lawyers", dispatcher, tracker(), {}) == {
        "service_type": None
    }
    no_point = {"latitude": None, "longitude": None}
    assert await form.validate_country("españa", dispatcher, tracker(), {}) == {
        "country": "ES", "city": None, **no_point,
    }  # fmt: skip
    assert await form.validate_country("krakow", dispatcher, tracker(), {}) == {
        "country": "PL", "city": "Kraków", **no_point,
    }  # fmt: skip
    assert await form.validate_country("Gdansk, Poland", dispatcher, tracker(), {}) == {
        "country": "PL", "city": "Gdansk", **no_point,
    }  # fmt: skip
    assert await form.validate_country("atlantis", dispatcher, tracker(), {}) == {"country": None}
    assert responses(dispatcher) == ["utter_country_not_recognised"]


async def test_search_services_answers_with_cards(migrated_database: str) -> None:
    with session_scope() as session:
        add_service(session, "Warsaw Law")
    dispatcher = CollectingDispatcher()
    t = tracker(slots={"service_type": "legal_aid", "country": "PL", "city": "Warszawa"})
    events = await ActionSearchServices().run(dispatcher, t, {})
    assert responses(dispatcher) == [
        "utter_services_found", "utter_service_card", "utter_sample_directory",
        "utter_services_next",
    ]  # fmt: skip
    card = dispatcher.messages[1]
    assert card["name"] == "Warsaw Law"
    assert card["phones"].startswith("+48")
    assert events[0] == SlotSet("service_type", None)
    assert events[1]["name"] == "search_page"


async def test_show_more_gives_the_next_cards_of_the_same_search(migrated_database: str) -> None:
    with session_scope() as session:
        for i in range(5):
            add_service(session, f"Law {i}")
    first = CollectingDispatcher()
    t = tracker(slots={"service_type": "legal_aid", "country": "PL", "city": "Warsaw"})
    events = await ActionSearchServices().run(first, t, {})
    assert responses(first)[-1] == "utter_services_next_more"
    page = events[1]["value"]
    more = CollectingDispatcher()
    t = tracker(slots={"search_page": page}, events=[user_event("show_more")])
    events = await ActionSearchServices().run(more, t, {})
    assert responses(more) == [
        "utter_service_card", "utter_service_card", "utter_sample_directory",
        "utter_services_next",
    ]  # fmt: skip
    shown = {m["name"] for m in first.messages + more.messages if "name" in m}
    assert shown == {f"Law {i}" for i in range(5)}


async def test_show_more_without_a_search() -> None:
    dispatcher = CollectingDispatcher()
    await ActionSearchServices().run(dispatcher, tracker(events=[user_event("show_more")]), {})
    assert responses(dispatcher) == ["utter_anything_else"]


async def test_search_in_an_unknown_town_widens_to_the_country(migrated_database: str) -> None:
    with session_scope() as session:
        add_service(session, "Warsaw Law")
    dispatcher = CollectingDispatcher()
    t = tracker(slots={"service_type": "legal_aid", "country": "PL", "city": "Gdansk"})
    await ActionSearchServices().run(dispatcher, t, {})
    assert responses(dispatcher)[:2] == ["utter_services_widened", "utter_service_card"]


async def test_search_with_no_result_says_so_and_offers_the_hotline(
    migrated_database: str,
) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(slots={"service_type": "shelter", "country": "FR"})
    await ActionSearchServices().run(dispatcher, t, {})
    assert responses(dispatcher) == ["utter_no_services"]


def shared(lat: float, lon: float) -> list[dict[str, object]]:
    """The events of a location shared from the phone (as the connector sends it)."""
    ents = [entity("latitude", lat), entity("longitude", lon)]
    return [user_event("inform_location", text="/inform_location", entities=ents)]


async def test_a_shared_location_names_the_place_and_asks_what_help(migrated_database: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSetLocation().run(dispatcher, tracker(events=shared(33.9, 35.5)), {})
    assert events == [SlotSet("country", "LB"), SlotSet("city", "Beirut")]
    assert responses(dispatcher) == ["utter_ask_service_type_near_you"]
    at_sea = CollectingDispatcher()
    assert await ActionSetLocation().run(at_sea, tracker(events=shared(0.0, -30.0)), {}) == []
    assert responses(at_sea) == ["utter_ask_service_type_near_you"]


async def test_the_form_takes_a_shared_location_instead_of_a_country(
    migrated_database: str,
) -> None:
    with session_scope() as session:
        add_service(session, "Village Clinic", category="health", city="Wola", at=(52.6, 21.4))
    form = ValidateServiceForm()
    dispatcher = CollectingDispatcher()
    slots = ["service_type", "country"]
    assert await form.required_slots(slots, dispatcher, tracker(), {}) == slots
    near = tracker(slots={"latitude": 52.6, "longitude": 21.41})
    assert await form.required_slots(slots, dispatcher, near, {}) == ["service_type"]
    value = await form.validate_country(
        "/inform_location", dispatcher, tracker(events=shared(52.6, 21.41)), {}
    )
    assert value == {"country": "PL", "city": "Wola", "latitude": 52.6, "longitude": 21.41}
    nowhere = await form.validate_country(
        "/inform_location", dispatcher, tracker(events=shared(0.0, -30.0)), {}
    )
    assert nowhere == {"country": None, "city": None, "latitude": 0.0, "longitude": -30.0}
    assert responses(dispatcher) == []


async def test_search_near_a_shared_location_shows_distances(migrated_database: str) -> None:
    with session_scope() as session:
        add_service(session, "Warsaw Clinic", category="health")
        add_service(session, "Krakow Clinic", category="health", city="Kraków", at=(50.06, 19.94))
    dispatcher = CollectingDispatcher()
    slots = {"service_type": "health", "latitude": 52.25, "longitude": 21.0}
    await ActionSearchServices().run(dispatcher, tracker(slots=slots), {})
    assert responses(dispatcher)[:2] == ["utter_services_found", "utter_service_card"]
    assert dispatcher.messages[1]["name"] == "Warsaw Clinic"
    assert "km" in dispatcher.messages[1]["where"]
    far = CollectingDispatcher()
    slots = {"service_type": "health", "country": "PL", "latitude": 54.35, "longitude": 18.65}
    await ActionSearchServices().run(far, tracker(slots=slots), {})
    assert responses(far)[0] == "utter_services_widened_near_you"
    abroad = CollectingDispatcher()
    slots = {"service_type": "health", "latitude": 0.0, "longitude": -30.0}
    await ActionSearchServices().run(abroad, tracker(slots=slots), {})
    assert responses(abroad) == ["utter_no_services"]
