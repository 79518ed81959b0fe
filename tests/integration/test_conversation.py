"""The real stack: Rasa server + action server under honcho, a conversation over REST.

Boots the processes exactly as `rightsline run` does (trained model from `make train`),
once with SQLite stores and once with PostgreSQL stores and a Redis lock store.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from bot.directory.commands import SAMPLE_DIRECTORY
from bot.directory.hsds import import_folder
from bot.i18n.render import renderer
from bot.rasa.client import BotReply, Metadata, RasaClient
from bot.rasa.stack import Stack
from bot.settings import ROOT, Settings
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from tests.conftest import postgres_schema_url

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _require_redis() -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.fail(
            "Redis is not reachable on 127.0.0.1:6379. Start it with: redis-server --daemonize "
            'yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'
        )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` (make test does it first)")
    var = tmp_path_factory.mktemp("stack") / "var"
    rasa_port, action_port = _free_port(), _free_port()
    urls: dict[str, str] = {}
    schemas = None
    if request.param == "postgresql":
        # the production shape: PostgreSQL stores and Rasa's Redis lock store
        _require_redis()
        schemas = postgres_schema_url()
        url = next(schemas)
        urls = {
            "database_url": url,
            "tracker_store_url": url.replace("+psycopg", ""),
            "redis_url": "redis://127.0.0.1:6379/0",
        }
    settings = Settings(
        var_dir=var,
        rasa_port=rasa_port,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        action_server_port=action_port,
        rightsline_secret="integration-secret",  # type: ignore[arg-type]
        **urls,
    )
    upgrade(settings.resolved_database_url())
    engine = make_engine(settings.resolved_database_url())
    with Session(engine) as session, session.begin():
        assert import_folder(session, SAMPLE_DIRECTORY).ok
    engine.dispose()
    log = var / "log" / "stack.log"
    running = Stack(settings, log_file=log)
    try:
        running.start(timeout=240)
    except BaseException:
        print(log.read_text()[-5000:] if log.exists() else "no log")
        raise
    yield settings
    running.stop()
    if schemas is not None:
        schemas.close()


async def say(settings: Settings, sender: str, text: str) -> list[BotReply]:
    client = RasaClient(settings.rasa_url, timeout=30)
    try:
        return await client.send(sender=sender, text=text, metadata=Metadata(channel="test"))
    finally:
        await client.aclose()


async def test_a_multi_turn_conversation(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    greeting = await say(stack, sender, "hi")
    assert greeting[0].text.startswith("Hello! I am Rightsline")
    assert "Talk to a person" in [b.title for b in greeting[0].buttons]

    wages = await say(stack, sender, "my boss hasn't paid me for two months")
    assert "right to be paid" in wages[0].text
    assert wages[0].buttons, "a rights answer always ends with a next step"

    danger = await say(stack, sender, "I'm in danger")
    assert danger[0].text.startswith("🚨")
    assert any("hotline" in r.text for r in danger)

    mashed = await say(stack, uuid.uuid4().hex, "asdfgh")  # keyboard mashing
    out_of_scope = renderer().render("utter_out_of_scope", language="en").text
    assert mashed[0].text.startswith(("Sorry, I did not understand", out_of_scope))
    # two messages in a row that nothing matched (what the classifier reports as nlu_fallback)
    first_miss = await say(stack, sender, "/nlu_fallback")
    assert first_miss[0].text.startswith("Sorry, I did not understand")
    assert first_miss[0].buttons
    second_miss = await say(stack, sender, "/nlu_fallback")
    assert second_miss[0].text.startswith("I still did not understand")
    assert "/request_human" in [b.payload for b in second_miss[0].buttons]


async def test_danger_in_the_middle_of_the_service_form(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    asked = await say(stack, sender, "I need a lawyer")
    assert asked[0].text.startswith("Where are you now?")
    danger = await say(stack, sender, "help me he is hitting me right now")
    assert danger[0].text.startswith("🚨")


async def test_a_free_lawyer_in_warsaw(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    asked = await say(stack, sender, "I need a free lawyer")
    assert asked[0].text.startswith("Where are you now?")
    cards = await say(stack, sender, "Warsaw")
    assert cards[0].text.startswith("Here is legal help near you")
    service_cards = [r for r in cards if "📍" in r.text]
    assert service_cards
    assert all("Warsaw" in card.text and "📞 +48" in card.text for card in service_cards)
    assert any("🕒" in card.text for card in service_cards)
    assert "sample data" in cards[-2].text
    assert "/request_human" in [b.payload for b in cards[-1].buttons]
    assert cards[-1].buttons[0].payload == "/show_more"  # Warsaw has more than three
    more = await say(stack, sender, "show more")
    more_cards = [r for r in more if "📍" in r.text]
    assert more_cards
    assert not {c.text for c in more_cards} & {c.text for c in service_cards}


async def test_an_unknown_town_widens_to_the_country(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    await say(stack, sender, '/find_service{"service_type": "shelter"}')
    widened = await say(stack, sender, "Gdansk, Poland")
    assert widened[0].text.startswith("I found nothing in Gdansk")
    assert "Poland" in widened[1].text


async def test_a_country_name_in_another_language(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    await say(stack, sender, "i need a place to sleep tonight")
    found = await say(stack, sender, "españa")
    assert found[0].text.startswith("Here is shelter near you")
    assert "Spain" in found[1].text


async def test_a_shared_location_answers_where(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    asked = await say(stack, sender, "I need a free lawyer")
    assert asked[0].text.startswith("Where are you now?")
    cards = await say(stack, sender, '/inform_location{"latitude": 52.24, "longitude": 21.02}')
    assert cards[0].text.startswith("Here is legal help near you")
    service_cards = [r for r in cards if "📍" in r.text]
    assert service_cards
    assert all(" km" in card.text for card in service_cards)


async def test_a_shared_location_first_then_the_kind_of_help(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    what = await say(stack, sender, '/inform_location{"latitude": 33.89, "longitude": 35.50}')
    assert what[0].text.startswith("Thank you. I will look for help near the place you shared")
    health = next(b.payload for b in what[0].buttons if "health" in b.payload)
    cards = await say(stack, sender, health)
    assert cards[0].text.startswith("Here is health care near you")
    assert all(" km" in r.text for r in cards if "📍" in r.text)


LIVE_RULE = """\
# Written by tests/integration/test_conversation.py while it runs; removed afterwards.
items:
  labour_rights.zz_integration:
    jurisdiction: FR
    sources: ["ILO C95"]
    reviewed_by: integration test
    reviewed_on: 2026-11-01
    review_due: 2027-11-01
    text: A live change for {where}.
