"""The ``rightsline`` command: run, chat, train, the action server, database and catalogs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from bot.content.commands import content_app
from bot.directory.commands import directory_app
from bot.settings import ROOT, get_settings

app = typer.Typer(help="Rightsline: migrants' rights assistant.", no_args_is_help=True)
db_app = typer.Typer(help="App database.", no_args_is_help=True)
i18n_app = typer.Typer(help="Translation catalogs (locales/).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(i18n_app, name="i18n")
app.add_typer(directory_app, name="directory")
app.add_typer(content_app, name="content")


def _logging() -> None:
    logging.basicConfig(
        level=get_settings().log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for chatty in ("httpx", "alembic"):  # one line per request or migration step
        logging.getLogger(chatty).setLevel(logging.WARNING)


@app.command()
def run(
    chat: Annotated[bool, typer.Option(help="Open the terminal chat once the stack is up.")] = True,
) -> None:
    """Set up the database, train if needed, start Rasa and the action server, then chat."""
    from bot.console import main_loop
    from bot.directory.commands import load_sample_directory_if_empty
    from bot.rasa.stack import Stack, train
    from bot.storage.migrate import upgrade

    _logging()
    settings = get_settings()
    if settings.telegram_bot_token is not None:
        typer.echo(
            "TELEGRAM_BOT_TOKEN is set, but the Telegram connector is not part of this version "
            "yet. Unset it to use the terminal chat.",
            err=True,
        )
        raise typer.Exit(2)
    upgrade(settings.resolved_database_url())
    load_sample_directory_if_empty(echo=typer.echo)
    train()
    log_file = settings.var_dir / "log" / "stack.log"
    typer.echo(f"Starting Rasa and the action server; their logs go to {log_file}")
    stack = Stack(settings, log_file=log_file)
    stack.start()
    typer.echo(f"Rasa: {settings.rasa_url}  actions + NLG: {settings.action_server_url}")
    try:
        if chat:
            main_loop(settings, language=None, fresh=False)
        else:
            typer.echo("Running. Press Ctrl-C to stop.")
            if stack.process is not None:
                stack.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        typer.echo("Stopping…")
        stack.stop()


@app.command("chat")
def chat_command(
    lang: Annotated[str | None, typer.Option("--lang", help="Answer in this language.")] = None,
    fresh: Annotated[bool, typer.Option(help="Start as a new person (new pseudonym).")] = False,
) -> None:
    """Chat in the terminal with a running stack (started by `rightsline run`)."""
    from bot.console import main_loop

    main_loop(get_settings(), language=lang, fresh=fresh)


@app.command("train")
def train_command() -> None:
    """Train the Rasa model; skipped when the training data did not change."""
    from bot.rasa.stack import train

    _logging()
    if not train():
        typer.echo("The model is up to date with the training data: training skipped.")


@app.command()
def actions(
    port: Annotated[int | None, typer.Option(help="Port (default ACTION_SERVER_PORT).")] = None,
) -> None:
    """Serve the rasa-sdk actions and the NLG endpoint."""
    from actions.server import serve

    _logging()
    serve(host="127.0.0.1", port=port or get_settings().action_server_port)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply the Alembic migrations to DATABASE_URL."""
    from bot.storage.migrate import upgrade

    upgrade(get_settings().resolved_database_url(), revision)
    typer.echo("database is up to date")


@i18n_app.command("extract")
def i18n_extract() -> None:
    """Write locales/messages.pot from the texts in rules/."""
    from bot.i18n.workflow import TEMPLATE, write_template

    template = write_template()
    typer.echo(f"{TEMPLATE}: {len(template)} messages")


@i18n_app.command("update")
def i18n_update() -> None:
    """Extract, then merge the template into every language's catalog."""
    from bot.i18n.locales import registry
    from bot.i18n.workflow import update_catalogs, write_template

    write_template()
    for path in update_catalogs(registry()):
        typer.echo(f"updated {path}")


@i18n_app.command("check")
def i18n_check() -> None:
    """Fail on a stale template or a missing, fuzzy or mismatched translation."""
    from bot.i18n.locales import registry
    from bot.i18n.workflow import check_catalogs

    problems = check_catalogs(registry())
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("catalogs are complete and up to date")


def main() -> None:
    """Entry point of the ``rightsline`` script."""
    app(prog_name="rightsline")


if __name__ == "__main__":
    main()


eval_app = typer.Typer(help="Measure the assistant.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("nlu")
def eval_nlu(
    config: Annotated[
        Path | None,
        typer.Option(help="Train an NLU-only model with this pipeline and evaluate it instead."),
    ] = None,
    check: Annotated[
        bool, typer.Option(help="Exit 1 below the floors of data/eval/floors.yml.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Folder for the report and the picture (default var/eval).")
    ] = None,
) -> None:
    """Per-language intent accuracy, macro-F1 and report_danger recall on held-out examples."""
    import time

    from bot.rasa.evaluate import (
        below_floors,
        confusion_png,
        evaluate,
        load_examples,
        load_floors,
        markdown,
    )
    from bot.rasa.stack import train, train_nlu

    _logging()
    out = out or get_settings().var_dir / "eval"
    if config is None:
        train()
        model = max((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    else:
        started = time.monotonic()
        model = train_nlu(config=config, out=out / "models" / config.stem)
        typer.echo(f"{config}: NLU trained in {time.monotonic() - started:.0f} s")
    results = evaluate(model, load_examples(), log_file=out / "rasa.log")
    report = markdown(results, model=model.name)
    typer.echo(report)
    name = config.stem if config else "nlu"
    (out / f"{name}.md").write_text(report, encoding="utf-8")
    picture = confusion_png(results, out / f"{name}-confusion.png")
    typer.echo(f"written: {out / f'{name}.md'}, {picture}")
    if check:
        problems = below_floors(results, load_floors())
        for problem in problems:
            typer.echo(problem, err=True)
        if problems:
            raise typer.Exit(1)
