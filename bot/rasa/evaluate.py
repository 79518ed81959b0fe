"""`rightsline eval nlu`: the model against held-out examples it never saw, per language.

The held-out examples are in data/eval/<language>.yml (same format as data/nlu/, never
passed to ``rasa train``). A Rasa server is started on the model, every example goes through
``/model/parse`` (the app runtime never imports rasa), and per language we report intent
accuracy, macro-F1, ``report_danger`` recall and precision and the worst confusions, as a
markdown report and a confusion-matrix picture. ``--check`` fails when a language falls
below its floor in data/eval/floors.yml.
"""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from bot.rasa.stack import RASA_BIN, rasa_env, wait_until_healthy
from bot.settings import ROOT

EVAL_DIR = ROOT / "data" / "eval"
FLOORS_FILE = EVAL_DIR / "floors.yml"
DANGER = "report_danger"
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


@dataclass(frozen=True)
class Example:
    """One held-out message and the intent it means."""

    language: str
    text: str
    intent: str


@dataclass
class Scores:
    """How the model did on one language."""

    language: str
    total: int
    accuracy: float
    macro_f1: float
    danger_recall: float
    danger_precision: float
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    matrix: list[list[int]] = field(default_factory=list)


def load_examples(folder: Path = EVAL_DIR) -> list[Example]:
    """Every held-out example, annotations removed (``[Varsovie]{...}`` → ``Varsovie``)."""
    examples = []
    for path in sorted(folder.glob("*.yml")):
        if path == FLOORS_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = _ANNOTATION.sub(r"\1", line[2:]).strip()
                    examples.append(Example(path.stem, text, block["intent"]))
    return examples


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score(language: str, gold: list[str], predicted: list[str]) -> Scores:
    """Accuracy, macro-F1 over the gold intents, danger recall / precision, confusions."""
    labels = sorted(set(gold))
    pairs = list(zip(gold, predicted, strict=True))
    f1s = []
    for label in labels:
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label and g != label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        f1s.append(_f1(tp, fp, fn))
    danger_tp = sum(g == p == DANGER for g, p in pairs)
    danger_gold = sum(g == DANGER for g in gold)
    danger_pred = sum(p == DANGER for p in predicted)
    wrong = Counter((g, p) for g, p in pairs if g != p)
    columns = [*labels, *sorted({p for p in predicted} - set(labels))]
    matrix = [[sum(g == row and p == col for g, p in pairs) for col in columns] for row in labels]
    return Scores(
        language=language,
        total=len(gold),
        accuracy=sum(g == p for g, p in pairs) / len(gold) if gold else 0.0,
        macro_f1=sum(f1s) / len(f1s) if f1s else 0.0,
        danger_recall=danger_tp / danger_gold if danger_gold else 1.0,
        danger_precision=danger_tp / danger_pred if danger_pred else 1.0,
        confusions=[(g, p, n) for (g, p), n in wrong.most_common(5)],
        labels=columns,
        matrix=matrix,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ParseServer:
    """``rasa run --enable-api`` on a model, for ``/model/parse`` only (no actions)."""

    def __init__(self, model: Path, *, log_file: Path) -> None:
        self.model, self.log_file = model, log_file
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ParseServer:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        command = [str(RASA_BIN), "run", "--enable-api", "--interface", "127.0.0.1",
                   "--port", str(self.port), "--model", str(self.model)]  # fmt: skip
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=rasa_env(), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        try:
            wait_until_healthy([f"{self.url}/"], self.process, timeout=300)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


async def parse_all(url: str, texts: list[str], *, concurrency: int = 4) -> list[str]:
    """The intent Rasa predicts for each text (``nlu_fallback`` included)."""
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def one(text: str) -> str:
            async with limit:
                response = await client.post("/model/parse", json={"text": text})
                response.raise_for_status()
                return str((response.json().get("intent") or {}).get("name") or "")

        return list(await asyncio.gather(*(one(t) for t in texts)))


def evaluate(model: Path, examples: list[Example], *, log_file: Path) -> dict[str, Scores]:
    """Scores per language of ``model`` on ``examples``."""
    with ParseServer(model, log_file=log_file) as server:
        predicted = asyncio.run(parse_all(server.url, [e.text for e in examples]))
    results = {}
    for language in sorted({e.language for e in examples}):
        rows = [
            (e.intent, p)
            for e, p in zip(examples, predicted, strict=True)
            if e.language == language
        ]
        results[language] = score(language, [g for g, _ in rows], [p for _, p in rows])
    return results


def load_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    """Per language, the lowest macro-F1 and report_danger recall the build accepts."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): {m: float(v) for m, v in (vals or {}).items()} for k, vals in data.items()}


def below_floors(results: dict[str, Scores], floors: dict[str, dict[str, float]]) -> list[str]:
    """One line per language and measure under its floor (or a language without a result)."""
    problems = []
    for language, floor in sorted(floors.items()):
        found = results.get(language)
        if found is None:
            problems.append(f"{language}: no held-out examples in data/eval/{language}.yml")
            continue
        for measure, minimum in floor.items():
            value = getattr(found, measure)
            if value < minimum:
                problems.append(
                    f"{language}: {measure} {value:.3f} is below its floor {minimum:.3f}"
                )
    return problems


def markdown(results: dict[str, Scores], *, model: str) -> str:
    """The per-language table and the worst confusions."""
    lines = [
        f"# NLU evaluation on held-out examples (model {model})",
        "",
        "| language | examples | intent accuracy | macro-F1 | report_danger recall "
        "| report_danger precision |",
        "|---|---|---|---|---|---|",
    ]
    for s in results.values():
        lines.append(
            f"| {s.language} | {s.total} | {s.accuracy:.3f} | {s.macro_f1:.3f} | "
            f"{s.danger_recall:.3f} | {s.danger_precision:.3f} |"
        )
    lines += ["", "## Worst confusions (expected → predicted: count)", ""]
    for s in results.values():
        worst = "; ".join(f"{g} → {p}: {n}" for g, p, n in s.confusions) or "none"
        lines.append(f"- **{s.language}**: {worst}")
    return "\n".join(lines) + "\n"


def confusion_png(results: dict[str, Scores], path: Path) -> Path:
    """One confusion matrix per language, side by side, as a PNG picture."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    languages = list(results.values())
    figure, axes = plt.subplots(1, len(languages), figsize=(9 * len(languages), 9), squeeze=False)
    for axis, scores in zip(axes[0], languages, strict=True):
        axis.imshow(scores.matrix, cmap="Blues", aspect="auto")
        axis.set_title(f"{scores.language}: macro-F1 {scores.macro_f1:.3f}")
        axis.set_xticks(range(len(scores.labels)), scores.labels, rotation=90, fontsize=6)
        axis.set_yticks(range(len(scores.matrix)), scores.labels[: len(scores.matrix)], fontsize=6)
        axis.set_xlabel("predicted")
        axis.set_ylabel("expected")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path
