"""Small tracker builders for action tests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def user_event(
    intent: str,
    *,
    text: str = "…",
    entities: list[dict[str, Any]] | None = None,
    ranking: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A ``user`` event as Rasa sends it to the action server."""
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
            "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        },
    }


def tracker(
    *,
    sender: str = "pseudonym-1",
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message is the last ``user`` event of ``events``."""
    events = events or []
    latest = next((e for e in reversed(events) if e["event"] == "user"), None)
    latest_message = (
        {**latest["parse_data"], "text": latest["text"]}
        if latest
        else {"intent": {}, "entities": []}
    )
    return Tracker(
        sender_id=sender,
        slots={
            "language": "en",
            "country": None,
            "city": None,
            "service_type": None,
            "handoff_active": False,
            "requested_slot": None,
            **(slots or {}),
        },
        latest_message=latest_message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )


def entity(name: str, value: str | float) -> dict[str, Any]:
    """An extracted entity (numbers come from button or connector payloads)."""
    return {"entity": name, "value": value, "start": 0, "end": len(str(value))}
