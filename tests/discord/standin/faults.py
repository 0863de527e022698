"""Fault switches for the stand-in: the ways production Discord fails, each turned on by a test.

- permissions: channel permission overwrites for the bot (View Channel, Send Messages, Embed Links, Read Message
  History, Use External Emojis), shown to discord.py in GUILD_CREATE / CHANNEL_UPDATE and in the interactions'
  ``app_permissions``, and enforced on the channel routes (403 with 50001, 50013 or 160002 as Discord answers);
  DMs a user does not accept (403, 50007);
- rate limits: 429 on a route, with ``retry_after``, the ``X-RateLimit-*`` bucket headers and ``Via``, and the
  global 429 (interaction routes are exempt, as on Discord);
- Discord failing a request: a 5xx on a route (an incident), or any other status and code (``fail``);
- slow routes (the attachment CDN too) and gateway lag (an interaction reaches the bot some time after the user
  acted);
- custom emoji the bot may not use: an external emoji without Use External Emojis shows as ``:name:`` on Discord,
  so the stand-in counts it as a violation;
- message deletion (MESSAGE_DELETE; later requests get 10008, replies to it 50035 ``message_reference``);
- interaction tokens that expire (15 minutes from the interaction's creation; 401 with 50027 after), on a clock
  the test controls.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

if TYPE_CHECKING:
    from tests.discord.standin.server import StandIn

ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

PERMISSIONS = {
    "view_channel": VIEW_CHANNEL,
    "send_messages": SEND_MESSAGES,
    "embed_links": EMBED_LINKS,
    "read_message_history": READ_MESSAGE_HISTORY,
    "use_external_emojis": USE_EXTERNAL_EMOJIS,
    "send_messages_in_threads": SEND_MESSAGES_IN_THREADS,
}
# What the README asks an operator to grant when inviting the bot: its managed role carries these.
BOT_ROLE_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | SEND_MESSAGES_IN_THREADS | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_EXTERNAL_EMOJIS
)

TOKEN_LIFETIME = 15 * 60.0


class Reject(Exception):
    """A fault's answer to a request: status, JSON body and headers, as Discord sends them."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(body.get("message"))
        self.status, self.body, self.headers = status, body, headers or {}


def missing_permissions(message: str = "Missing Permissions", code: int = 50013) -> Reject:
    return Reject(403, {"code": code, "message": message})


@dataclass
class Failure:
    method: str | None
    pattern: re.Pattern[str]
    times: int
    status: int
    code: int


CUSTOM_EMOJI = re.compile(r"<a?:(\w+):(\d+)>")


@dataclass
class RateLimit:
    method: str | None
    pattern: re.Pattern[str]
    times: int
    retry_after: float
    scope: str
    bucket: str
    limit: int = 5


def bits(names: tuple[str, ...]) -> int:
    unknown = [n for n in names if n not in PERMISSIONS]
    assert not unknown, f"unknown permission {unknown}; known: {sorted(PERMISSIONS)}"
    value = 0
    for name in names:
        value |= PERMISSIONS[name]
    return value


