"""The English source of every response, read from rules/responses/*.yml.

Campaign teams write the English text there; ``pybabel extract`` pulls it into
locales/messages.pot (see :mod:`bot.i18n.extract`) and translators fill the .po files.
Errors name the file, the line and what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.errors import ContentError
from bot.settings import ROOT
from bot.yamlfiles import load_model

RESPONSES_DIR = ROOT / "rules" / "responses"
T = TypeVar("T")

#: Translation contexts (msgctxt) of the texts that are not a response's own text.
BUTTON_CONTEXT = "button"
TOPIC_CONTEXT = "topic"
SERVICE_TYPE_CONTEXT = "service_type"
#: Phrases (parts of a message, such as a card's "Open now") use "phrase:<name>".
PHRASE_CONTEXT = "phrase:{}"

_PLACEHOLDER = re.compile(r"{([a-z_]+)}")


def placeholder_names(text: str) -> frozenset[str]:
    """Names written as ``{name}`` in a source text."""
    return frozenset(_PLACEHOLDER.findall(text))


_PAYLOAD = re.compile(r"^/[a-z_]+(\{.*\})?$")


class ButtonSpec(BaseModel):
    """A button under a message: the title shown and the payload it sends back."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=40)
    payload: str

    @field_validator("payload")
    @classmethod
    def _intent_payload(cls, value: str) -> str:
        if not _PAYLOAD.match(value):
            raise ValueError('payload must look like /intent_name or /intent{"entity": "value"}')
        return value


class ResponseSpec(BaseModel):
    """One message the assistant can send."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, max_length=1500)
    buttons: tuple[ButtonSpec, ...] = ()
    #: topics: "did you mean" buttons; languages: every served language; language: keep
    #: the language given as the ``language`` argument.
    buttons_from: Literal["topics", "languages", "language"] | None = None
    sources: tuple[str, ...] = ()

    @property
    def placeholders(self) -> frozenset[str]:
        """Names written as ``{name}`` in the text."""
        return placeholder_names(self.text)


class ResponseFile(BaseModel):
    """The shape of one file in rules/responses/."""

    model_config = ConfigDict(extra="forbid")

    responses: dict[str, ResponseSpec] = {}
    topics: dict[str, str] = {}
    service_types: dict[str, str] = {}
    phrases: dict[str, str] = {}

    @field_validator("responses")
    @classmethod
    def _utter_names(cls, value: dict[str, ResponseSpec]) -> dict[str, ResponseSpec]:
        for name in value:
            if not re.fullmatch(r"utter_[a-z0-9_]+", name):
                raise ValueError(f"response name `{name}` must start with utter_ (a-z, 0-9, _)")
        return value


@dataclass(frozen=True)
class ResponseBook:
    """Every response, topic title and service-type name, merged from all files."""

    responses: dict[str, ResponseSpec]
    topics: dict[str, str]
    service_types: dict[str, str]
    phrases: dict[str, str]
    files: tuple[Path, ...]


def load_response_file(path: Path) -> ResponseFile:
    """Read and validate one file; raise :class:`ContentError` naming file, line and fix."""
    return load_model(path, ResponseFile)[0]


def _merge(
    target: dict[str, T], values: dict[str, T], section: str, path: Path, origin: dict[str, Path]
) -> None:
    for name, value in values.items():
        key = f"{section}.{name}"
        if key in origin:
            raise ContentError(
                path, None, f"{key} is already defined in {origin[key].name}; keep one"
            )
        origin[key] = path
        target[name] = value


def load_book(directory: Path = RESPONSES_DIR) -> ResponseBook:
    """Merge every ``*.yml`` file of ``directory``; a name defined twice is an error."""
    responses: dict[str, ResponseSpec] = {}
    topics: dict[str, str] = {}
    service_types: dict[str, str] = {}
    phrases: dict[str, str] = {}
    origin: dict[str, Path] = {}
    files = tuple(sorted(directory.glob("*.yml")))
    if not files:
        raise ContentError(directory, None, "no response files (*.yml) found")
    for path in files:
        content = load_response_file(path)
        _merge(responses, content.responses, "responses", path, origin)
        _merge(topics, content.topics, "topics", path, origin)
        _merge(service_types, content.service_types, "service_types", path, origin)
        _merge(phrases, content.phrases, "phrases", path, origin)
    return ResponseBook(responses, topics, service_types, phrases, files)


@lru_cache(maxsize=1)
def book() -> ResponseBook:
    """The response book of this process, read once."""
    return load_book()
