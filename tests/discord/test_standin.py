"""The stand-in is only worth its passes if it fails what Discord would fail: a bare discord.py bot that breaks
each rule, and what the stand-in makes of it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import discord
import pytest
from discord import app_commands

from tests.discord.standin import StandIn, load_spec
from tests.discord.standin.strict import errors_object

Handler = Callable[[discord.Interaction[Any]], Coroutine[Any, Any, None]]


class RuleBreaker(discord.Client):
    def __init__(self, handler: Handler, **options: Any) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05, **options)
        self.tree = app_commands.CommandTree(self)
        self.outcome: asyncio.Future[BaseException | None] = asyncio.get_running_loop().create_future()

        @self.tree.command(name="probe", description="Break a rule")
        async def probe(interaction: discord.Interaction[Any]) -> None:
            try:
                await handler(interaction)
            except BaseException as error:
                self.outcome.set_result(error)
            else:
                self.outcome.set_result(None)


@pytest.fixture
async def run_probe(standin: StandIn) -> AsyncIterator[Callable[[Handler], Coroutine[Any, Any, BaseException | None]]]:
    clients: list[tuple[RuleBreaker, asyncio.Task[None]]] = []

    async def go(handler: Handler) -> BaseException | None:
        client = RuleBreaker(handler)
        task = asyncio.create_task(client.start(standin.token))
        await asyncio.wait_for(client.wait_until_ready(), 10)
        await client.tree.sync()
        clients.append((client, task))
        await standin.slash("probe", guild=False, timeout=5)
        return await asyncio.wait_for(client.outcome, 10)

    yield go
    for client, task in clients:
        await client.close()
        await task


async def test_late_first_response_is_unknown_interaction(standin: StandIn, run_probe: Any) -> None:
    standin.deadline = 0.2

    async def late(interaction: discord.Interaction[Any]) -> None:
        await asyncio.sleep(0.4)
        await interaction.response.send_message("too late", allowed_mentions=discord.AllowedMentions.none())

    error = await run_probe(late)
    assert isinstance(error, discord.NotFound) and error.code == 10062
    assert any("answered late" in v for v in standin.violations)
    standin.violations.clear()


async def test_second_response_is_refused(standin: StandIn, run_probe: Any) -> None:
    async def twice(interaction: discord.Interaction[Any]) -> None:
        none = discord.AllowedMentions.none()
        await interaction.response.send_message("one", allowed_mentions=none)
        await interaction.client.http.request(  # bypass discord.py's own guard, as a buggy bot might
            discord.http.Route(
                "POST",
                "/interactions/{i}/{t}/callback",
                i=interaction.id,
                t=interaction.token,
            ),
            json={"type": 4, "data": {"content": "two", "allowed_mentions": {"parse": []}}},
        )

    error = await run_probe(twice)
    assert isinstance(error, discord.HTTPException) and error.code == 40060
    standin.violations.clear()


async def test_oversized_embed_is_rejected_by_the_schema(standin: StandIn, run_probe: Any) -> None:
    async def too_big(interaction: discord.Interaction[Any]) -> None:
        none = discord.AllowedMentions.none()
        await interaction.response.send_message(embed=discord.Embed(title="x" * 300), allowed_mentions=none)

    error = await run_probe(too_big)
    assert isinstance(error, discord.HTTPException) and error.code == 50035
    assert any("schema" in v and "title" in v for v in standin.violations)
    standin.violations.clear()


async def test_message_that_could_ping_is_rejected(standin: StandIn, run_probe: Any) -> None:
    async def pinging(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("@everyone look")  # no allowed_mentions: Discord would ping

    error = await run_probe(pinging)
    assert isinstance(error, discord.HTTPException) and error.code == 50035
    assert any("may ping" in v for v in standin.violations)
    standin.violations.clear()


async def test_unsynced_command_cannot_be_invoked(standin: StandIn) -> None:
    with pytest.raises(AssertionError, match="not synced"):
        await standin.slash("ask")


async def test_guild_messages_arrive_without_text_unless_the_intent_was_requested(standin: StandIn) -> None:
    received: list[str] = []

    class Listener(discord.Client):
        async def on_message(self, message: discord.Message) -> None:
            received.append(message.content)

    client = Listener(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(standin.token))
    await asyncio.wait_for(client.wait_until_ready(), 10)
    await standin.say("hello there", wait=0.2)
    await standin.say("hello in a dm", guild=False, wait=0.2)
    await client.close()
    await task
    assert received == ["", "hello in a dm"]


def test_schema_check_knows_routes_and_bodies() -> None:
    spec = load_spec()
    assert spec.check("POST", "/channels/1/messages", {"content": "hi"}) == []
    assert spec.check("POST", "/channels/1/messages", {"embeds": [{"title": "x" * 257}]})
    assert spec.check("POST", "/nowhere", None) == ["POST /nowhere: not a route in Discord's API"]
    assert (
        spec.template("/webhooks/1/abc/messages/@original")
        == "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    )


async def test_strict_schema_refuses_a_misspelt_key_and_names_it(standin: StandIn, run_probe: Any) -> None:
    async def misspelt(interaction: discord.Interaction[Any]) -> None:
        await interaction.client.http.request(  # a raw body, as a bot building its own payloads might
            discord.http.Route("POST", "/interactions/{i}/{t}/callback", i=interaction.id, t=interaction.token),
            json={"type": 4, "data": {"content": "hi", "allowed_mention": {"parse": []}}},  # Discord ignores it
        )

    error = await run_probe(misspelt)
    assert isinstance(error, discord.HTTPException) and error.code == 50035
    assert "In data.allowed_mention: 'allowed_mention' is not a field Discord knows here" in str(error)
    assert any("data.allowed_mention" in v and "rule unknownKey" in v for v in standin.violations)
    standin.violations.clear()


async def test_strict_schema_errors_name_the_json_path_and_rule_like_discord(standin: StandIn, run_probe: Any) -> None:
    async def too_big(interaction: discord.Interaction[Any]) -> None:
        none = discord.AllowedMentions.none()
        await interaction.response.send_message(embed=discord.Embed(title="x" * 300), allowed_mentions=none)

    error = await run_probe(too_big)
    assert isinstance(error, discord.HTTPException) and error.code == 50035
    assert "In data.embeds.0.title:" in str(error)  # discord.py flattens Discord's nested errors object
    assert any("data.embeds.0.title" in v and "rule maxLength" in v for v in standin.violations)
    standin.violations.clear()


def test_strict_errors_object_has_discords_shape() -> None:
    spec = load_spec()
    errors = spec.errors("POST", "/channels/1/messages", {"embeds": [{"title": "x" * 257}], "contnet": "typo"})
    assert errors_object(errors) == {
        "embeds": {"0": {"title": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": errors[0].message}]}}}
    }  # rules first; unknown keys once the body is otherwise valid
    unknown = spec.errors("POST", "/channels/1/messages", {"content": "hi", "contnet": "typo"})
    assert [(e.path, e.rule) for e in unknown] == [(("contnet",), "unknownKey")]
    assert spec.errors("POST", "/channels/1/messages", {"content": "hi", "allowed_mentions": {"parse": []}}) == []


# --- shards -------------------------------------------------------------------------------------------------------


async def _no_wait(shard_id: int | None, *, initial: bool = False) -> None:
    pass  # discord.py waits 5 s between shards (Discord's identify rate): not on loopback


async def test_shards_as_discord_runs_them(standin: StandIn) -> None:
    """/gateway/bot recommends the shard count; each IDENTIFY names its shard; each guild arrives on its shard."""
    standin.shard_count = 3
    guilds = {shard: standin.add_guild(shard=shard) for shard in range(3)}
    client = discord.AutoShardedClient(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    client.before_identify_hook = _no_wait  # type: ignore[method-assign]
    task = asyncio.create_task(client.start(standin.token))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 10)
        assert client.shard_count == 3
        assert sorted(i["shard"] for i in standin.identified) == [[0, 3], [1, 3], [2, 3]]
        for shard, guild_id in guilds.items():
            guild = client.get_guild(int(guild_id))
            assert guild is not None and guild.shard_id == shard
        main = client.get_guild(int(standin.guild_id))
        assert main is not None and main.shard_id == (int(standin.guild_id) >> 22) % 3
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)


async def test_a_shard_id_beyond_the_count_is_refused(standin: StandIn) -> None:
    client = discord.AutoShardedClient(intents=discord.Intents.default(), shard_count=2, shard_ids=[2])
    with pytest.raises(discord.ConnectionClosed) as closed:
        await asyncio.wait_for(client.start(standin.token), 10)
    await client.close()
    assert closed.value.code == 4010 and standin.close_code == 4010
