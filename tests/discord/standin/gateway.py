"""The gateway websocket, as Discord runs it for one bot: HELLO (op 10), heartbeats and their ACKs (op 1 / 11),
IDENTIFY (op 2) answered with READY then GUILD_CREATE, dispatches (op 0) numbered per session, and RESUME
(op 6): replay what the session missed after the client's sequence number, then RESUMED; an unknown session or
wrong token gets INVALID_SESSION (op 9). A bad token closes with 4004; asking for the message-content intent the
application was not granted closes with 4014; a shard id not below the shard count closes with 4010. Each
session is one shard (IDENTIFY's ``shard: [id, count]``, default ``[0, 1]``): it is sent the guilds, and the
events of the guilds, whose ``(guild_id >> 22) % count`` is its id; events outside a guild (DMs) go to shard 0
only, as Discord sends them.

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
    shard: tuple[int, int] = (0, 1)  # [shard id, shard count], from IDENTIFY
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
        self.identified: list[dict[str, Any]] = []  # every IDENTIFY, of every shard
        self.dms_to_every_shard = False  # a fault: events outside a guild go to every shard, not shard 0 only

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the sessions of the shard it belongs to (a guild's shard; shard 0 for DMs); a session
        whose connection is down keeps it for its RESUME."""
        guild_id = data.get("guild_id") or (data.get("id") if event.startswith("GUILD_") else None)
        for session in list(self.sessions.values()):
            shard, count = session.shard
            if guild_id is not None:
                if self.shard_of(str(guild_id), count) != shard:
                    continue
            elif shard != 0 and not self.dms_to_every_shard:
                continue
            await session.send(event, data)

    def sessions_of(self, shard: int) -> list[Session]:
        """The sessions identified as shard ``shard``."""
        return [s for s in self.sessions.values() if s.shard[0] == shard]

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
        self.identified.append(data)
        self.identifies += 1
        if data.get("token") != self.token:
            self.close_code = 4004
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        if data["intents"] & MESSAGE_CONTENT and not self.app_has_message_content:
            self.close_code = 4014
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard_id, count = data.get("shard") or [0, 1]
        if not 0 <= shard_id < count:
            self.close_code = 4010
            await ws.close(code=4010, message=b"Invalid shard.")
            return
        session = Session(f"stand-in-session-{self.identifies}", ws, (shard_id, count))
        here = [g for g in self.guild_ids if self.shard_of(g, count) == shard_id]
        for old in [k for k, v in self.sessions.items() if v.ws is not None and v.ws.closed]:
            del self.sessions[old]  # a new IDENTIFY: sessions that were not resumed are gone
        ready = {
            "v": 10,
            "user": self.bot_user,
            "guilds": [{"id": g, "unavailable": True} for g in here],
            "session_id": session.id,
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
            "shard": [shard_id, count],
            "application": {"id": self.app_id, "flags": self.application_payload()["flags"]},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
        }
        await session.send("READY", ready)
        self.sessions[session.id] = session  # events for the session only after its READY
        for guild_id in here:
            if guild_id != self.guild_id or not self.guild_outage:
                await session.send("GUILD_CREATE", self.guild_payload(guild_id))

    @property
    def intents(self) -> int:
        return int((self.identify or {}).get("intents", 0))
