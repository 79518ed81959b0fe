"""The response files campaign teams edit: validation names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.errors import ContentError
from bot.i18n.locales import load_registry
from bot.i18n.locales import registry as language_registry
from bot.i18n.responses import book, load_book, load_response_file
from bot.i18n.workflow import check_catalogs
from bot.settings import ROOT

GOOD = """responses:
  utter_x:
    text: Hello
    buttons:
      - title: Menu
        payload: /help
"""


def test_bad_payload_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    path.write_text(GOOD.replace("payload: /help", "payload: help me"))
    with pytest.raises(ContentError) as error:
        load_response_file(path)
    assert error.value.line == 6
    assert "r.yml:6" in str(error.value)
    assert "payload" in str(error.value)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    path.write_text(GOOD + "  utter_y: [\n")
    with pytest.raises(ContentError, match=r"r\.yml:\d+: not valid YAML"):
        load_response_file(path)


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "r.yml"
    path.write_text(GOOD.replace("    text: Hello", "    txt: Hello"))
    with pytest.raises(ContentError, match=r"r\.yml:3"):
        load_response_file(path)


def test_a_name_defined_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD)
    with pytest.raises(ContentError, match=r"already defined in a\.yml"):
        load_book(tmp_path)


def test_domain_responses_and_response_files_agree() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    client_side = {"utter_empty_message", "utter_unavailable", "utter_console_intro"}
    assert set(domain["responses"]) == set(book().responses) - client_side
    for name, variations in domain["responses"].items():
        assert variations == [{"custom": {"nlg": "rightsline"}}], f"{name} holds text in domain"


def test_every_button_payload_names_a_domain_intent() -> None:
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    for name, spec in book().responses.items():
        for button in spec.buttons:
            intent = button.payload[1:].split("{")[0]
            assert intent in intents, f"{name}: button {button.title!r} → unknown {intent}"


def test_the_catalogs_are_complete_and_the_template_fresh() -> None:
    assert check_catalogs(language_registry()) == []


def test_registry_rejects_a_default_it_does_not_serve(tmp_path: Path) -> None:
    path = tmp_path / "languages.yml"
    path.write_text("default: fr\nlanguages: [en]\n")
    with pytest.raises(ContentError, match="default: fr"):
        load_registry(path)


def test_negotiation_order_and_regional_variants() -> None:
    reg = load_registry()
    assert reg.negotiate(None, "en-GB") == "en"
    assert reg.negotiate("xx", None) == reg.default
