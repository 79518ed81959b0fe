"""Clean what a person typed before it reaches Rasa."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_user_text(text: str, *, max_chars: int) -> str:
    """Normalise a message: NFC, control and direction characters removed, spaces collapsed.

    Returns the empty string when nothing is left; the caller answers that with a hint
    instead of sending it to Rasa. Long messages are cut at a word boundary to ``max_chars``.
    """
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > max_chars:
        cut = text[:max_chars]
        space = cut.rfind(" ")
        text = cut[:space] if space > max_chars // 2 else cut
    return text
