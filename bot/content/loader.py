"""Load every file of rules/content/ into one content set, and check that it can be served.

Problems that would make the bot answer wrongly (an unknown item, two rules that tie, an
intent with no global default, an item used outside its jurisdiction) make the set invalid:
:func:`load_content` raises :class:`ContentError` naming the file and line. Checks that need
the Rasa domain or the catalogs live in :mod:`bot.content.check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import rule_engine

from bot.content.model import GLOBAL, ContentFile, ContentItem, Rule, expression_context
from bot.errors import ContentError
from bot.live import Live
from bot.settings import ROOT
from bot.yamlfiles import line_of, load_model

CONTENT_DIR = ROOT / "rules" / "content"


@dataclass(frozen=True)
class Where:
    """Where something is defined, for messages to campaign teams."""

    path: Path
    line: int | None

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}" if self.line else self.path.name


@dataclass(frozen=True)
class Problem:
    """One finding of a check: an error blocks the content, a warning does not."""

    where: Where
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.where.path}:{self.where.line or 1}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class ContentSet:
    """Every item and rule of rules/content/, with where each is written."""

    items: dict[str, ContentItem]
    rules: tuple[Rule, ...]
    item_where: dict[str, Where]
    rule_where: dict[str, Where]
    compiled: dict[str, rule_engine.Rule] = field(default_factory=dict)
    files: tuple[Path, ...] = ()

    def intents(self) -> frozenset[str]:
        """Every intent some rule answers."""
        return frozenset(i for rule in self.rules for i in rule.when.intent)

    def default_rule(self, intent: str) -> Rule | None:
        """The global default of an intent: its rule with no condition but the intent."""
        return next(
            (r for r in self.rules if intent in r.when.intent and r.when.specificity == 0), None
        )


def _may_overlap(a: Rule, b: Rule) -> bool:
    """Whether some conversation could match both (unknowable with expressions: assume so)."""
    if not set(a.when.intent) & set(b.when.intent):
        return False
    la, lb = a.when.literals(), b.when.literals()
    return all(la[k] & lb[k] for k in la.keys() & lb.keys())


def _covered(a: Rule, b: Rule, rules: tuple[Rule, ...]) -> bool:
    """Whether a more specific rule decides wherever both ``a`` and ``b`` match."""
    if a.when.expression or b.when.expression:
        return False
    la, lb = a.when.literals(), b.when.literals()
    overlap = {
        k: la.get(k, lb.get(k, frozenset())) & lb.get(k, la.get(k, frozenset()))
        for k in la.keys() | lb.keys()
    }
    intents = set(a.when.intent) & set(b.when.intent)
    for rule in rules:
        lr = rule.when.literals()
        if (
            not rule.when.expression
            and intents <= set(rule.when.intent)
            and all(k in lr and overlap[k] <= lr[k] for k in overlap)
        ):
            return True
    return False


def structural_problems(content: ContentSet) -> list[Problem]:
    """What would make the bot answer wrongly; any one makes the set invalid."""
    problems: list[Problem] = []
    for rule in content.rules:
        where = content.rule_where[rule.id]
        countries = rule.when.literals().get("country")
        for item_id in rule.then.say:
            item = content.items.get(item_id)
            if item is None:
                problems.append(Problem(where, f"rule {rule.id}: no content item `{item_id}`"))
            elif item.jurisdiction != GLOBAL and (
                countries is None or countries != {item.jurisdiction}
            ):
                problems.append(
                    Problem(
                        where,
                        f"rule {rule.id}: item `{item_id}` is for {item.jurisdiction} only; "
                        f"give the rule `country: {item.jurisdiction}`",
                    )
                )
    for intent in sorted(content.intents()):
        default = content.default_rule(intent)
        first = next(r for r in content.rules if intent in r.when.intent)
        if default is None:
            problems.append(
                Problem(
                    content.rule_where[first.id],
                    f"intent {intent} has no global default (a rule with only `intent:`)",
                )
            )
        elif any(
            content.items[i].jurisdiction != GLOBAL for i in default.then.say if i in content.items
        ):
            problems.append(
                Problem(
                    content.rule_where[default.id],
                    f"rule {default.id} is the default of {intent}: it must say global items",
                )
            )
    for a, b in combinations(content.rules, 2):
        if (
            a.when.specificity == b.when.specificity
            and _may_overlap(a, b)
            and not _covered(a, b, content.rules)
        ):
            problems.append(
                Problem(
                    content.rule_where[b.id],
                    f"rules {a.id} ({content.rule_where[a.id]}) and {b.id} can both match with "
                    "the same number of conditions; add a condition to one, or make them exclusive",
                )
            )
    return problems


def load_content(directory: Path = CONTENT_DIR, *, validate: bool = True) -> ContentSet:
    """Read every ``*.yml`` of ``directory``; raise :class:`ContentError` on the first problem
    (with ``validate=False`` only on what prevents reading: call :func:`structural_problems`)."""
    items: dict[str, ContentItem] = {}
    rules: list[Rule] = []
    item_where: dict[str, Where] = {}
    rule_where: dict[str, Where] = {}
    files = tuple(sorted(directory.glob("**/*.yml")))
    if not files:
        raise ContentError(directory, None, "no content files (*.yml) found")
    for path in files:
        content, node = load_model(path, ContentFile)
        for item_id, item in content.items.items():
            where = Where(path, line_of(node, ("items", item_id)))
            if item_id in items:
                raise ContentError(
                    path, where.line, f"item `{item_id}` is already in {item_where[item_id]}"
                )
            items[item_id], item_where[item_id] = item, where
        for index, rule in enumerate(content.rules):
            where = Where(path, line_of(node, ("rules", index)))
            if rule.id in rule_where:
                raise ContentError(
                    path, where.line, f"rule `{rule.id}` is already in {rule_where[rule.id]}"
                )
            rules.append(rule)
            rule_where[rule.id] = where
    compiled = {
        r.id: rule_engine.Rule(r.when.expression, context=expression_context())
        for r in rules
        if r.when.expression
    }
    loaded = ContentSet(items, tuple(rules), item_where, rule_where, compiled, files)
    problems = structural_problems(loaded) if validate else []
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ContentError(first.where.path, first.where.line, first.message + more)
    return loaded


_live: Live[ContentSet] = Live("content rules", load_content, lambda: CONTENT_DIR.glob("**/*.yml"))


def content() -> ContentSet:
    """The content of this process: rebuilt within a second of a change in rules/content/;
    a broken change is logged with file and line, and the last good content stays live."""
    return _live.get()
