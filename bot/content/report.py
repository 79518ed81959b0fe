"""`rightsline content report`: coverage per question × language × jurisdiction, reviews due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.content.loader import ContentSet
from bot.content.model import GLOBAL
from bot.i18n.locales import LanguageRegistry
from bot.i18n.workflow import FUZZY, MISSING, entry_problem, read_catalog
from bot.places import LAUNCH_LANGUAGES

#: Items whose review falls due within this many days are listed as "due soon".
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class CoverageRow:
    """One question: where it has an answer, and how much of it each language has."""

    intent: str
    jurisdictions: tuple[str, ...]
    translated: dict[str, tuple[int, int] | None]  # language → (done, total); None: not served


def _translated_ids(content: ContentSet, language: str) -> set[str]:
    catalog = read_catalog(language)
    if catalog is None:
        return set()
    return {
        item_id
        for item_id, item in content.items.items()
        if entry_problem(catalog, item_id, item.text) not in (MISSING, FUZZY)
    }


def coverage(content: ContentSet, languages: LanguageRegistry) -> list[CoverageRow]:
    """A row per intent that the content answers."""
    done = {lang: _translated_ids(content, lang) for lang in languages.codes}
    rows = []
    for intent in sorted(content.intents()):
        rules = [r for r in content.rules if intent in r.when.intent]
        places = {c for r in rules for c in (r.when.country or ())}
        items = {i for r in rules for i in r.then.say}
        translated: dict[str, tuple[int, int] | None] = {}
        for lang in dict.fromkeys([*LAUNCH_LANGUAGES, *languages.codes]):
            translated[lang] = (len(items & done[lang]), len(items)) if lang in done else None
        rows.append(CoverageRow(intent, (GLOBAL, *sorted(places)), translated))
    return rows


def markdown_report(content: ContentSet, rows: list[CoverageRow], *, today: date) -> str:
    """The report as a markdown document (also readable in a terminal)."""
    languages = list(rows[0].translated) if rows else []
    lines = [
        f"# Content coverage ({today})",
        "",
        "| question | answered for | " + " | ".join(languages) + " |",
        "|---|---|" + "---|" * len(languages),
    ]
    for row in rows:
        cells = []
        for lang in languages:
            value = row.translated[lang]
            cells.append("not served" if value is None else f"{value[0]}/{value[1]}")
        lines.append(
            f"| {row.intent} | {', '.join(row.jurisdictions)} | " + " | ".join(cells) + " |"
        )
    soon = today + timedelta(days=DUE_SOON_DAYS)
    review = []
    for item_id, item in sorted(content.items.items(), key=lambda pair: pair[1].review_due):
        notes = []
        if item.expired(today):
            notes.append(f"EXPIRED on {item.valid_until}, not served")
        if item.review_due < today:
            notes.append(f"review overdue since {item.review_due}")
        elif item.review_due <= soon:
            notes.append(f"review due on {item.review_due}")
        if item.needs_legal_review:
            notes.append("needs legal review")
        if notes:
            where = content.item_where[item_id]
            review.append(f"- `{item_id}` ({item.jurisdiction}, {where}): {'; '.join(notes)}")
    lines += ["", "## To review", "", *(review or ["Nothing is due."]), ""]
    return "\n".join(lines)
