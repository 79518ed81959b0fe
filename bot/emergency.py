"""Emergency numbers per country, from rules/emergency.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.errors import ContentError
from bot.settings import ROOT

EMERGENCY_FILE = ROOT / "rules" / "emergency.yml"


def load_numbers(path: Path = EMERGENCY_FILE) -> dict[str, str]:
    """Country code → emergency number; validated so a typo cannot reach a person in danger."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    numbers = data.get("numbers")
    if not isinstance(numbers, dict):
        raise ContentError(path, None, "`numbers:` must map country codes to numbers")
    lines = {
        m.group(1): i
        for i, line in enumerate(path.read_text().splitlines(), 1)
        if (m := re.match(r"\s*([A-Za-z]+):", line))
    }
    for code, number in numbers.items():
        if not re.fullmatch(r"[A-Z]{2}", str(code)):
            raise ContentError(path, lines.get(str(code)), f"`{code}` is not a 2-letter ISO code")
        if not re.fullmatch(r"[0-9]{2,6}", str(number)):
            raise ContentError(
                path, lines.get(str(code)), f'{code}: "{number}" must be digits, in quotes'
            )
    return {str(k): str(v) for k, v in numbers.items()}


@lru_cache(maxsize=1)
def numbers() -> dict[str, str]:
    """The emergency numbers of this process, read once."""
    return load_numbers()


def emergency_number(country: str | None) -> str | None:
    """The emergency number of ``country`` (ISO code), or None when unknown."""
    return numbers().get(country.upper()) if country else None


@dataclass(frozen=True)
class Say:
    """A response to send by name, with its placeholder values."""

    response: str
    arguments: dict[str, str] = field(default_factory=dict)


def emergency_response(country: str | None) -> Say:
    """The local emergency number, or the general advice when the country is unknown."""
    number = emergency_number(country)
    if number:
        return Say("utter_emergency", {"emergency_number": number})
    return Say("utter_emergency_no_country")


def hotline_response(hotline_phone: str | None) -> Say:
    """How to reach a person at the hotline, or an honest word that it cannot be reached here."""
    if hotline_phone:
        return Say("utter_hotline_phone", {"hotline_phone": hotline_phone})
    return Say("utter_hotline_unreachable")
