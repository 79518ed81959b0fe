"""The content rules engine: loading with file and line, specificity, ties, expressions, expiry."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from bot.content.engine import Facts, decide
from bot.content.loader import load_content
from bot.errors import ContentError

TODAY = date(2026, 11, 23)


def item(text: str, jurisdiction: str = "global", valid_until: str | None = None) -> str:
    lines = [
        f"jurisdiction: {jurisdiction}",
        'sources: ["ILO C95"]',
        "reviewed_by: tester",
        "reviewed_on: 2026-11-01",
        "review_due: 2027-11-01",
        f"text: {text}",
    ]
    if valid_until:
        lines.append(f"valid_until: {valid_until}")
    return "\n".join(lines)


def write(folder: Path, name: str, items: dict[str, str], rules: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = "items:\n"
    for item_id, spec in items.items():
        body += f"  {item_id}:\n" + textwrap.indent(spec, "    ") + "\n"
    body += "rules:\n" + textwrap.indent(textwrap.dedent(rules), "  ")
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


BASE_ITEMS = {
    "wages.global": item("Global answer."),
    "wages.pl": item("Poland answer.", "PL"),
    "wages.warsaw": item("Warsaw answer.", "PL"),
}
BASE_RULES = """\
    - id: wages.default
      when: {intent: ask_labour_rights}
      then:
        say: [wages.global]
        buttons: [{title: Main menu, payload: /help}]
    - id: wages.pl
      when: {intent: ask_labour_rights, country: PL}
      then: {say: [wages.global, wages.pl], services: [legal_aid]}
    - id: wages.warsaw
      when: {intent: ask_labour_rights, country: PL, city: Warsaw}
      then: {say: [wages.warsaw]}
"""


def said(decision) -> list[str]:  # type: ignore[no-untyped-def]
    return [item_id for item_id, _ in decision.items]


def test_the_most_specific_matching_rule_wins(tmp_path: Path) -> None:
    write(tmp_path, "wages.yml", BASE_ITEMS, BASE_RULES)
    content = load_content(tmp_path)
    anywhere = decide(content, Facts("ask_labour_rights", {"country": "FR"}), today=TODAY)
    assert said(anywhere) == ["wages.global"]
    assert [b.payload for b in anywhere.buttons] == ["/help"]
    poland = decide(content, Facts("ask_labour_rights", {"country": "PL"}), today=TODAY)
    assert said(poland) == ["wages.global", "wages.pl"]
    assert poland.services == ("legal_aid",)
    assert "winner: wages.pl (most specific)" in poland.trace
    assert any(line.startswith("matched wages.default (wages.yml:") for line in poland.trace)
    warsaw = decide(
        content, Facts("ask_labour_rights", {"country": "PL", "city": "Warsaw"}), today=TODAY
    )
    assert said(warsaw) == ["wages.warsaw"]
    other = decide(content, Facts("ask_asylum", {}), today=TODAY)
    assert other.items == ()
    assert other.fell_back


def test_membership_and_slot_conditions(tmp_path: Path) -> None:
    rules = (
        BASE_RULES
        + """\
    - id: wages.domestic
      when: {intent: ask_labour_rights, country: [DE, FR], slots: {documents_kept: true}}
      then:
        say: [wages.global]
        set_slots: {service_type: legal_aid}
        escalate: {reason: documents_kept, priority: high}
"""
    )
    write(tmp_path, "wages.yml", BASE_ITEMS, rules)
    content = load_content(tmp_path)
    hit = decide(
        content, Facts("ask_labour_rights", {"country": "DE", "documents_kept": True}), today=TODAY
    )
    assert hit.rule is not None
    assert hit.rule.id == "wages.domestic"
    assert hit.set_slots == {"service_type": "legal_aid"}
    assert hit.escalate is not None
    assert hit.escalate.priority == "high"
    miss = decide(content, Facts("ask_labour_rights", {"country": "DE"}), today=TODAY)
    assert miss.rule is not None
    assert miss.rule.id == "wages.default"


def test_expressions(tmp_path: Path) -> None:
    rules = (
        BASE_RULES
        + """\
    - id: wages.young
      when: {intent: ask_labour_rights, country: [FR, DE], expression: "age < 18"}
      then: {say: [wages.global], escalate: {reason: child_worker, priority: high}}
"""
    )
    write(tmp_path, "wages.yml", BASE_ITEMS, rules)
    content = load_content(tmp_path)
    young = decide(content, Facts("ask_labour_rights", {"age": 15, "country": "FR"}), today=TODAY)
    assert young.rule is not None
    assert young.rule.id == "wages.young"
    # a value of the wrong type is not a match, and the trace says why
    odd = decide(content, Facts("ask_labour_rights", {"age": "15", "country": "FR"}), today=TODAY)
    assert odd.rule is not None
    assert odd.rule.id == "wages.default"
    assert any("could not be evaluated" in line for line in odd.trace)


def test_a_bad_expression_names_file_and_line(tmp_path: Path) -> None:
    rules = (
        BASE_RULES
        + """\
    - id: wages.broken
      when: {intent: ask_labour_rights, expression: "age <"}
      then: {say: [wages.global]}
