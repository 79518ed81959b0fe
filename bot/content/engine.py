"""Evaluate the rules for one turn: the most specific matching rule wins, with a trace.

Plain functions over plain values: the answer action and ``rightsline content preview`` call
the same :func:`decide`, so the preview is what the bot says.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import rule_engine

from bot.content.loader import ContentSet
from bot.content.model import FACT_KEYS, ContentItem, Escalation, Rule
from bot.i18n.responses import ButtonSpec

logger = logging.getLogger(__name__)

#: The hotline button added whenever the answer had to fall back.
HOTLINE_BUTTON = ButtonSpec(title="Talk to a person", payload="/request_human")


@dataclass(frozen=True)
class Facts:
    """What is known in this turn: the intent, and the slots (country, city, language…)."""

    intent: str
    values: Mapping[str, object] = field(default_factory=dict)

    def get(self, key: str) -> object:
        """A fact or slot value; ``None`` when unknown."""
        return self.intent if key == "intent" else self.values.get(key)


@dataclass(frozen=True)
class Decision:
    """What to say and do, and why."""

    rule: Rule | None
    items: tuple[tuple[str, ContentItem], ...]
    buttons: tuple[ButtonSpec, ...]
    services: tuple[str, ...]
    set_slots: Mapping[str, object]
    escalate: Escalation | None
    fell_back: bool
    trace: tuple[str, ...]


def _matches(rule: Rule, facts: Facts, content: ContentSet, trace: list[str]) -> bool:
    when = rule.when
    if facts.intent not in when.intent:
        return False
    for key, allowed in when.literals().items():
        name = key.removeprefix("slot:")
        value = facts.get(name)
        if key in FACT_KEYS and isinstance(value, str):
            value = value.upper() if key == "country" else value
        if value not in allowed:
            return False
    if when.expression:
        context = {**facts.values, "intent": facts.intent}
        try:
            if not content.compiled[rule.id].matches(context):
                return False
        except rule_engine.EngineError as exc:
            trace.append(f"rule {rule.id}: expression could not be evaluated ({exc}); skipped")
            return False
    return True


def decide(content: ContentSet, facts: Facts, *, today: date) -> Decision:
    """The winning rule's answer; expired content falls back to the global answer + hotline."""
    trace: list[str] = []
    matching = [r for r in content.rules if _matches(r, facts, content, trace)]
    matching.sort(key=lambda r: -r.when.specificity)
    for rule in matching:
        trace.append(
            f"matched {rule.id} ({content.rule_where[rule.id]}), "
            f"{rule.when.specificity} condition(s) beyond the intent"
        )
    if not matching:
        trace.append(f"no rule for intent {facts.intent}")
        return Decision(None, (), (HOTLINE_BUTTON,), (), {}, None, True, tuple(trace))
    winner = matching[0]
    if len(matching) > 1 and matching[1].when.specificity == winner.when.specificity:
        logger.error("content rules %s and %s tie", winner.id, matching[1].id)
        trace.append(f"tie with {matching[1].id}: the first in the files is used (fix the rules)")
    trace.append(f"winner: {winner.id} (most specific)")
    chosen, fell_back = winner, False
    expired = [i for i in winner.then.say if content.items[i].expired(today)]
    if expired:
        fell_back = True
        trace.append(f"expired (valid_until passed): {', '.join(expired)}")
        default = content.default_rule(facts.intent)
        if default is not None and default is not winner:
            chosen = default
            trace.append(f"falling back to the global answer {default.id}, with the hotline")
    items = tuple(
        (i, content.items[i]) for i in chosen.then.say if not content.items[i].expired(today)
    )
    if not items:
        trace.append("nothing left to say: the person is offered the hotline")
    buttons = chosen.then.buttons
    if fell_back and HOTLINE_BUTTON.payload not in {b.payload for b in buttons}:
        buttons = (*buttons, HOTLINE_BUTTON)
    return Decision(
        rule=chosen,
        items=items,
        buttons=buttons,
        services=chosen.then.services,
        set_slots=dict(chosen.then.set_slots),
        escalate=chosen.then.escalate,
        fell_back=fell_back,
        trace=tuple(trace),
    )
