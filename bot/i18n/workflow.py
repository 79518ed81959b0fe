"""The translation workflow behind `make i18n-*`: extract, update, check.

``check`` is what CI runs: it fails on a stale template, on a missing or fuzzy entry in a
served language, and on placeholders that differ from the English.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from bot.i18n.locales import LOCALES_DIR, LanguageRegistry
from bot.settings import ROOT

TEMPLATE = LOCALES_DIR / "messages.pot"
BABEL_CFG = ROOT / "babel.cfg"
_PLACEHOLDER = re.compile(r"{[^{}]*}")


def po_path(language: str) -> Path:
    """Where the catalog of ``language`` lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"


def extract_template(root: Path = ROOT) -> Catalog:
    """A fresh template from the sources (the same as ``pybabel extract -F babel.cfg``)."""
    catalog = Catalog(project="Rightsline", fuzzy=False)
    with (root / BABEL_CFG.name).open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename=str(BABEL_CFG))  # type: ignore[no-untyped-call]
    for _file, _lineno, message, comments, context in extract_from_dir(
        str(root), method_map=method_map, options_map=options_map
    ):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def _keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, str(m.id)) for m in catalog if m.id}


def write_template(path: Path = TEMPLATE) -> Catalog:
    """Extract and write the template."""
    template = extract_template()
    with path.open("wb") as out:
        write_po(out, template, omit_header=True, sort_output=True, width=100)
    return template


def update_catalogs(languages: LanguageRegistry, *, source_language: str = "en") -> list[Path]:
    """Merge the template into every served language's catalog (created when missing).

    The source language's catalog is complete by construction: its text is the English.
    """
    with TEMPLATE.open("rb") as f:
        template = read_po(f)
    written = []
    for language in languages.codes:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="Rightsline", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False  # the header: a fuzzy catalog is not compiled at all
        if language == source_language:
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        with path.open("wb") as out:
            write_po(
                out, catalog, omit_header=False, sort_output=True, width=100, ignore_obsolete=True
            )
        written.append(path)
    return written


#: What can be wrong with one entry of a translated catalog (see :func:`entry_problem`).
MISSING, FUZZY, PLACEHOLDERS = "missing", "fuzzy", "placeholders"


def read_catalog(language: str) -> Catalog | None:
    """The ``.po`` catalog of ``language``, or None when it does not exist yet."""
    path = po_path(language)
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=language)


def entry_problem(catalog: Catalog, context: str | None, msgid: str) -> str | None:
    """MISSING, FUZZY or PLACEHOLDERS (differing from the English) for one entry, else None."""
    message = catalog.get(msgid, context=context)
    if message is None or not message.string:
        return MISSING
    if message.fuzzy:
        return FUZZY
    if sorted(_PLACEHOLDER.findall(msgid)) != sorted(_PLACEHOLDER.findall(str(message.string))):
        return PLACEHOLDERS
    return None


_ENTRY_PROBLEMS = {
    MISSING: "not translated",
    FUZZY: "marked fuzzy; review it and remove the fuzzy flag",
    PLACEHOLDERS: "placeholders differ from the English",
}


def check_catalogs(languages: LanguageRegistry) -> list[str]:
    """Every problem found, one line each, naming the file and the message."""
    problems: list[str] = []
    if not TEMPLATE.exists():
        return [f"{TEMPLATE}: missing; run `make i18n-update`"]
    with TEMPLATE.open("rb") as f:
        template = read_po(f)
    fresh = _keys(extract_template())
    if fresh != _keys(template):
        problems.append(f"{TEMPLATE}: stale (the texts in rules/ changed); run `make i18n-update`")
    for language in languages.codes:
        path = po_path(language)
        catalog = read_catalog(language)
        if catalog is None:
            problems.append(f"{path}: missing; run `make i18n-update`")
            continue
        for context, msgid in sorted(_keys(template), key=lambda k: (k[0] or "", k[1])):
            if problem := entry_problem(catalog, context, msgid):
                label = f"{path}: [{context}] {msgid[:50]!r}"
                problems.append(f"{label}: {_ENTRY_PROBLEMS[problem]}")
    return problems
