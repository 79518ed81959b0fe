"""One process for rasa-sdk's action endpoint (/webhook) and our NLG endpoint (/nlg)."""

from __future__ import annotations

from sanic import Sanic

from actions.nlg import nlg


def create_app() -> Sanic:
    """The rasa-sdk Sanic app with every action of ``actions`` registered, plus /nlg."""
    from rasa_sdk.endpoint import create_app as create_sdk_app

    app: Sanic = create_sdk_app("actions")
    app.add_route(nlg, "/nlg", methods=["POST"])
    return app


def serve(*, host: str, port: int) -> None:
    """Serve until stopped (one worker: the machine has two cores and Rasa needs one)."""
    create_app().run(host=host, port=port, workers=1, access_log=False)
