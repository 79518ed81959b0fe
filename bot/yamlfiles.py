"""Campaign-team YAML files: parse, validate with a pydantic model, name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.errors import ContentError

M = TypeVar("M", bound=BaseModel)


def line_of(node: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """1-based line of the value at ``path`` (keys and list indexes) in a composed YAML node."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(key):
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def load_model(path: Path, model: type[M]) -> tuple[M, yaml.Node | None]:
    """Read ``path`` into ``model``; raise :class:`ContentError` naming file, line and field."""
    source = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(source)
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ContentError(path, line, f"not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        field = ".".join(str(p) for p in loc)
        raise ContentError(path, line_of(node, loc), f"{field}: {first['msg']}") from exc
