"""Live updates: changed rules and catalogs are served without a restart; broken ones are not."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.content.engine import Facts, decide
from bot.content.loader import ContentSet, load_content
from bot.i18n.catalog import Catalogs
from bot.live import Live
from tests.content.test_engine import BASE_ITEMS, BASE_RULES, TODAY, item, write


def _bump(path: Path) -> None:
    """Make sure the change is seen even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_changed_rule_is_live_and_a_broken_one_is_rejected(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path, "wages.yml", BASE_ITEMS, BASE_RULES)
    live: Live[ContentSet] = Live(
        "content", lambda: load_content(tmp_path), lambda: tmp_path.glob("*.yml"), interval=0
    )

    def answer() -> str:
        decision = decide(live.get(), Facts("ask_labour_rights", {}), today=TODAY)
        return decision.items[0][1].text

    assert answer() == "Global answer."
    write(tmp_path, "wages.yml", {**BASE_ITEMS, "wages.global": item("New answer.")}, BASE_RULES)
    _bump(path)
    assert answer() == "New answer."
    with caplog.at_level(logging.ERROR):
        path.write_text(path.read_text().replace("say: [wages.global]", "say: [wages.gone]"))
        _bump(path)
        assert answer() == "New answer."  # the last good set stays live
    assert "change rejected" in caplog.text
    assert "wages.yml:" in caplog.text
    assert live.rejected is not None
    write(tmp_path, "wages.yml", BASE_ITEMS, BASE_RULES)
    _bump(path)
    assert answer() == "Global answer."
    assert live.rejected is None


def test_a_broken_set_at_start_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "wages.yml", BASE_ITEMS, BASE_RULES.replace("wages.global]", "nope]"))
    live: Live[ContentSet] = Live(
        "content", lambda: load_content(tmp_path), lambda: tmp_path.glob("*.yml"), interval=0
    )
    with pytest.raises(Exception, match="no content item `nope`"):
        live.get()


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "wages.global"
msgid "Global answer."
msgstr "{answer}"
"""


def test_an_edited_po_file_is_used_without_compiling(tmp_path: Path) -> None:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "messages.po"
    po.write_text(PO.format(answer="Réponse générale."), encoding="utf-8")
    assert (
        Catalogs(tmp_path).pgettext("fr", "wages.global", "Global answer.") == "Réponse générale."
    )
    po.write_text(PO.format(answer="Nouvelle réponse."), encoding="utf-8")
    _bump(po)
    assert (
        Catalogs(tmp_path).pgettext("fr", "wages.global", "Global answer.") == "Nouvelle réponse."
    )
