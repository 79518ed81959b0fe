"""The terminal chat against a fake Rasa (httpx mock transport)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator

import httpx

from bot.console import chat
from bot.rasa.client import RasaClient
from bot.settings import get_settings


def _inputs(*lines: str) -> Iterator[str]:
    yield from lines


async def _run(*lines: str, handler: httpx.MockTransport) -> list[str]:
    typed = _inputs(*lines)
    shown: list[str] = []

    def read(_prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    client = RasaClient("http://rasa.test", timeout=1, transport=handler)
    await chat(
        get_settings(), language=None, fresh=False, read=read, write=shown.append, client=client
    )
    return shown


async def test_buttons_are_numbered_and_a_number_sends_the_payload() -> None:
    sent: list[dict] = []  # type: ignore[type-arg]

    def rasa(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(
            200,
            json=[
                {
                    "recipient_id": "x",
                    "text": "Hello!",
                    "buttons": [
                        {"title": "Work and pay", "payload": "/ask_labour_rights"},
                        {"title": "Talk to a person", "payload": "/request_human"},
                    ],
                }
            ],
        )

    shown = await _run("hi", "2", handler=httpx.MockTransport(rasa))
    assert "   [2] Talk to a person" in shown[1]
    assert [m["message"] for m in sent] == ["hi", "/request_human"]
    assert sent[0]["metadata"]["channel"] == "console"
    assert getpass.getuser() not in sent[0]["sender"]
    assert len(sent[0]["sender"]) == 32


async def test_empty_input_is_answered_locally_and_long_input_cut() -> None:
    sent: list[str] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=[{"text": "ok"}])

    shown = await _run("   ", "\x00\x01", "y" * 5000, handler=httpx.MockTransport(rasa))
    assert shown[1].startswith("🤖 Please type your question")
    assert shown[2].startswith("🤖 Please type your question")
    assert len(sent) == 1
    assert len(sent[0]) == 1000


async def test_rasa_down_gets_a_translated_apology() -> None:
    def rasa(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    shown = await _run("hi", handler=httpx.MockTransport(rasa))
    assert shown[1].startswith("🤖 Rightsline is not available right now")
