"""Babel extractor for rules/responses/*.yml (entry point ``rightsline_responses``).

Each response text is extracted with its response name as context (msgctxt); button titles,
topic titles and service-type names with the contexts ``button``, ``topic`` and
``service_type``, phrases with ``phrase:<name>``, so one title is translated once wherever
it appears. The sources of a response become a translator comment.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

from bot.i18n.responses import (
    BUTTON_CONTEXT,
    PHRASE_CONTEXT,
    SERVICE_TYPE_CONTEXT,
    TOPIC_CONTEXT,
)

#: (line, keyword, (context, message), translator comments), as Babel expects.
Extracted = tuple[int, str, tuple[str, str], list[str]]


def _pairs(node: yaml.Node) -> Iterator[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield str(key.value), value


def _scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and node.value else None


def _response_messages(name: str, node: yaml.Node) -> Iterator[Extracted]:
    fields = dict(_pairs(node))
    comments = []
    sources = fields.get("sources")
    if isinstance(sources, yaml.SequenceNode):
        comments = ["Sources: " + "; ".join(str(s.value) for s in sources.value)]
    text = fields.get("text")
    if (value := _scalar(text)) and text is not None:
        yield text.start_mark.line + 1, "pgettext", (name, value), comments
    buttons = fields.get("buttons")
    if isinstance(buttons, yaml.SequenceNode):
        for button in buttons.value:
            title = dict(_pairs(button)).get("title")
            if (value := _scalar(title)) and title is not None:
                yield title.start_mark.line + 1, "pgettext", (BUTTON_CONTEXT, value), []


def extract_responses(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield every translatable text of a response file, with its line."""
    root = yaml.compose(fileobj.read().decode(options.get("encoding", "utf-8")))
    if root is None:
        return
    for section, node in _pairs(root):
        if section == "responses":
            for name, response in _pairs(node):
                yield from _response_messages(name, response)
        elif section == "phrases":
            for name, phrase in _pairs(node):
                if value := _scalar(phrase):
                    yield (
                        phrase.start_mark.line + 1,
                        "pgettext",
                        (PHRASE_CONTEXT.format(name), value),
                        [],
                    )
        elif section in ("topics", "service_types"):
            context = TOPIC_CONTEXT if section == "topics" else SERVICE_TYPE_CONTEXT
            for _, title in _pairs(node):
                if value := _scalar(title):
                    yield title.start_mark.line + 1, "pgettext", (context, value), []


def extract_content(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield every translatable text of a rules/content/ file (entry point ``rightsline_content``).

    A content item's text has its id as context; the translator comment gives its
    jurisdiction and sources. Rule button titles share the ``button`` context.
    """
    root = yaml.compose(fileobj.read().decode(options.get("encoding", "utf-8")))
    if root is None:
        return
    for section, node in _pairs(root):
        if section == "items":
            for item_id, item in _pairs(node):
                fields = dict(_pairs(item))
                text = fields.get("text")
                if (value := _scalar(text)) and text is not None:
                    sources = fields.get("sources")
                    listed = (
                        "; ".join(str(s.value) for s in sources.value)
                        if isinstance(sources, yaml.SequenceNode)
                        else ""
                    )
                    where = _scalar(fields.get("jurisdiction")) or "?"
                    comments = [f"Jurisdiction: {where}. Sources: {listed}"]
                    yield text.start_mark.line + 1, "pgettext", (item_id, value), comments
        elif section == "rules" and isinstance(node, yaml.SequenceNode):
            for rule in node.value:
                then = dict(_pairs(rule)).get("then")
                buttons = dict(_pairs(then)).get("buttons") if then is not None else None
                if isinstance(buttons, yaml.SequenceNode):
                    for button in buttons.value:
                        title = dict(_pairs(button)).get("title")
                        if (value := _scalar(title)) and title is not None:
                            yield (
                                title.start_mark.line + 1,
                                "pgettext",
                                (BUTTON_CONTEXT, value),
                                [],
                            )
