"""The stand-in itself: one aiohttp server on 127.0.0.1 serving the gateway (``gateway.py``), the REST routes and
attachments (``rest.py``), driven by the test (``driver.py``), with fault switches (``faults.py``). ``start()``
points discord.py at it (``Route.BASE`` and the default gateway URL) and ``close()`` points it back, so the bot's
real code runs unchanged: https://discord.com/developers/docs/reference#api-reference-base-url and
https://discord.com/developers/docs/events/gateway#connecting.
"""

from __future__ import annotations

import discord
import yarl
from aiohttp import web

from tests.discord.standin.driver import Driver
from tests.discord.standin.faults import Faults
from tests.discord.standin.gateway import Gateway
from tests.discord.standin.rest import Rest
from tests.discord.standin.rules import RESPONSE_DEADLINE


class StandIn(Driver, Rest, Gateway):
    """One application, one bot user, one guild with a text channel and a forum (more guilds with ``add_guild``), an
    owner, a moderator and a member; ``shard_count`` is what GET /gateway/bot recommends."""

    def __init__(
        self, *, app_has_message_content: bool = True, deadline: float = RESPONSE_DEADLINE, shard_count: int = 1
    ) -> None:
        super().__init__(app_has_message_content=app_has_message_content, deadline=deadline, shard_count=shard_count)
        self._runner: web.AppRunner | None = None
        self._saved: tuple[str, yarl.URL] | None = None
        self.faults = Faults(self)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{name}", self._file)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = f"http://127.0.0.1:{self.port}/api/v10"
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")

    async def close(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._saved is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
