"""Choosing the language turn by turn: detection, the one-tap switch, unknown languages, RTL."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.nlg import render_nlg_request
from actions.profile import ActionDetectLanguage
from bot.i18n.detect import detect_language
from bot.i18n.locales import FSI, PDI, is_rtl, isolate
from bot.i18n.render import renderer
from tests.actions.builders import tracker, user_event

SERVED = ("en", "fr", "es", "ar", "uk", "ru")


def test_detection_is_only_for_clear_cases() -> None:
    found = detect_language("mon patron ne me paie pas depuis deux mois", served=SERVED)
    assert found is not None
    assert (found.language, found.served) == ("fr", True)
    assert detect_language("ok", served=SERVED) is None  # too short to tell
    assert detect_language('/find_service{"service_type": "shelter"}', served=SERVED) is None
    german = detect_language("Ich brauche bitte einen Anwalt für meinen Fall", served=SERVED)
    assert german is not None
    assert (german.language, german.served) == ("de", False)


async def run(text: str, **slots: object) -> tuple[list[str], list[object], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    t = tracker(slots=dict(slots), events=[user_event("ask_labour_rights", text=text)])
    events = await ActionDetectLanguage().run(dispatcher, t, {})
    return [m.get("response") for m in dispatcher.messages], events, dispatcher


async def test_another_served_language_is_answered_in_it_with_a_one_tap_switch() -> None:
    said, events, dispatcher = await run(
        "mi jefe no me paga el sueldo desde hace dos meses", language="en", language_chosen=True
    )
    assert said == ["utter_offer_language_switch"]
    assert dispatcher.messages[0]["in_language"] == "es"
    assert events == [SlotSet("reply_language", "es")]
    # the next Spanish message: still Spanish, no second offer
    said, events, _ = await run(
        "y que puedo hacer con mi contrato de trabajo", language="en", language_chosen=True,
        reply_language="es",
    )  # fmt: skip
    assert said == []
    assert events == [SlotSet("reply_language", "es")]
    # back in English: the conversation's language again
    said, events, _ = await run(
        "what can I do about my contract please", language="en", language_chosen=True,
        reply_language="es",
    )  # fmt: skip
    assert events == [SlotSet("reply_language", None)]


async def test_without_a_chosen_language_the_first_clear_one_is_adopted() -> None:
    said, events, _ = await run("мені не платять зарплату вже два місяці", language="en")
    assert said == []
    assert SlotSet("language", "uk") in events
    assert SlotSet("language_chosen", True) in events


async def test_an_unknown_language_gets_the_menu_in_english() -> None:
    said, events, dispatcher = await run("Ich brauche bitte einen Anwalt für meinen Fall")
    assert said == ["utter_language_unknown"]
    assert dispatcher.messages[0]["in_language"] == "en"
    assert events == []


def test_the_switch_button_and_nlg_in_the_reply_language() -> None:
    message = renderer().render(
        "utter_offer_language_switch", language="es", arguments={"language": "es"}
    )
    assert [(b.title, b.payload) for b in message.buttons] == [
        ("Español", '/change_language{"language": "es"}')
    ]
    body = {"response": "utter_greet", "tracker": {"slots": {"language": "en",
            "reply_language": "fr"}}}  # fmt: skip
    assert str(render_nlg_request(body)["text"]).startswith("Bonjour")


def test_numbers_and_latin_names_are_isolated_in_arabic() -> None:
    assert is_rtl("ar")
    assert not is_rtl("fr")
    assert isolate("+48 000 000 101", "ar") == f"{FSI}+48 000 000 101{PDI}"
    assert isolate("+48 000 000 101", "en") == "+48 000 000 101"
    emergency = renderer().render(
        "utter_emergency", language="ar", arguments={"emergency_number": "112"}
    )
    assert f"{FSI}112{PDI}" in emergency.text
