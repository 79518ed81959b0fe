"""The person's profile: language and country, keyed by pseudonym (plain functions)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.storage.models import Profile


@dataclass(frozen=True)
class ProfileView:
    """What a profile holds, detached from the session."""

    pseudonym: str
    language: str
    country: str | None


def save_profile(
    session: Session, *, pseudonym: str, language: str, country: str | None = None
) -> ProfileView:
    """Create or update the profile; ``country=None`` keeps the stored country."""
    profile = session.get(Profile, pseudonym)
    if profile is None:
        profile = Profile(pseudonym=pseudonym, language=language, country=country)
        session.add(profile)
    else:
        profile.language = language
        if country is not None:
            profile.country = country
    session.flush()
    return ProfileView(profile.pseudonym, profile.language, profile.country)


def get_profile(session: Session, *, pseudonym: str) -> ProfileView | None:
    """The stored profile, if any."""
    profile = session.get(Profile, pseudonym)
    if profile is None:
        return None
    return ProfileView(profile.pseudonym, profile.language, profile.country)


def forget_profile(session: Session, *, pseudonym: str) -> int:
    """Delete the profile; return how many rows went."""
    result = session.execute(delete(Profile).where(Profile.pseudonym == pseudonym))
    return int(getattr(result, "rowcount", 0) or 0)
