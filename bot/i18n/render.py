"""Render a named response in a language: translate, fill placeholders, build buttons.

Used by the NLG route (for Rasa) and by the chat clients (for their own messages), so the
person reads the same catalog text whatever path produced it.
"""

from __future__ import annotations

import json
import logging
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.i18n.catalog import Catalogs
from bot.i18n.locales import (
    LOCALES_DIR,
    LanguageRegistry,
    country_name,
    isolate,
    language_name,
    registry,
)
from bot.i18n.responses import (
    BUTTON_CONTEXT,
    PHRASE_CONTEXT,
    RESPONSES_DIR,
    SERVICE_TYPE_CONTEXT,
    TOPIC_CONTEXT,
    ButtonSpec,
    ResponseBook,
    load_book,
)
from bot.live import Live

logger = logging.getLogger(__name__)

#: A line of a template left with no word once its placeholders are filled is dropped
#: (e.g. "🗣 {spoken}" for a service with no languages listed).
_HAS_WORD = re.compile(r"\w")
_PLACEHOLDER_LINE = re.compile(r"{\w+}")

#: Rendered when a response name is unknown (a bug, logged as an error).
ERROR_RESPONSE = "utter_error"


@dataclass(frozen=True)
class Button:
    """A button: what the person sees, and what it sends back to Rasa."""

    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    """One rendered message."""

    text: str
    language: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    def as_nlg(self) -> dict[str, object]:
        """The body Rasa's NLG endpoint contract expects."""
        return {
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
        }


class _Blank(dict[str, str]):
    """Placeholder values; a missing one is logged (its name only) and left blank."""

    def __init__(self, values: Mapping[str, str], response: str) -> None:
        super().__init__(values)
        self.response = response

    def __missing__(self, key: str) -> str:
        logger.error("response %s: no value for placeholder {%s}", self.response, key)
        return ""


class Renderer:
    """Renders responses from the response book through the catalogs."""

    def __init__(self, book: ResponseBook, catalogs: Catalogs, languages: LanguageRegistry):
        self.book = book
        self.catalogs = catalogs
        self.languages = languages

    def topic_title(self, intent: str, language: str) -> str:
        """The short, translated title of a topic (an intent) for menus and buttons."""
        return self.catalogs.pgettext(language, TOPIC_CONTEXT, self.book.topics[intent])

    def phrase(self, name: str, language: str, **values: object) -> str:
        """A translated phrase (part of a message) with its placeholders filled."""
        lang = self.languages.negotiate(language)
        template = self.catalogs.pgettext(
            lang, PHRASE_CONTEXT.format(name), self.book.phrases[name]
        )
        return string.Formatter().vformat(
            template, (), _Blank({k: isolate(str(v), lang) for k, v in values.items()}, name)
        )

    def service_type_name(self, code: str, language: str) -> str:
        """The translated name of a service category (``legal_aid`` → ``legal help``)."""
        source = self.book.service_types.get(code)
        return self.catalogs.pgettext(language, SERVICE_TYPE_CONTEXT, source) if source else code

    def _values(self, arguments: Mapping[str, object], language: str) -> dict[str, str]:
        values: dict[str, str] = {}
        for key, value in arguments.items():
            if value is None or isinstance(value, (list, tuple, dict)):
                continue
            text = str(value)
            if key == "service_type":
                text = self.service_type_name(text, language)
            elif key == "country":
                text = country_name(text, in_language=language)
            elif key == "language":
                text = language_name(text, in_language=language)
            values[key] = isolate(text, language)
        return values

    def _dynamic_buttons(
        self, kind: str, arguments: Mapping[str, object], language: str
    ) -> list[Button]:
        if kind == "topics":
            topics = arguments.get("topics") or []
            assert isinstance(topics, Sequence)
            return [
                Button(self.topic_title(t, language), f"/{t}")
                for t in topics
                if isinstance(t, str) and t in self.book.topics
            ]
        codes = self.languages.codes
        if kind == "language":
            chosen = arguments.get("language")
            codes = (chosen,) if isinstance(chosen, str) and self.languages.supports(chosen) else ()
        return [
            Button(
                language_name(code, in_language=code),
                "/change_language" + json.dumps({"language": code}),
            )
            for code in codes
        ]

    def render(
        self, name: str, *, language: str | None, arguments: Mapping[str, object] | None = None
    ) -> Message:
        """Render response ``name`` in ``language`` (negotiated against the registry)."""
        lang = self.languages.negotiate(language)
        arguments = arguments or {}
        spec = self.book.responses.get(name)
        if spec is None:
            logger.error("unknown response %s", name)
            name, spec = ERROR_RESPONSE, self.book.responses[ERROR_RESPONSE]
        dynamic = (
            self._dynamic_buttons(spec.buttons_from, arguments, lang) if spec.buttons_from else []
        )
        return self.render_text(
            name, spec.text, language=lang, arguments=arguments, buttons=spec.buttons,
            extra_buttons=dynamic,
        )  # fmt: skip

    def render_text(
        self,
        context: str,
        source: str,
        *,
        language: str | None,
        arguments: Mapping[str, object] | None = None,
        buttons: Sequence[ButtonSpec] = (),
        extra_buttons: Sequence[Button] = (),
    ) -> Message:
        """Translate ``source`` (msgctxt ``context``), fill its placeholders, add buttons."""
        lang = self.languages.negotiate(language)
        template = self.catalogs.pgettext(lang, context, source)
        values = _Blank(self._values(arguments or {}, lang), context)
        lines = []
        for line_template in template.split("\n"):
            line = string.Formatter().vformat(line_template, (), values)
            if _PLACEHOLDER_LINE.search(line_template) and not _HAS_WORD.search(line):
                continue
            lines.append(line)
        return Message("\n".join(lines), lang, (*extra_buttons, *self.buttons(buttons, lang)))

    def buttons(self, specs: Sequence[ButtonSpec], language: str) -> tuple[Button, ...]:
        """Buttons with their titles translated."""
        lang = self.languages.negotiate(language)
        return tuple(
            Button(self.catalogs.pgettext(lang, BUTTON_CONTEXT, b.title), b.payload) for b in specs
        )


def _catalog_files() -> list[Path]:
    return [*RESPONSES_DIR.glob("*.yml"), *LOCALES_DIR.glob("*/LC_MESSAGES/messages.[mp]o")]


_live = Live(
    "responses and catalogs",
    lambda: Renderer(load_book(), Catalogs(), registry()),
    _catalog_files,
)


def renderer() -> Renderer:
    """The renderer of this process: rebuilt within a second when rules/responses/ or a
    catalog changes; a broken change is logged and the last good version kept."""
    return _live.get()
