"""The NLU evaluation: held-out examples, per-language scores, floors, the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rasa.evaluate import (
    Scores,
    below_floors,
    confusion_png,
    load_examples,
    markdown,
    score,
)
from bot.settings import ROOT


def test_examples_lose_their_annotations(tmp_path: Path) -> None:
    (tmp_path / "fr.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: find_service\n  examples: |\n'
        '    - un [avocat]{"entity": "service_type", "value": "legal_aid"} à [Varsovie](city)\n'
        "- synonym: PL\n  examples: |\n    - Pologne\n",
        encoding="utf-8",
    )
    (examples,) = load_examples(tmp_path)
    assert (examples.language, examples.text, examples.intent) == (
        "fr", "un avocat à Varsovie", "find_service",
    )  # fmt: skip


def test_scores() -> None:
    gold = ["report_danger", "report_danger", "greet", "greet", "ask_asylum"]
    predicted = ["report_danger", "greet", "greet", "report_danger", "nlu_fallback"]
    s = score("xx", gold, predicted)
    assert s.accuracy == pytest.approx(2 / 5)
    assert s.danger_recall == pytest.approx(1 / 2)
    assert s.danger_precision == pytest.approx(1 / 2)
    # F1: danger 0.5, greet 0.5, asylum 0 → macro 1/3
    assert s.macro_f1 == pytest.approx(1 / 3)
    assert ("ask_asylum", "nlu_fallback", 1) in s.confusions
    assert s.labels[-1] == "nlu_fallback"  # predicted-only labels come last
    assert len(s.matrix) == 3


def test_floors_and_report(tmp_path: Path) -> None:
    results = {
        "en": Scores("en", 10, 0.95, 0.94, 1.0, 0.9, [("greet", "thank", 1)], ["greet"], [[1]]),
        "fr": Scores("fr", 10, 0.80, 0.79, 0.9, 0.9, [], ["greet"], [[1]]),
    }
    floors = {"en": {"macro_f1": 0.9}, "fr": {"macro_f1": 0.85, "danger_recall": 0.95},
              "ar": {"macro_f1": 0.9}}  # fmt: skip
    assert below_floors(results, floors) == [
        "ar: no held-out examples in data/eval/ar.yml",
        "fr: macro_f1 0.790 is below its floor 0.850",
        "fr: danger_recall 0.900 is below its floor 0.950",
    ]
    report = markdown(results, model="m.tar.gz")
    assert "| en | 10 | 0.950 | 0.940 | 1.000 | 0.900 |" in report
    assert "greet → thank: 1" in report
    picture = confusion_png(results, tmp_path / "c.png")
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_launch_language_has_held_out_examples_for_every_intent() -> None:
    import yaml

    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    examples = load_examples()
    for language in ("en", "fr", "es", "ar", "uk", "ru"):
        mine = [e for e in examples if e.language == language]
        assert {e.intent for e in mine} == intents, language
        assert sum(e.intent == "report_danger" for e in mine) >= 15, language
