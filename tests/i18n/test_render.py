"""Rendering responses through the catalogs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from bot.i18n.catalog import Catalogs
from bot.i18n.locales import LanguageRegistry
from bot.i18n.render import Renderer, renderer
from bot.i18n.responses import book


def test_greeting_has_text_and_menu_buttons() -> None:
    message = renderer().render("utter_greet", language="en")
    assert message.text.startswith("Hello! I am Rightsline")
    assert ("Talk to a person", "/request_human") in [(b.title, b.payload) for b in message.buttons]


def test_placeholders_are_filled_and_codes_named() -> None:
    message = renderer().render(
        "utter_no_services",
        language="en",
        arguments={"service_type": "legal_aid", "country": "ES"},
    )
    assert "no legal help service in Spain" in message.text


def test_lines_left_without_words_are_dropped_but_paragraph_breaks_kept() -> None:
    card = renderer().render(
        "utter_service_card",
        language="en",
        arguments={"name": "Law Centre", "summary": "", "where": "Warsaw", "hours": "",
                   "phones": "+48 000", "spoken": "", "badges": ""},
    )  # fmt: skip
    assert card.text == "Law Centre\n📍 Warsaw\n📞 +48 000"
    rights = renderer().render_text("x", "The right.\n\nWhat to do now.", language="en")
    assert rights.text == "The right.\n\nWhat to do now."


def test_missing_placeholder_is_blank_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        message = renderer().render("utter_emergency", language="en")
    assert "{" not in message.text
    assert "emergency_number" in caplog.text


def test_rephrase_offers_likely_topics_before_the_menu() -> None:
    message = renderer().render(
        "utter_ask_rephrase", language="en", arguments={"topics": ["ask_asylum", "greet"]}
    )
    assert [b.payload for b in message.buttons] == ["/ask_asylum", "/help"]


def test_unknown_response_renders_the_error_message(caplog: pytest.LogCaptureFixture) -> None:
    message = renderer().render("utter_does_not_exist", language="en")
    assert message.text == book().responses["utter_error"].text
    assert "utter_does_not_exist" in caplog.text


def test_unknown_language_falls_back_to_the_default() -> None:
    assert renderer().render("utter_goodbye", language="xx").language == "en"


def _compiled_locales(
    tmp_path: Path, language: str, translations: dict[tuple[str, str], str]
) -> Path:
    catalog = Catalog(locale=language)
    for (context, msgid), msgstr in translations.items():
        catalog.add(msgid, msgstr, context=context)
    target = tmp_path / language / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    return tmp_path


def test_translation_is_used_and_missing_ones_fall_back_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    goodbye = book().responses["utter_goodbye"].text
    locales = _compiled_locales(tmp_path, "fr", {("utter_goodbye", goodbye): "Au revoir."})
    french = Renderer(book(), Catalogs(locales), LanguageRegistry("en", ("en", "fr")))
    assert french.render("utter_goodbye", language="fr").text == "Au revoir."
    with caplog.at_level(logging.WARNING):
        first = french.render("utter_anything_else", language="fr")
        french.render("utter_anything_else", language="fr")
    assert first.text == book().responses["utter_anything_else"].text
    missing = [r for r in caplog.records if "missing translation" in r.getMessage()]
    # once for the text, once for its buttons' titles — not again on the second render
    assert len([r for r in missing if "utter_anything_else" in r.getMessage()]) == 1