rules:
  - id: labour_rights.zz_integration
    when: {intent: ask_labour_rights, country: FR}
    then: {say: [SAY]}
"""


async def _wages_answer(settings: Settings, sender: str) -> str:
    replies = await say(settings, sender, "my boss hasn't paid me for two months")
    return "\n".join(r.text for r in replies)


async def test_a_content_change_is_live_without_restart(stack: Settings) -> None:
    import asyncio

    sender = uuid.uuid4().hex
    await say(stack, sender, "I am in France")
    assert "right to be paid" in await _wages_answer(stack, sender)
    path = ROOT / "rules" / "content" / f"zz_integration_{uuid.uuid4().hex[:8]}.yml"
    try:
        path.write_text(
            LIVE_RULE.replace("{where}", "France").replace("SAY", "labour_rights.zz_integration")
        )
        await asyncio.sleep(1.5)  # the action server checks the files at most once a second
        assert "A live change for France." in await _wages_answer(stack, sender)
        path.write_text(LIVE_RULE.replace("{where}", "nowhere").replace("SAY", "no_such_item"))
        await asyncio.sleep(1.5)
        # the broken change is refused: the last good answer stays
        assert "A live change for France." in await _wages_answer(stack, sender)
    finally:
        path.unlink(missing_ok=True)
    await asyncio.sleep(1.5)
    answer = await _wages_answer(stack, sender)
    assert "right to be paid" in answer
    assert "live change" not in answer
    log = (stack.var_dir / "log" / "stack.log").read_text()
    assert "change rejected" in log
    assert "no content item `no_such_item`" in log


async def test_content_preview_matches_the_chat(stack: Settings) -> None:
    from typer.testing import CliRunner

    from bot.cli import app
    from bot.console import format_replies

    sender = uuid.uuid4().hex
    await say(stack, sender, "I am in France")
    chat, _ = format_replies(await say(stack, sender, "they took my passport, can they do that?"))
    preview = CliRunner().invoke(
        app, ["content", "preview", "--intent", "ask_document_rights", "--country", "FR"]
    )
    assert preview.exit_code == 0, preview.output
    assert preview.output.split("\nwhy:")[0] == chat


#: The same conversation in every launch language: greeting, a labour-rights question, a
#: service search in Warsaw, danger, a person. Each answer must come in the question's language.
CONVERSATIONS = {
    "en": ("hello good morning to you", "my boss has not paid my salary for two months",
           "I need a free lawyer", "Warsaw", "help he is hitting me right now",
           "I want to talk to a real person"),
    "fr": ("bonjour à vous", "mon patron ne me paie pas mon salaire depuis deux mois",
           "je cherche un avocat gratuit", "Varsovie", "au secours il me frappe maintenant",
           "je veux parler à une vraie personne"),
    "es": ("hola buenos días", "mi jefe no me paga el sueldo desde hace dos meses",
           "busco un abogado gratuito", "Varsovia", "ayuda me está pegando ahora mismo",
           "quiero hablar con una persona de verdad"),
    "ar": ("مرحبا السلام عليكم", "صاحب الشغل ما دفعلي راتبي من شهرين",
           "بدي محامي ببلاش", "وارسو", "الحقوني عم يضربني هلق",
           "بدي احكي مع شخص حقيقي"),
    "uk": ("вітаю вас, добрий день", "роботодавець не платить мені зарплату вже два місяці",
           "шукаю безкоштовного юриста", "Варшава", "допоможіть він мене зараз б'є",
           "хочу поговорити з живою людиною"),
    "ru": ("здравствуйте добрый день", "работодатель не платит мне зарплату уже два месяца",
           "нужен бесплатный юрист", "Варшава", "помогите он меня сейчас бьет",
           "хочу поговорить с живым человеком"),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(CONVERSATIONS))
async def test_the_same_conversation_in_every_language(stack: Settings, language: str) -> None:
    from bot.i18n.render import renderer

    def expected(name: str, **arguments: object) -> str:
        return renderer().render(name, language=language, arguments=arguments).text

    greet, wages, lawyer, place, danger, human = CONVERSATIONS[language]
    sender = uuid.uuid4().hex
    assert (await say(stack, sender, greet))[0].text == expected("utter_greet")
    wages_answer = await say(stack, sender, wages)
    assert wages_answer[0].text != expected("utter_ask_rephrase"), wages
    assert wages_answer[0].text == _content_text("labour_rights.global", language)
    assert (await say(stack, sender, lawyer))[0].text == expected("utter_ask_country")
    cards = await say(stack, sender, place)
    assert cards[0].text == expected("utter_services_found", service_type="legal_aid")
    emergency = await say(stack, sender, danger)
    assert emergency[0].text == expected("utter_emergency", emergency_number="112")
    person = await say(stack, sender, human)
    assert person[-1].text == expected("utter_hotline_unreachable")


def _content_text(item_id: str, language: str) -> str:
    from bot.content.loader import load_content
    from bot.i18n.render import renderer

    item = load_content().items[item_id]
    return renderer().render_text(item_id, item.text, language=language).text


async def test_bad_input_gets_a_reply(stack: Settings) -> None:
    sender = uuid.uuid4().hex
    for text in ("🙏🙏🙏", "x" * 1000, "a b c d e f " * 80):
        replies = await say(stack, sender, text)
        assert replies
        assert replies[0].text
