"""Rasa's REST channel, as the chat and the Telegram connector use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.errors import RasaUnavailable
from bot.i18n.render import Button


@dataclass(frozen=True)
class BotReply:
    """One message from the assistant."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Metadata:
    """What a channel tells Rasa about the person, besides the pseudonym. No personal data."""

    channel: str
    language: str | None = None  # explicit choice (command option, deep link, menu)
    client_language: str | None = None  # the client's language setting (Telegram language_code)
    country: str | None = None

    def as_dict(self) -> dict[str, str]:
        """Only the fields that are set."""
        return {k: v for k, v in self.__dict__.items() if v}


def parse_replies(payload: Any) -> list[BotReply]:
    """Turn the REST channel's JSON list into replies; unknown parts are ignored."""
    replies = []
    for item in payload if isinstance(payload, list) else []:
        if not isinstance(item, dict) or not item.get("text"):
            continue
        buttons = tuple(
            Button(str(b.get("title", "")), str(b.get("payload", "")))
            for b in item.get("buttons") or []
            if isinstance(b, dict)
        )
        replies.append(BotReply(text=str(item["text"]), buttons=buttons))
    return replies


class RasaClient:
    """Sends a person's message to Rasa's REST channel and returns the replies."""

    def __init__(
        self, base_url: str, *, timeout: float, transport: httpx.AsyncBaseTransport | None = None
    ):
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def send(self, *, sender: str, text: str, metadata: Metadata) -> list[BotReply]:
        """POST /webhooks/rest/webhook; raise :class:`RasaUnavailable` on any failure."""
        body = {"sender": sender, "message": text, "metadata": metadata.as_dict()}
        try:
            response = await self._client.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            return parse_replies(response.json())
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(f"Rasa did not answer: {type(exc).__name__}") from exc

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
