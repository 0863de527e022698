"""The gateway websocket, as Discord runs it for one bot: HELLO (op 10), heartbeats and their ACKs (op 1 / 11),
IDENTIFY (op 2) answered with READY then GUILD_CREATE, dispatches (op 0) numbered per session, and RESUME
(op 6): replay what the session missed after the client's sequence number, then RESUMED; an unknown session or
wrong token gets INVALID_SESSION (op 9). A bad token closes with 4004; asking for the message-content intent the
application was not granted closes with 4014. The guild goes to the shard ``(guild_id >> 22) % num_shards``.

Documented at https://discord.com/developers/docs/topics/gateway (connecting, identifying, resuming, sharding,
privileged intents), https://discord.com/developers/docs/events/gateway-events (the events and their payloads)
and https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway (opcodes and close codes).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.standin.world import World

MESSAGE_CONTENT = 1 << 15  # the privileged intent


@dataclass
class Session:
    """A gateway session: its own sequence numbers, and every event sent on it, kept for a RESUME."""

    id: str
    ws: web.WebSocketResponse | None
    frames: list[tuple[int, str]] = field(default_factory=list)
    seq: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(self, event: str, data: dict[str, Any]) -> None:
        seq = next(self.seq)
        frame = json.dumps({"op": 0, "t": event, "s": seq, "d": data})
        self.frames = [*self.frames[-999:], (seq, frame)]
        if self.ws is not None and not self.ws.closed:
            await self.ws.send_str(frame)


class Gateway(World):
    """The sessions, and what the bot sent when it connected."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.identify: dict[str, Any] | None = None
        self.close_code: int | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.sessions: dict[str, Session] = {}
        self.identifies = 0
        self.resumes = 0
        self.replay_overlap = 0  # on RESUME, also replay this many events the bot already had (at-least-once)
        self.guild_outage = False  # the guild is unavailable: no GUILD_CREATE after READY until it returns

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to every session; a session whose connection is down keeps it for its RESUME."""
        for session in list(self.sessions.values()):
            await session.send(event, data)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            payload = json.loads(message.data)
            op = payload.get("op")
            if op == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:
                await self._identify(ws, payload["d"])
            elif op == 6:
                await self._resume(ws, payload["d"])
        return ws

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        """RESUME: replay what the session missed (after the client's sequence number), then RESUMED."""
        session = self.sessions.get(data.get("session_id") or "")
        if session is None or data.get("token") != self.token:
            await ws.send_str(json.dumps({"op": 9, "d": False}))
            return
        self.resumes += 1
        session.ws = ws
        missed = [i for i, (seq, _) in enumerate(session.frames) if seq > (data.get("seq") or 0)]
        start = max(0, (missed[0] if missed else len(session.frames)) - self.replay_overlap)
        for _, frame in session.frames[start:]:
            await ws.send_str(frame)
        await session.send("RESUMED", {})

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identify = data
        self.identifies += 1
        if data.get("token") != self.token:
            self.close_code = 4004
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        if data["intents"] & MESSAGE_CONTENT and not self.app_has_message_content:
            self.close_code = 4014
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard = data.get("shard") or [0, 1]
        session = Session(f"stand-in-session-{self.identifies}", ws)
        for old in [k for k, v in self.sessions.items() if v.ws is not None and v.ws.closed]:
            del self.sessions[old]  # a new IDENTIFY: sessions that were not resumed are gone
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": self.guild_id, "unavailable": True}],
            "session_id": session.id,
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
            "shard": shard,
            "application": {"id": self.app_id, "flags": self.application_payload()["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
        }
        await session.send("READY", ready)
        self.sessions[session.id] = session  # events for the session only after its READY
        if (int(self.guild_id) >> 22) % shard[1] == shard[0] and not self.guild_outage:
            await session.send("GUILD_CREATE", self.guild_payload())

    @property
    def intents(self) -> int:
        return int((self.identify or {}).get("intents", 0))
