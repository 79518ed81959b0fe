"""`rightsline content check`: everything that can be wrong with rules/content/, with file and line.

Errors fail the build (and are what the live reload rejects); warnings are for the campaign
team's to-do list: content due for review, sample content awaiting a lawyer.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import yaml

from bot.content.loader import (
    CONTENT_DIR,
    ContentSet,
    Problem,
    Where,
    load_content,
    structural_problems,
)
from bot.directory.taxonomy import CATEGORIES
from bot.errors import ContentError
from bot.i18n.locales import LanguageRegistry
from bot.i18n.workflow import FUZZY, MISSING, PLACEHOLDERS, entry_problem, po_path, read_catalog
from bot.places import LAUNCH_LANGUAGES
from bot.settings import ROOT

ANSWER_ACTION = "action_answer"
#: Placeholders an item may use: the answer action fills them from the conversation.
ITEM_PLACEHOLDERS = frozenset({"country", "city"})


def _domain(root: Path) -> tuple[set[str], set[str]]:
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))
    return set(domain.get("intents") or []), set(domain.get("slots") or {})


def answered_intents(root: Path = ROOT) -> set[str]:
    """Intents that a Rasa rule or story sends to the answer action."""
    routed: set[str] = set()
    for path in (root / "data").glob("**/*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in [*(data.get("rules") or []), *(data.get("stories") or [])]:
            steps = block.get("steps") or []
            for before, step in pairwise(steps):
                if step.get("action") == ANSWER_ACTION and "intent" in before:
                    routed.add(before["intent"])
    return routed


def _domain_problems(content: ContentSet, root: Path, languages: LanguageRegistry) -> list[Problem]:
    intents, slots = _domain(root)
    routed = answered_intents(root)
    problems = []
    for rule in content.rules:
        where = content.rule_where[rule.id]
        for intent in rule.when.intent:
            if intent not in intents:
                problems.append(Problem(where, f"rule {rule.id}: unknown intent `{intent}`"))
            elif intent not in routed:
                problems.append(
                    Problem(
                        where,
                        f"rule {rule.id} can never be used: no Rasa rule sends `{intent}` to "
                        f"{ANSWER_ACTION} (add one in data/rules/)",
                    )
                )
        for name in [*rule.when.slots, *rule.then.set_slots]:
            if name not in slots:
                problems.append(Problem(where, f"rule {rule.id}: unknown slot `{name}`"))
        for category in [*(rule.when.service_type or ()), *rule.then.services]:
            if category not in CATEGORIES:
                problems.append(
                    Problem(where, f"rule {rule.id}: `{category}` is not a service category")
                )
        for code in rule.when.language or ():
            if code not in LAUNCH_LANGUAGES and not languages.supports(code):
                problems.append(
                    Problem(where, f"rule {rule.id}: `{code}` is not a language we serve")
                )
    for intent in sorted(routed - content.intents()):
        problems.append(
            Problem(
                Where(CONTENT_DIR, None),
                f"intent {intent} goes to {ANSWER_ACTION} but no rule answers it; "
                "add a rule with only `intent:`",
            )
        )
    return problems


def _item_problems(content: ContentSet, today: date) -> list[Problem]:
    problems = []
    used = {i for rule in content.rules for i in rule.then.say}
    for item_id, item in content.items.items():
        where = content.item_where[item_id]
        unknown = item.placeholders - ITEM_PLACEHOLDERS
        if unknown:
            problems.append(
                Problem(
                    where,
                    f"item {item_id}: unknown placeholder(s) {sorted(unknown)}; "
                    f"use {sorted(ITEM_PLACEHOLDERS)}",
                )
            )
        if item.valid_until is not None and item.valid_until < today:
            problems.append(
                Problem(
                    where,
                    f"item {item_id}: expired on {item.valid_until} (valid_until); "
                    "it is not served: update it or remove it",
                )
            )
        if item.review_due < today:
            problems.append(
                Problem(where, f"item {item_id}: review was due on {item.review_due}", "warning")
            )
        if item.needs_legal_review:
            problems.append(Problem(where, f"item {item_id}: needs legal review", "warning"))
        if item_id not in used:
            problems.append(Problem(where, f"item {item_id}: no rule says it", "warning"))
    return problems


def _translation_problems(content: ContentSet, languages: LanguageRegistry) -> list[Problem]:
    problems = []
    for language in LAUNCH_LANGUAGES:
        if not languages.supports(language):
            problems.append(
                Problem(
                    Where(po_path(language), None),
                    f"launch language {language} is not served yet (locales/languages.yml)",
                    "warning",
                )
            )
    for language in languages.codes:
        path = po_path(language)
        catalog = read_catalog(language)
        if catalog is None:
            problems.append(Problem(Where(path, None), "missing; run `make i18n-update`"))
            continue
        messages = {
            MISSING: f"not translated into {language} ({path.relative_to(ROOT)}); "
            "run `make i18n-update`",
            FUZZY: f"the {language} translation is marked fuzzy; review it",
            PLACEHOLDERS: f"placeholders of the {language} translation differ from the English",
        }
        for item_id, item in content.items.items():
            if problem := entry_problem(catalog, item_id, item.text):
                where = content.item_where[item_id]
                problems.append(Problem(where, f"item {item_id}: {messages[problem]}"))
    return problems


def check_content(
    languages: LanguageRegistry, *, today: date, directory: Path = CONTENT_DIR, root: Path = ROOT
) -> list[Problem]:
    """Every problem, errors first."""
    try:
        content = load_content(directory, validate=False)
    except ContentError as exc:
        return [Problem(Where(exc.path, exc.line), exc.problem)]
    problems = [
        *structural_problems(content),
        *_domain_problems(content, root, languages),
        *_item_problems(content, today),
        *_translation_problems(content, languages),
    ]
    return sorted(problems, key=lambda p: p.severity != "error")
