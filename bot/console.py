"""The terminal chat: the same path to Rasa as Telegram, with buttons as numbered choices."""

from __future__ import annotations

import asyncio
import getpass
import os
import sys
import uuid
from collections.abc import Callable

from bot.errors import RasaUnavailable
from bot.i18n.locales import registry
from bot.i18n.render import Button, renderer
from bot.privacy import pseudonymise
from bot.rasa.client import BotReply, Metadata, RasaClient
from bot.settings import Settings
from bot.text import clean_user_text

CHANNEL = "console"
EXIT_WORDS = frozenset({"/quit", "/exit"})


def format_replies(replies: list[BotReply]) -> tuple[str, list[Button]]:
    """Text to print, and the buttons in the order of their numbers."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        lines.append(f"🤖 {reply.text}")
        for button in reply.buttons:
            buttons.append(button)
            lines.append(f"   [{len(buttons)}] {button.title}")
    return "\n".join(lines), buttons


def choose(text: str, buttons: list[Button]) -> str:
    """A number that matches a button sends its payload; anything else is sent as typed."""
    if text.isdigit() and 1 <= int(text) <= len(buttons):
        return buttons[int(text) - 1].payload
    return text


async def chat(
    settings: Settings,
    *,
    language: str | None,
    fresh: bool,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    client: RasaClient | None = None,
) -> None:
    """Hold a conversation until end of input or /quit."""
    user = uuid.uuid4().hex if fresh else getpass.getuser()
    sender = pseudonymise(CHANNEL, user, secret=settings.secret())
    client_language = _terminal_language()
    metadata = Metadata(channel=CHANNEL, language=language, client_language=client_language)
    client = client or RasaClient(settings.rasa_url, timeout=settings.rasa_timeout_seconds)
    current = registry().negotiate(language, client_language)
    buttons: list[Button] = []
    write(renderer().render("utter_console_intro", language=current).text)
    try:
        while True:
            try:
                # Blocking on purpose: nothing else runs meanwhile, and Ctrl-C must reach the
                # main thread at once (a worker thread stuck in input() would hang shutdown).
                typed = read("you> ")
            except EOFError:
                break
            if typed.strip() in EXIT_WORDS:
                break
            text = clean_user_text(
                choose(typed.strip(), buttons), max_chars=settings.max_message_chars
            )
            if not text:
                write(f"🤖 {renderer().render('utter_empty_message', language=current).text}")
                continue
            try:
                replies = await client.send(sender=sender, text=text, metadata=metadata)
            except RasaUnavailable:
                write(f"🤖 {renderer().render('utter_unavailable', language=current).text}")
                continue
            shown, buttons = format_replies(replies)
            write(shown)
    finally:
        await client.aclose()


def _terminal_language() -> str | None:
    """The terminal's language (like a Telegram client's language_code), from LANG."""
    value = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    code = value.split(".")[0]
    return None if code in ("", "C", "POSIX") else code


def main_loop(settings: Settings, *, language: str | None, fresh: bool) -> None:
    """Run :func:`chat` until the person leaves (Ctrl-C included)."""
    try:
        asyncio.run(chat(settings, language=language, fresh=fresh))
    except KeyboardInterrupt:
        sys.stdout.write("\n")