class Faults:
    """The switches, and what the stand-in asks them on every request."""

    def __init__(self, standin: StandIn) -> None:
        self.standin = standin
        self.overwrites: dict[str, dict[str, dict[str, Any]]] = {}  # channel id -> target id -> overwrite
        self.closed_dms: set[str] = set()
        self.rate_limits: list[RateLimit] = []
        self.global_hits = 0
        self.global_retry_after = 0.0
        self.global_until = 0.0
        self.slow_routes: list[tuple[str | None, re.Pattern[str], float]] = []
        self.failures: list[Failure] = []
        self.lag = 0.0
        self.deleted: set[str] = set()
        self.token_lifetime = TOKEN_LIFETIME
        self.clock_offset = 0.0
        self.rejected: list[tuple[str, str, int, int]] = []  # (method, path, status, code) of every fault answer

    # --- switches ---------------------------------------------------------------------------------------------

    async def deny(
        self, *names: str, channel: str | None = None, target: str = "member", announce: bool = True
    ) -> None:
        """Deny the bot permissions in a channel by an overwrite (on its member, its managed role or @everyone).
        ``announce`` sends CHANNEL_UPDATE so discord.py's cache sees it (False: the cache is stale)."""
        standin = self.standin
        channel_id = channel or standin.channel_id
        target_id = {"member": standin.bot_user["id"], "role": standin.bot_role_id, "everyone": standin.guild_id}[
            target
        ]
        kind = 1 if target == "member" else 0
        overwrite = self.overwrites.setdefault(channel_id, {}).setdefault(
            target_id, {"id": target_id, "type": kind, "allow": "0", "deny": "0"}
        )
        overwrite["deny"] = str(int(overwrite["deny"]) | bits(names))
        overwrite["allow"] = str(int(overwrite["allow"]) & ~bits(names))
        if announce:
            await standin.dispatch("CHANNEL_UPDATE", standin.channel_payload())

    async def allow_all(self, *, channel: str | None = None, announce: bool = True) -> None:
        self.overwrites.pop(channel or self.standin.channel_id, None)
        if announce:
            await self.standin.dispatch("CHANNEL_UPDATE", self.standin.channel_payload())

    def close_dms(self, user: dict[str, Any]) -> None:
        """This user accepts no DMs from the bot (privacy settings): 403, 50007."""
        self.closed_dms.add(self.standin.dm_channel_for(user))

    def rate_limit(
        self,
        method: str | None,
        path: str,
        *,
        times: int = 1,
        retry_after: float = 0.5,
        scope: str = "user",
    ) -> None:
        """The next ``times`` requests matching ``method`` and the ``path`` regex get a 429 for their bucket."""
        bucket = f"{abs(hash(path)) & 0xFFFFFFFF:08x}"
        self.rate_limits.append(RateLimit(method, re.compile(path), times, retry_after, scope, bucket))

    def global_rate_limit(self, *, retry_after: float = 1.0, times: int = 1) -> None:
        """The bot went over the global limit: the next ``times`` requests (interaction routes exempt) get a
        global 429, and every request until ``retry_after`` has passed gets one too."""
        self.global_hits = times
        self.global_retry_after = retry_after

    def fail(self, method: str | None, path: str, *, status: int = 503, code: int = 0, times: int = 1) -> None:
        """The next ``times`` requests matching fail with ``status`` and ``code``: a 5xx is Discord's own failure
        (an incident; discord.py retries 500, 502, 504 and 524 after 1 s, 3 s… and raises ``DiscordServerError``
        on the others at once), a 4xx a refusal the other switches do not model."""
        self.failures.append(Failure(method, re.compile(path), times, status, code))

    def slow(self, method: str | None, path: str, seconds: float) -> None:
        """Requests matching take ``seconds`` longer to be answered."""
        self.slow_routes.append((method, re.compile(path), seconds))

    def advance(self, seconds: float) -> None:
        """Move Discord's clock on (tokens age; nothing else does)."""
        self.clock_offset += seconds

    def now(self) -> float:
        return time.time() + self.clock_offset

    async def delete(self, message_id: str, *, announce: bool = True) -> None:
        """Someone deletes a message: MESSAGE_DELETE, and later requests for it get 10008."""
        message = self.standin.messages.pop(message_id)
        self.deleted.add(message_id)
        if announce:
            data = {"id": message_id, "channel_id": message["channel_id"]}
            if message.get("guild_id"):
                data["guild_id"] = message["guild_id"]
            await self.standin.dispatch("MESSAGE_DELETE", data)

    # --- the gateway ----------------------------------------------------------------------------------------

    def _live(self) -> list[Any]:
        return [s for s in self.standin.sessions.values() if s.ws is not None and not s.ws.closed]

    async def reconnect(self) -> None:
        """Discord asks the bot to reconnect (op 7, as before a gateway restart): it should RESUME."""
        for session in self._live():
            await session.ws.send_str(json.dumps({"op": 7, "d": None}))

    async def drop_connection(self) -> None:
        """The connection breaks (close code 4000, unknown error): the bot should RESUME."""
        for session in self._live():
            await session.ws.close(code=4000, message=b"Unknown error.")

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """INVALID_SESSION (op 9). Not resumable: the session is gone (and what it would have got with it); the
        bot identifies afresh."""
        for session in self._live():
            if not resumable:
                del self.standin.sessions[session.id]
            await session.ws.send_str(json.dumps({"op": 9, "d": resumable}))

    async def wait_for(self, condition: Any, wait: float = 5.0) -> None:
        """Wait until ``condition()`` (the bot resumed, identified…)."""
        deadline = time.monotonic() + wait
        while not condition():
            assert time.monotonic() < deadline, "the bot did not get there in time"
            await asyncio.sleep(0.01)

    async def guild_unavailable(self) -> None:
        """An outage: GUILD_DELETE with ``unavailable``; the guild sends no events until it returns."""
        self.standin.guild_outage = True
        await self.standin.dispatch("GUILD_DELETE", {"id": self.standin.guild_id, "unavailable": True})

    async def guild_available(self) -> None:
        """The outage ends: GUILD_CREATE with the full guild."""
        self.standin.guild_outage = False
        await self.standin.dispatch("GUILD_CREATE", self.standin.guild_payload())

    # --- what the stand-in asks ------------------------------------------------------------------------------

    def bot_permissions(self, channel_id: str) -> int:
        """The bot's permissions in a guild channel, computed as Discord does: roles, then overwrites."""
        standin = self.standin
        roles = {r["id"]: int(r["permissions"]) for r in standin.guild_roles()}
        own_roles = [standin.bot_role_id]
        value = roles[standin.guild_id]
        for role in own_roles:
            value |= roles[role]
        if value & ADMINISTRATOR:
            return ALL_PERMISSIONS
        overwrites = self.overwrites.get(channel_id, {})
        if everyone := overwrites.get(standin.guild_id):
            value = (value & ~int(everyone["deny"])) | int(everyone["allow"])
        allow = deny = 0
        for role in own_roles:
            if overwrite := overwrites.get(role):
                allow |= int(overwrite["allow"])
                deny |= int(overwrite["deny"])
        value = (value & ~deny) | allow
        if member := overwrites.get(standin.bot_user["id"]):
            value = (value & ~int(member["deny"])) | int(member["allow"])
        return value if value & VIEW_CHANNEL else 0

    def overwrite_payload(self, channel_id: str) -> list[dict[str, Any]]:
        return [dict(o) for o in self.overwrites.get(channel_id, {}).values()]

    def check_channel(self, method: str, channel_id: str, message_id: str | None, body: Any) -> None:
        """Discord's permission rules on the channel-message routes the bot uses."""
        standin = self.standin
        if channel_id in self.closed_dms and method == "POST":
            raise Reject(403, {"code": 50007, "message": "Cannot send messages to this user"})
        thread = standin.threads.get(channel_id)
        if channel_id != standin.channel_id and thread is None:
            return
        # A thread has no overwrites of its own: the bot's permissions there are its parent channel's.
        permissions = self.bot_permissions(thread["parent_id"] if thread is not None else channel_id)
        if not permissions & VIEW_CHANNEL:
            raise missing_permissions("Missing Access", 50001)
        if message_id is None and method == "POST":
            if not permissions & (SEND_MESSAGES_IN_THREADS if thread is not None else SEND_MESSAGES):
                raise missing_permissions()
            if (body or {}).get("embeds") and not permissions & EMBED_LINKS:
                raise missing_permissions()
            if (body or {}).get("message_reference") and not permissions & READ_MESSAGE_HISTORY:
                text = "Cannot reply without permission to read message history"
                raise Reject(403, {"code": 160002, "message": text})
        elif method == "GET" and not permissions & READ_MESSAGE_HISTORY:
            raise missing_permissions()

    def check_reference(self, body: Any) -> None:
        """A reply to a message that no longer exists: Discord refuses the body (unless fail_if_not_exists)."""
        reference = (body or {}).get("message_reference") or {}
        message_id = reference.get("message_id")
        if message_id is None or str(message_id) in self.standin.messages:
            return
        if reference.get("fail_if_not_exists", True) is False:
            return
        raise Reject(
            400,
            {
                "code": 50035,
                "message": "Invalid Form Body",
                "errors": {
                    "message_reference": {
                        "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                    }
                },
            },
        )

    def check_token(self, payload: dict[str, Any]) -> None:
        """Interaction tokens are valid for 15 minutes from the interaction's creation."""
        created = discord.utils.snowflake_time(int(payload["id"])).timestamp()
        if self.now() - created > self.token_lifetime:
            raise Reject(401, {"code": 50027, "message": "Invalid Webhook Token"})

    def rate_limited(self, method: str, path: str) -> Reject | None:
        """A 429 for this request, if a switch says so."""
        interaction_route = path.startswith(("/interactions/", "/webhooks/"))
        now = time.monotonic()
        if not interaction_route and (self.global_hits > 0 or now < self.global_until):
            if self.global_hits > 0:
                self.global_hits -= 1
                self.global_until = max(self.global_until, now + self.global_retry_after)
            retry_after = round(max(self.global_until - now, 0.001), 3)
            headers = {
                "Retry-After": str(max(1, round(retry_after))),
                "X-RateLimit-Global": "true",
                "X-RateLimit-Scope": "global",
                "Via": "1.1 google",
            }
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": True}
            return Reject(429, body, headers)
        for limit in self.rate_limits:
            if limit.times <= 0 or (limit.method and limit.method != method) or not limit.pattern.search(path):
                continue
            limit.times -= 1
            headers = {
                "Retry-After": str(max(1, round(limit.retry_after))),
                "X-RateLimit-Limit": str(limit.limit),
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + limit.retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{limit.retry_after:.3f}",
                "X-RateLimit-Bucket": limit.bucket,
                "X-RateLimit-Scope": limit.scope,
                "Via": "1.1 google",
            }
            body = {"message": "You are being rate limited.", "retry_after": limit.retry_after, "global": False}
            return Reject(429, body, headers)
        return None

    def failure(self, method: str, path: str) -> Reject | None:
        """A failure for this request, if ``fail`` says so."""
        for failure in self.failures:
            if failure.times <= 0 or (failure.method and failure.method != method) or not failure.pattern.search(path):
                continue
            failure.times -= 1
            text = "Service Unavailable" if failure.status >= 500 else "Invalid Form Body"
            return Reject(failure.status, {"message": text, "code": failure.code})
        return None

    def emoji_problems(self, channel_id: str, body: dict[str, Any]) -> list[str]:
        """Custom emoji from other servers in a message the bot sends to a server channel where it lacks Use
        External Emojis: Discord shows them as ``:name:`` (the server's own emoji need no permission)."""
        standin = self.standin
        if channel_id != standin.channel_id or self.bot_permissions(channel_id) & USE_EXTERNAL_EMOJIS:
            return []
        own = {str(e["id"]) for e in standin.guild_payload().get("emojis", [])}
        used = [(name, emoji_id) for name, emoji_id in CUSTOM_EMOJI.findall(body.get("content") or "")]
        for row in body.get("components") or []:
            for component in row.get("components") or []:
                emojis = [component.get("emoji"), *(o.get("emoji") for o in component.get("options") or [])]
                used += [(e.get("name"), str(e["id"])) for e in emojis if e and e.get("id")]
        return [
            f"external emoji :{name}: ({emoji_id}) without Use External Emojis in #general: Discord shows :{name}:"
            for name, emoji_id in used
            if emoji_id not in own
        ]

    def delay(self, method: str, path: str) -> float:
        return sum(s for m, p, s in self.slow_routes if (m is None or m == method) and p.search(path))
