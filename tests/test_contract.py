"""PRODUCT.md's names are a contract: the domain, the NLU data and the code agree with it."""

from __future__ import annotations

import re
from collections import Counter

import yaml

from actions import common
from bot.settings import ROOT

PRODUCT_INTENTS = [
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "help",
    "bot_challenge",
    "out_of_scope",
    "change_language",
    "inform_location",
    "request_human",
    "delete_my_data",
    "ask_privacy",
    "ask_labour_rights",
    "ask_document_rights",
    "ask_health_access",
    "ask_education_access",
    "ask_legal_status",
    "ask_asylum",
    "ask_detention_rights",
    "ask_consular_help",
    "ask_family_reunification",
    "ask_discrimination",
    "ask_gbv_support",
    "ask_child_protection",
    "ask_trafficking_info",
    "ask_return_assistance",
    "ask_recruitment_check",
    "ask_safe_travel",
    "ask_missing_person",
    "find_service",
    "report_danger",
]
PRODUCT_ENTITIES = {"service_type", "country", "city", "language"}
PRODUCT_SLOTS = {"language", "country", "city", "service_type", "handoff_active"}
TAXONOMY = set(
    [
        "legal_aid",
        "shelter",
        "health",
        "mental_health",
        "gbv_support",
        "child_protection",
        "counter_trafficking",
        "family_tracing",
        "return_assistance",
        "consular",
        "employment_support",
        "education",
        "food_and_essentials",
        "documentation",
    ]
)


def domain() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def test_domain_has_every_product_intent_entity_and_slot() -> None:
    d = domain()
    assert set(PRODUCT_INTENTS) <= set(d["intents"])
    assert set(d["entities"]) >= PRODUCT_ENTITIES
    # beyond the contract only the coordinates of a shared location (never read from text)
    assert set(d["entities"]) - PRODUCT_ENTITIES == {"latitude", "longitude"}
    assert PRODUCT_SLOTS <= set(d["slots"])


def test_slot_constants_used_by_actions_exist() -> None:
    slots = set(domain()["slots"])
    for name in dir(common):
        if name.startswith("SLOT_"):
            assert getattr(common, name) in slots


def test_every_intent_has_at_least_15_english_examples() -> None:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "en.yml").read_text())
    counts = Counter()
    for block in data["nlu"]:
        if "intent" in block:
            counts[block["intent"]] += len(
                [line for line in block["examples"].splitlines() if line.strip().startswith("- ")]
            )
    for intent in PRODUCT_INTENTS:
        assert counts[intent] >= 15, f"{intent}: {counts[intent]} examples"


def test_service_type_synonyms_normalise_to_the_taxonomy() -> None:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "entities.yml").read_text())
    text = (ROOT / "data" / "nlu" / "en.yml").read_text()
    annotated = set(re.findall(r'"entity": "service_type", "value": "([a-z_]+)"', text))
    assert annotated <= TAXONOMY
    synonyms = {b["synonym"] for b in data["nlu"] if "synonym" in b}
    assert TAXONOMY <= synonyms


def test_every_intent_has_a_rule_or_story() -> None:
    used = set()
    for path in (ROOT / "data").glob("*/*.yml"):
        used |= set(re.findall(r"- intent: (\w+)", path.read_text()))
    assert set(PRODUCT_INTENTS) <= used
