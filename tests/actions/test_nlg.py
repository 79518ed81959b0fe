"""The NLG endpoint contract, in-process and through the Sanic app."""

from __future__ import annotations

import json
from typing import Any

from sanic import Sanic

from actions.nlg import nlg, render_nlg_request
from actions.server import create_app


def body(response: str, *, slots: dict[str, Any] | None = None, **arguments: Any) -> dict[str, Any]:
    return {
        "response": response,
        "arguments": arguments,
        "tracker": {"sender_id": "x", "slots": {"language": "en", **(slots or {})}, "events": []},
        "channel": {"name": "rest"},
    }


def test_slots_fill_placeholders_and_arguments_override_them() -> None:
    rendered = render_nlg_request(
        body("utter_location_saved", slots={"country": "ES"}, country="FR")
    )
    assert rendered["text"] == "Thank you. I will give you information for France."


def test_in_language_argument_is_not_a_placeholder() -> None:
    rendered = render_nlg_request(body("utter_language_changed", language="en", in_language="en"))
    assert rendered["text"] == "OK, I will answer in English."


class _Request:
    """What the handler reads of a Sanic request."""

    def __init__(self, payload: Any) -> None:
        self.payload = payload

    @property
    def json(self) -> Any:
        if isinstance(self.payload, str):
            raise ValueError("invalid JSON")
        return self.payload


async def test_the_handler_answers_and_never_fails_silently() -> None:
    ok = await nlg(_Request(body("utter_goodbye")))  # type: ignore[arg-type]
    assert ok.status == 200
    assert json.loads(ok.body)["text"].startswith("Goodbye")
    broken = await nlg(_Request("not json"))  # type: ignore[arg-type]
    assert broken.status == 200
    assert json.loads(broken.body)["text"].startswith("Sorry, something went wrong")


def test_one_app_serves_actions_and_nlg() -> None:
    Sanic.test_mode = True
    app = create_app()
    paths = {route.path for route in app.router.routes}
    assert {"webhook", "nlg", "health", "actions"} <= paths
