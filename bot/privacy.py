"""Pseudonymous sender ids: Rasa, logs and the database never see a raw channel user id."""

from __future__ import annotations

import hashlib
import hmac


def pseudonymise(channel: str, user_id: str | int, *, secret: bytes) -> str:
    """Return the stable pseudonym of a channel user: an HMAC-SHA256 keyed with ``secret``.

    The channel name is part of the message so the same number on two channels gives two
    pseudonyms. The result is 32 hex characters, safe for URLs, logs and database keys.
    """
    if not secret:
        raise ValueError("the pseudonymisation secret is empty")
    message = f"{channel}:{user_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]