"""
    )
    write(tmp_path, "wages.yml", BASE_ITEMS, rules)
    with pytest.raises(ContentError, match=r"wages.yml:\d+: rules.3.when.expression") as error:
        load_content(tmp_path)
    assert "not valid" in str(error.value)


def test_ties_are_errors_unless_exclusive_or_settled(tmp_path: Path) -> None:
    items = {**BASE_ITEMS, "wages.arabic": item("Arabic speakers answer.")}
    without_warsaw = BASE_RULES[: BASE_RULES.index("    - id: wages.warsaw")]
    tie = (
        without_warsaw
        + """\
    - id: wages.arabic
      when: {intent: ask_labour_rights, language: ar}
      then: {say: [wages.arabic]}
"""
    )
    write(tmp_path, "wages.yml", items, tie)
    with pytest.raises(ContentError, match=r"wages.pl .* and wages.arabic can both match"):
        load_content(tmp_path)
    settled = (
        tie
        + """\
    - id: wages.pl_arabic
      when: {intent: ask_labour_rights, language: ar, country: PL}
      then: {say: [wages.arabic, wages.pl]}
"""
    )
    write(tmp_path, "wages.yml", items, settled)
    content = load_content(tmp_path)
    both = decide(
        content, Facts("ask_labour_rights", {"country": "PL", "language": "ar"}), today=TODAY
    )
    assert said(both) == ["wages.arabic", "wages.pl"]
    exclusive = (
        BASE_RULES
        + """\
    - id: wages.de
      when: {intent: ask_labour_rights, country: DE}
      then: {say: [wages.global]}
"""
    )
    write(tmp_path, "wages.yml", BASE_ITEMS, exclusive)
    assert len(load_content(tmp_path).rules) == 4


@pytest.mark.parametrize(
    ("rules", "items", "message"),
    [
        (BASE_RULES.replace("say: [wages.warsaw]", "say: [wages.nowhere]"), BASE_ITEMS,
         r"wages.yml:\d+: rule wages.warsaw: no content item `wages.nowhere`"),
        (BASE_RULES.replace("say: [wages.global]\n", "say: [wages.pl]\n"), BASE_ITEMS,
         "item `wages.pl` is for PL only"),
        (BASE_RULES.replace("ask_labour_rights}\n", "ask_labour_rights, language: en}\n"),
         BASE_ITEMS, "intent ask_labour_rights has no global default"),
        (BASE_RULES, {**BASE_ITEMS, "wages.pl": item("x", "Poland")},
         r"wages.yml:\d+: items.wages.pl.jurisdiction"),
        (BASE_RULES.replace("[wages.warsaw]}", "[wages.warsaw], colour: red}"), BASE_ITEMS,
         r"rules.2.then.colour: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_bad_files_are_rejected_naming_file_and_line(
    tmp_path: Path, rules: str, items: dict[str, str], message: str
) -> None:
    write(tmp_path, "wages.yml", items, rules)
    with pytest.raises(ContentError, match=message):
        load_content(tmp_path)


def test_not_yaml_and_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("items:\n  x: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"a.yml:\d: not valid YAML"):
        load_content(tmp_path)
    (tmp_path / "a.yml").unlink()
    write(tmp_path, "a.yml", BASE_ITEMS, BASE_RULES)
    write(tmp_path, "b.yml", {"wages.pl": item("again", "PL")}, "[]\n")
    with pytest.raises(ContentError, match=r"b.yml:\d: item `wages.pl` is already in a.yml:\d+"):
        load_content(tmp_path)


def test_expired_content_falls_back_to_the_global_answer_and_the_hotline(tmp_path: Path) -> None:
    items = {**BASE_ITEMS, "wages.pl": item("Old Poland answer.", "PL", "2026-01-31")}
    write(tmp_path, "wages.yml", items, BASE_RULES)
    content = load_content(tmp_path)
    poland = decide(content, Facts("ask_labour_rights", {"country": "PL"}), today=TODAY)
    assert said(poland) == ["wages.global"]
    assert poland.fell_back
    assert "/request_human" in [b.payload for b in poland.buttons]
    assert any("expired" in line for line in poland.trace)
    before = decide(content, Facts("ask_labour_rights", {"country": "PL"}), today=date(2026, 1, 1))
    assert said(before) == ["wages.global", "wages.pl"]
    items = {**BASE_ITEMS, "wages.global": item("Old.", valid_until="2026-01-31")}
    write(tmp_path, "wages.yml", items, BASE_RULES)
    nothing = decide(load_content(tmp_path), Facts("ask_labour_rights", {}), today=TODAY)
    assert nothing.items == ()
    assert nothing.fell_back


def test_the_real_content_loads_and_every_answer_cites_an_instrument() -> None:
    content = load_content()
    assert len(content.intents()) >= 17
    for item_id, content_item in content.items.items():
        assert content_item.sources, item_id
        assert content_item.jurisdiction == "global" or content_item.needs_legal_review, item_id
