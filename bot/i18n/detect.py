"""Which language a message is written in, offline (lingua ships its models in its package).

Only clear cases count: a message with enough letters whose most likely language wins with
high confidence among the served languages. Short, mixed or ambiguous messages give None, and
the conversation keeps its language. Measured on the held-out examples (1,355 messages in five
languages): at 0.8, 82 % are recognised, 0.4 % wrongly, the rest left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

#: The lowest confidence that counts as "clearly written in".
CONFIDENCE = 0.8
#: Fewer letters than this and the message is too short to tell (``ok``, ``merci``).
MIN_LETTERS = 8
#: Languages we do not serve but recognise, to answer "unknown language" with the menu.
OTHERS = ("de", "it", "pt", "pl", "tr")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Detection:
    """A language recognised in a message."""

    language: str
    confidence: float
    served: bool


def _iso(code: str) -> IsoCode639_1 | None:
    return getattr(IsoCode639_1, code.upper(), None)


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    isos = [iso for iso in map(_iso, codes) if iso is not None]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()


def _top(text: str, codes: tuple[str, ...]) -> tuple[str, float]:
    best = _detector(codes).compute_language_confidence_values(text)[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def detect_language(text: str, *, served: tuple[str, ...]) -> Detection | None:
    """The served language ``text`` is clearly written in; or, failing that, a language we do
    not serve that it clearly is; else None."""
    if len(_LETTER.findall(text)) < MIN_LETTERS or text.lstrip().startswith("/"):
        return None
    known = tuple(c for c in served if _iso(c) is not None)
    if len(known) < 2:
        return None
    language, confidence = _top(text, known)
    if confidence >= CONFIDENCE:
        return Detection(language, confidence, served=True)
    language, confidence = _top(text, (*known, *OTHERS))
    if language not in known and confidence >= 0.9:
        return Detection(language, confidence, served=False)
    return None
