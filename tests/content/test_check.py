"""`rightsline content check`, preview and report, the extractor, and the answer action."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher
from typer.testing import CliRunner

from actions.answer import ActionAnswer
from bot.cli import app
from bot.content.check import check_content
from bot.i18n.extract import extract_content
from bot.i18n.locales import LanguageRegistry, registry
from bot.settings import ROOT
from tests.actions.builders import tracker, user_event
from tests.content.test_engine import BASE_ITEMS, BASE_RULES, item, write

runner = CliRunner()
TODAY = date(2026, 11, 23)


def test_the_real_content_has_no_error() -> None:
    problems = check_content(registry(), today=TODAY)
    assert [str(p) for p in problems if p.severity == "error"] == []


def _project(tmp_path: Path) -> Path:
    """A copy of the Rasa files, so a check can run against rules of our own."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "domain.yml", root / "domain.yml")
    shutil.copytree(ROOT / "data" / "rules", root / "data" / "rules")
    return root


def test_check_names_every_problem_with_file_and_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    rules = (
        BASE_RULES
        + """\
    - id: wages.typo
      when: {intent: ask_labour_rihgts, slots: {colour: red}}
      then: {say: [wages.global], services: [lawyers]}
    - id: greet.answer
      when: {intent: greet}
      then: {say: [wages.global]}
"""
    )
    items = {**BASE_ITEMS, "wages.pl": item("Old {price}.", "PL", valid_until="2026-01-01")}
    folder = write(tmp_path / "content", "wages.yml", items, rules).parent
    languages = LanguageRegistry(default="en", codes=("en",))
    problems = check_content(languages, today=TODAY, directory=folder, root=root)
    errors = [str(p) for p in problems if p.severity == "error"]
    text = "\n".join(errors)
    assert "wages.yml:" in text
    assert "unknown intent `ask_labour_rihgts`" in text
    assert "unknown slot `colour`" in text
    assert "`lawyers` is not a service category" in text
    assert "no Rasa rule sends `greet` to action_answer" in text
    assert "unknown placeholder(s) ['price']" in text
    assert "expired on 2026-01-01" in text
    assert "intent ask_asylum goes to action_answer but no rule answers it" in text
    assert "item wages.global: not translated into en" in text  # no catalog in this copy
    assert all(p.severity == "error" for p in problems[: len(errors)])  # errors first


def test_check_command_exit_codes(tmp_path: Path) -> None:
    ok = runner.invoke(app, ["content", "check"])
    assert ok.exit_code == 0, ok.output
    assert "0 error(s)" in ok.output


def test_preview_prints_what_the_bot_says_and_why(migrated_database: str) -> None:
    result = runner.invoke(
        app, ["content", "preview", "--intent", "ask_labour_rights", "--country", "Poland"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("🤖 You have the right to be paid")
    assert "🤖 In Poland, the State Labour Inspectorate" in result.output
    assert "[1] Find legal help" in result.output
    assert "winner: labour_rights.pl (most specific)" in result.output
    detention = runner.invoke(app, ["content", "preview", "--intent", "ask_detention_rights"])
    assert "(escalation: detention, priority high)" in detention.output


def test_report_writes_coverage_and_reviews(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["content", "report", "--out", str(out), "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "| ask_labour_rights | global, PL | 2/2 | 2/2 | 2/2 | 2/2 | 2/2 | 2/2 |" in text
    assert "`labour_rights.pl` (PL, pl.yml:" in text
    assert "needs legal review" in text


def test_extractor_pulls_item_texts_and_button_titles() -> None:
    source = (ROOT / "rules" / "content" / "countries" / "pl.yml").read_bytes()
    found = list(extract_content(io.BytesIO(source), {}, [], {}))
    contexts = {context for _, _, (context, _), _ in found}
    assert contexts == {"labour_rights.pl", "button"}
    line, _, (_, text), comments = found[0]
    assert text.startswith("In Poland")
    assert source.decode().splitlines()[line - 1].strip() == "text: |-"
    assert comments[0].startswith("Jurisdiction: PL. Sources: ILO Labour Inspection")


async def test_the_answer_action_says_the_rules_answer(migrated_database: str) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker(slots={"country": "PL"}, events=[user_event("ask_labour_rights")])
    assert await ActionAnswer().run(dispatcher, t, {}) == []
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0].startswith("You have the right to be paid")
    assert texts[1].startswith("In Poland")
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]][-1] == "/request_human"
    detention = CollectingDispatcher()
    await ActionAnswer().run(detention, tracker(events=[user_event("ask_detention_rights")]), {})
    assert detention.messages[-1]["response"] == "utter_hotline_unreachable"
