"""The shape of a file in rules/content/: content items and the rules that choose them.

See rules/README.md for the same in plain words.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

import rule_engine
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.i18n.responses import ButtonSpec, placeholder_names
from bot.places import normalise_country

GLOBAL = "global"
#: Facts a rule can test by value (equality, or membership when a list is given).
FACT_KEYS = ("country", "city", "service_type", "language")
PRIORITIES = ("low", "medium", "high", "critical")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")

Scalar = str | bool | int


def expression_context() -> rule_engine.Context:
    """Expressions see every fact and slot by name; an unknown name is null."""
    return rule_engine.Context(default_value=None)


def _as_tuple(value: Any) -> Any:
    if value is None or isinstance(value, (list, tuple)):
        return value
    return (value,)


class ContentItem(BaseModel):
    """One short message: its English text and where it comes from, dated and attributed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    jurisdiction: str = Field(description="global, or the ISO code of one country")
    sources: tuple[str, ...] = Field(min_length=1)
    reviewed_by: str = Field(min_length=1)
    reviewed_on: date
    review_due: date
    valid_until: date | None = None
    needs_legal_review: bool = False
    text: str = Field(min_length=1, max_length=1000)

    @field_validator("jurisdiction")
    @classmethod
    def _jurisdiction(cls, value: str) -> str:
        if value == GLOBAL:
            return value
        code = normalise_country(value) if len(value) == 2 else None
        if code is None:
            raise ValueError("write `global` or a 2-letter country code such as PL")
        return code

    @model_validator(mode="after")
    def _dates(self) -> ContentItem:
        if self.review_due < self.reviewed_on:
            raise ValueError("review_due must come after reviewed_on")
        return self

    @property
    def placeholders(self) -> frozenset[str]:
        """Names written as ``{name}`` in the text."""
        return placeholder_names(self.text)

    def expired(self, today: date) -> bool:
        """Past ``valid_until``: never served."""
        return self.valid_until is not None and self.valid_until < today


class When(BaseModel):
    """The conditions of a rule. Every condition given must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intent: tuple[str, ...] = Field(min_length=1)
    country: tuple[str, ...] | None = None
    city: tuple[str, ...] | None = None
    service_type: tuple[str, ...] | None = None
    language: tuple[str, ...] | None = None
    slots: dict[str, tuple[Scalar, ...]] = {}
    expression: str | None = None

    @field_validator("intent", "country", "city", "service_type", "language", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_tuple(value)

    @field_validator("slots", mode="before")
    @classmethod
    def _slot_values(cls, value: Any) -> Any:
        return {k: _as_tuple(v) for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("country")
    @classmethod
    def _countries(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        codes = []
        for text in value:
            code = normalise_country(text) if len(text) == 2 else None
            if code is None:
                raise ValueError(f"`{text}` is not a 2-letter country code")
            codes.append(code)
        return tuple(codes)

    @field_validator("expression")
    @classmethod
    def _expression(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                rule_engine.Rule(value, context=expression_context())
            except rule_engine.RuleSyntaxError as exc:
                raise ValueError(f"the expression is not valid: {exc.message}") from None
            except rule_engine.EngineError as exc:
                raise ValueError(f"the expression is not valid: {exc}") from None
        return value

    def literals(self) -> dict[str, frozenset[Scalar]]:
        """Every value condition as ``{name: allowed values}`` (slots as ``slot:<name>``)."""
        found: dict[str, frozenset[Scalar]] = {}
        for key in FACT_KEYS:
            values = getattr(self, key)
            if values is not None:
                found[key] = frozenset(values)
        for name, values in self.slots.items():
            found[f"slot:{name}"] = frozenset(values)
        return found

    @property
    def specificity(self) -> int:
        """How many conditions beyond the intent: the most specific matching rule wins."""
        return len(self.literals()) + (1 if self.expression else 0)


class Escalation(BaseModel):
    """Bring in the hotline: why (a short id for staff and reports) and how urgently."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    priority: Literal["low", "medium", "high", "critical"]


class Then(BaseModel):
    """What the bot does when the rule wins."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    say: tuple[str, ...] = Field(min_length=1, description="content item ids, one message each")
    buttons: tuple[ButtonSpec, ...] = ()
    services: tuple[str, ...] = Field(
        (), description="directory categories to show when the place is known"
    )
    set_slots: dict[str, Scalar | None] = {}
    escalate: Escalation | None = None


class Rule(BaseModel):
    """When these conditions hold, then do this."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    when: When
    then: Then

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("ids use lowercase letters, digits, `.`, `_` and `-`")
        return value


class ContentFile(BaseModel):
    """One file of rules/content/."""

    model_config = ConfigDict(extra="forbid")

    items: dict[str, ContentItem] = {}
    rules: tuple[Rule, ...] = ()

    @field_validator("items")
    @classmethod
    def _item_ids(cls, value: dict[str, ContentItem]) -> dict[str, ContentItem]:
        for name in value:
            if not _ID.match(name):
                raise ValueError(f"item id `{name}`: use lowercase letters, digits, `.`, `_`, `-`")
        return value
