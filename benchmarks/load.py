"""Print how the bot holds up under load: simulated servers asking at a steady rate through the Discord stand-in,
on one bot process, with each storage back-end (a script, not a test: timings on a shared machine are noisy).

    python benchmarks/load.py                          # 10 servers x 20 asks/s for 30 s, SQLite then PostgreSQL
    python benchmarks/load.py --backend sqlite --seconds 5
    python benchmarks/load.py --shards 2               # the bot runs 2 shards (the servers split between them)

Every ask is a member's `/ask` in one of the servers, sent as INTERACTION_CREATE through the gateway to the real
bot (discord.py's own code) on schedule, without waiting for the bot, from a few members per server so the
per-member cooldown never applies. The stand-in runs in a process of its own (Discord's work is not on the bot's
machine) with its schema check off, and timing is on its side, as Discord would see it: "first response" is from
sending the interaction to receiving the bot's first response to it. Discord allows 3 s: "answered within 3 s"
counts the responses it would accept, "later" those it would refuse (the member sees "This interaction failed").
PostgreSQL is a throwaway server on 127.0.0.1 (tests/pgserver.py), removed afterwards. Everything is loopback and
bounded: a fixed number of asks, and at most a minute after the last for the bot to respond to every one. Then
the bot is closed (writing what it buffered) and the records are counted in the database itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
import yarl  # noqa: E402

from bot.app import build  # noqa: E402
from bot.core.storage import open_storage  # noqa: E402
from bot.discordbot.client import create_bot, sync_commands  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests import pgserver  # noqa: E402
from tests.discord.standin import InteractionState, StandIn  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
MEMBERS_PER_SERVER = 5
DRAIN = 60.0  # the longest the bot is given, after the last ask, to respond to every ask

# A mix like members': mostly questions the FAQ answers, some it declines (those also go to the queue).
QUESTIONS = [
    "why did iran attack pakistan?",
    "what did pakistan tell its airlines",
    "davos meeting",
    "who is jaish al-adl",
    "what is the irgc",
    "how did pakistan respond",
    "why did pakistan recall its ambassador?",
    "what happened in panjgur",
    "who won the world cup",
    "biryani recipe",
]


@dataclass
class Result:
    backend: str
    asks: int
    answered: int
    late: int
    latencies: list[float]
    records: tuple[int, int]  # asks, unanswered questions
    sending: float  # how long sending every ask took (the schedule says ``seconds``)
    cpu: float  # CPU seconds the bot's process used meanwhile (every thread: the loop, the database writer)

    def line(self) -> str:
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) * 1000 if lat else float("nan")
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
        return (
            f"{self.backend:<9} asks sent {self.asks}  answered within 3 s {self.answered}  later {self.late}  "
            f"first response p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  records written: {self.records[0]} asks + "
            f"{self.records[1]} unanswered  (sent at {self.asks / self.sending:.0f}/s; bot CPU "
            f"{self.cpu / max(1, self.records[0]) * 1000:.1f} ms per ask handled)"
        )


def standin_process(conn: Connection, servers: int, shards: int) -> None:
    """The stand-in in a process of its own (Discord is not on the bot's machine): it tells the parent its port and
    guilds, drives the load when told to, and sends back what it measured."""
    asyncio.run(_serve(conn, servers, shards))


async def _serve(conn: Connection, servers: int, shards: int) -> None:
    standin = StandIn(shard_count=shards)
    standin.check_schema = False  # the tests check every body; here it would only load the machine
    for _ in range(servers - 1):
        standin.add_guild()
    await standin.start()
    loop = asyncio.get_running_loop()
    conn.send((standin.port, standin.guild_ids))
    try:
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command[0] == "stop":
                return
            _, rate, seconds = command
            conn.send(await drive(standin, standin.guild_ids, rate, seconds))
    finally:
        await standin.close()


async def drive(
    standin: StandIn, guilds: list[str], rate: float, seconds: float
) -> tuple[int, int, int, list[float], float]:
    """Send ``rate`` asks per second per server for ``seconds``, evenly spaced, without waiting for the bot (as
    members don't); then wait, bounded, until each has had a first response."""
    members = {g: [StandIn.user(f"member-{g[-4:]}-{n}") for n in range(MEMBERS_PER_SERVER)] for g in guilds}
    total = int(rate * seconds) * len(guilds)
    interval = 1 / (rate * len(guilds))
    command = standin._command("ask", False)
    states: list[InteractionState] = []
    start = time.monotonic()
    for n in range(total):
        delay = start + n * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        guild = guilds[n % len(guilds)]
        user = members[guild][(n // len(guilds)) % MEMBERS_PER_SERVER]
        options = [{"name": "question", "type": 3, "value": QUESTIONS[n % len(QUESTIONS)]}]
        data = {"id": command["id"], "name": "ask", "type": 1, "options": options}
        payload = standin.interaction_payload(2, data, guild_id=guild, user=user)
        state = InteractionState(payload, time.monotonic())
        standin.interactions[payload["token"]] = state
        states.append(state)
        await standin.dispatch("INTERACTION_CREATE", payload)
    sending = time.monotonic() - start
    deadline = time.monotonic() + DRAIN
    while time.monotonic() < deadline and (
        any(s.answered_at is None for s in states) or any(m["flags"] & 128 for m in standin.messages.values())
    ):
        await asyncio.sleep(0.05)  # a backlog is worked off, and deferred answers filled in, before the bot closes
    latencies = [s.answered_at - s.created for s in states if s.answered_at is not None]
    in_time = sum(bool(s.responses) for s in states)  # Discord refuses a first response after 3 s
    return total, in_time, len(latencies) - in_time, latencies, sending


def count_records(settings: Settings) -> tuple[int, int]:
    """The asks and the unanswered questions in the database, counted there after the bot closed."""
    storage = open_storage(settings.data_dir, settings.database_url)
    try:
        return len(storage.rows("asks")), len(storage.rows("unanswered"))
    finally:
        storage.close()


async def run_bot(settings: Settings, conn: Connection, rate: float, seconds: float) -> Any:
    app = build(settings)
    bot = create_bot(settings, app.service, app.records, guild_ready_timeout=0.05)

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py waits 5 s between a process's shards (Discord's identify rate): not on loopback

    bot.before_identify_hook = no_wait  # type: ignore[method-assign]
    task = asyncio.create_task(bot.start(settings.token or ""))
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=120, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # raises what start() raised
        if ready not in done:
            ready.cancel()
            raise TimeoutError("the bot did not connect to the stand-in within 2 minutes")
        await sync_commands(bot.tree, None)
        conn.send(("drive", rate, seconds))
        loop = asyncio.get_running_loop()
        cpu = time.process_time()
        if not await loop.run_in_executor(None, conn.poll, seconds * 4 + 60):
            raise TimeoutError("the stand-in did not finish driving the load")
        return (*conn.recv(), time.process_time() - cpu)
    finally:
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 10)
        app.records.close()  # writes what is still buffered


@contextlib.contextmanager
def backend(name: str) -> Iterator[str | None]:
    """None for SQLite; for PostgreSQL, the URL of a throwaway server on loopback, stopped and removed after."""
    if name == "sqlite":
        yield None
        return
    folder = pgserver.init()
    try:
        yield pgserver.start(folder)
    finally:
        pgserver.stop(folder, remove=True)


def measure(name: str, servers: int, rate: float, seconds: float, shards: int) -> Result:
    folder = Path(tempfile.mkdtemp(prefix="faqbot-load-"))
    knowledge = folder / "knowledge"
    knowledge.mkdir()
    for file in ("faq.yaml", "vocabulary.yaml"):
        shutil.copy(KNOWLEDGE / file, knowledge / file)
    conn, child_end = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(target=standin_process, args=(child_end, servers, shards))
    child.start()
    try:
        if not conn.poll(60):
            raise TimeoutError("the stand-in did not start")
        port, _ = conn.recv()
        discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
        with backend(name) as url:
            settings = Settings(
                token=StandIn.token,
                data_dir=folder / "data",
                faq_path=knowledge / "faq.yaml",
                vocabulary_path=knowledge / "vocabulary.yaml",
                database_url=url,
                ask_rate=1_000_000,
                ask_per=1.0,
                channel_cooldown=0.0,  # every ask answered in full: the same few questions recur in each channel
                log_level="WARNING",
                shard_count=shards if shards > 1 else None,
            )
            asks, answered, late, latencies, sending, cpu = asyncio.run(run_bot(settings, conn, rate, seconds))
            records = count_records(settings)
    finally:
        conn.send(("stop",))
        child.join(10)
        if child.is_alive():
            child.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return Result(name, asks, answered, late, latencies, records, sending, cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--servers", type=int, default=10)
    parser.add_argument("--rate", type=float, default=20.0, help="asks per second per server")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--shards", type=int, default=1, help="shards the bot process runs")
    args = parser.parse_args()
    if not (1 <= args.servers <= 50 and 0 < args.rate <= 100 and 0 < args.seconds <= 120):
        parser.error("bounded: at most 50 servers, 100 asks/s each, 120 s")
    logging.basicConfig(level=logging.ERROR)
    discord.VoiceClient.warn_nacl = False
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(
        f"{args.servers} servers x {args.rate:g} asks/s for {args.seconds:g} s through the stand-in, one bot "
        f"process ({args.shards} shard{'s' if args.shards != 1 else ''}), {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}:"
    )
    for name in names:
        print(measure(name, args.servers, args.rate, args.seconds, args.shards).line(), flush=True)
    print(f"load average afterwards {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
