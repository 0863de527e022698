"""A small Discord stand-in on 127.0.0.1 that discord.py's real code talks to.

It speaks the gateway handshake (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats) and the REST routes the bot
uses, records every request, validates every request body against Discord's own OpenAPI schema (vendored:
``tests/data/vendor/discord-api-spec/openapi.json``), and holds the bot to Discord's rules: the 3-second deadline
for a first interaction response (10062), no second response (40060), content/embed/component limits (50035), only
synced commands can be invoked, no message content in guilds without the intent, close code 4014 for a
privileged intent the application lacks. Every rule broken is also kept in ``violations``: a test fixture fails
the test on any.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import discord
import jsonschema
import yarl
from aiohttp import WSMsgType, web
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.discord.faults import BOT_ROLE_PERMISSIONS, Faults, Reject
from tests.discord.strict import SchemaError, Strict, errors_object
from tests.paths import DISCORD_OPENAPI

MESSAGE_CONTENT = 1 << 15
FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18
EPHEMERAL = 1 << 6
ADMIN_PERMISSIONS = str((1 << 41) - 1)
MEMBER_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31))  # view, send, links, history
MANAGE_GUILD = 1 << 5

_ids = itertools.count(1)


def snowflake() -> str:
    """A real-looking id: discord.py reads creation time from ids (an interaction "expires" 15 min after it)."""
    return str(discord.utils.time_snowflake(datetime.now(UTC)) + next(_ids) % (1 << 22))


def now() -> str:
    return datetime.now(UTC).isoformat()


# --- Discord's schema ----------------------------------------------------------------------------------------------


class Spec:
    """Request-body validators for each (method, path template) of Discord's OpenAPI document."""

    def __init__(self, path: Path = DISCORD_OPENAPI) -> None:
        self.document = json.loads(path.read_text())
        # Discord accepts a snowflake as a JSON string or number, and discord.py sends numbers (message_reference
        # ids, for one); the schema lists only the string form. Widen that one type, and nothing else.
        snowflake_type = self.document["components"]["schemas"]["SnowflakeType"]
        self.document["components"]["schemas"]["SnowflakeType"] = {
            "anyOf": [snowflake_type, {"type": "integer", "minimum": 0}]
        }
        self.registry = Registry().with_resource(
            "urn:discord", Resource.from_contents(self.document, default_specification=DRAFT202012)
        )
        self.routes: list[tuple[re.Pattern[str], str]] = []
        for template in self.document["paths"]:
            pattern = re.sub(r"\\\{[a-z_]+\\\}", r"[^/]+", re.escape(template))
            self.routes.append((re.compile(f"^{pattern}$"), template))
        # Literal segments win over placeholders (".../messages/@original" over ".../messages/{message_id}").
        self.routes.sort(key=lambda r: r[1].count("{"))
        self._validators: dict[tuple[str, str], jsonschema.Draft202012Validator | None] = {}
        self.strict = Strict(self)

    def template(self, path: str) -> str | None:
        for pattern, template in self.routes:
            if pattern.match(path):
                return template
        return None

    def validator(self, method: str, template: str) -> jsonschema.Draft202012Validator | None:
        key = (method.lower(), template)
        if key not in self._validators:
            operation = self.document["paths"][template].get(method.lower())
            content = (operation or {}).get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                self._validators[key] = None
            else:
                escaped = template.replace("~", "~0").replace("/", "~1")
                pointer = f"/paths/{escaped}/{method.lower()}/requestBody/content/application~1json/schema"
                self._validators[key] = jsonschema.Draft202012Validator(
                    {"$ref": "urn:discord#" + quote(pointer)}, registry=self.registry
                )
        return self._validators[key]

    def pointer(self, method: str, template: str) -> str | None:
        """Where the JSON request body's schema of an operation is, in the document (None: no JSON body)."""
        operation = self.document["paths"][template].get(method.lower())
        if "application/json" not in (operation or {}).get("requestBody", {}).get("content", {}):
            return None
        escaped = template.replace("~", "~0").replace("/", "~1")
        return f"/paths/{escaped}/{method.lower()}/requestBody/content/application~1json/schema"

    def errors(self, method: str, path: str, body: Any) -> list[SchemaError]:
        """Strict mode: each problem with its JSON path and rule, unknown keys included."""
        template = self.template(path)
        pointer = self.pointer(method, template) if template and body is not None else None
        return self.strict.errors(pointer, body) if pointer else []

    def check(self, method: str, path: str, body: Any, *, strict: bool = False) -> list[str]:
        """Problems with a request against the schema: an unknown route, or a body the schema rejects (``strict``:
        named by JSON path and rule, and unknown keys too)."""
        template = self.template(path)
        if template is None:
            return [f"{method} {path}: not a route in Discord's API"]
        if method.lower() not in self.document["paths"][template]:
            return [f"{method} {path}: method not allowed on {template}"]
        if body is None:
            return []
        if strict:
            return [f"{method} {template}: schema: {e}" for e in self.errors(method, path, body)[:3]]
        validator = self.validator(method, template)
        if validator is None:
            return []
        errors = sorted(validator.iter_errors(body), key=lambda e: len(list(e.absolute_path)))
        return [f"{method} {template}: schema: {e.message[:300]} at {list(e.absolute_path)}" for e in errors[:3]]


@cache
def load_spec() -> Spec:
    return Spec()


# --- Discord's own limits, beyond what the schema says ------------------------------------------------------------


def message_problems(body: dict[str, Any], *, require_no_pings: bool = True) -> list[str]:
    problems: list[str] = []
    content = body.get("content") or ""
    if len(content) > 2000:
        problems.append(f"content is {len(content)} characters (limit 2000)")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append("more than 10 embeds")
    total = 0
    for embed in embeds:
        for key, limit in (("title", 256), ("description", 4096)):
            if len(embed.get(key) or "") > limit:
                problems.append(f"embed {key} over {limit}")
            total += len(embed.get(key) or "")
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append("more than 25 embed fields")
        for item in fields:
            if not item.get("name") or len(item["name"]) > 256:
                problems.append("embed field name empty or over 256")
            if not item.get("value") or len(item["value"]) > 1024:
                problems.append("embed field value empty or over 1024")
            total += len(item.get("name") or "") + len(item.get("value") or "")
        footer = (embed.get("footer") or {}).get("text") or ""
        author = (embed.get("author") or {}).get("name") or ""
        if len(footer) > 2048 or len(author) > 256:
            problems.append("embed footer or author too long")
        total += len(footer) + len(author)
    if total > 6000:
        problems.append(f"embeds total {total} characters (limit 6000)")
    problems += component_problems(body.get("components") or [])
    if require_no_pings and (content or embeds):
        mentions = body.get("allowed_mentions")
        if mentions is None or mentions.get("parse") or mentions.get("users") or mentions.get("roles"):
            problems.append(f"message may ping: allowed_mentions={mentions!r}")
        if body.get("message_reference") and (mentions or {}).get("replied_user"):
            problems.append("reply pings its author")
    return problems


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append("more than 5 action rows")
    custom_ids: list[str] = []
    for row in rows:
        children = row.get("components") or []
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if len(children) > 5 or (selects and len(children) > 1):
            problems.append("action row over capacity")
        for child in children:
            if child.get("custom_id") is not None:
                custom_ids.append(child["custom_id"])
                if not 1 <= len(child["custom_id"]) <= 100:
                    problems.append("custom_id length")
            if child.get("type") == 2 and len(child.get("label") or "") > 80:
                problems.append("button label over 80")
            if child.get("type") == 3:
                options = child.get("options") or []
                if not 1 <= len(options) <= 25:
                    problems.append("select needs 1-25 options")
                for option in options:
                    if not 1 <= len(option.get("label") or "") <= 100 or len(option.get("value") or "") > 100:
                        problems.append("select option label/value length")
    if len(custom_ids) != len(set(custom_ids)):
        problems.append("duplicate custom_id in one message")
    return problems


def autocomplete_problems(data: dict[str, Any]) -> list[str]:
    choices = data.get("choices") or []
    problems = [] if len(choices) <= 25 else [f"{len(choices)} autocomplete choices (limit 25)"]
    for choice in choices:
        if not 1 <= len(choice.get("name") or "") <= 100:
            problems.append(f"choice name length {len(choice.get('name') or '')}")
        if isinstance(choice.get("value"), str) and len(choice["value"]) > 100:
            problems.append("choice value over 100")
    return problems


# --- the stand-in --------------------------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)
    limited: bool = False  # answered with a 429 by a fault switch


@dataclass
class InteractionState:
    payload: dict[str, Any]
    created: float
    responses: list[dict[str, Any]] = field(default_factory=list)
    original_id: str | None = None
    settled: asyncio.Event = field(default_factory=asyncio.Event)  # a first response arrived (accepted or not)

    @property
    def response(self) -> dict[str, Any]:
        assert self.responses, "the bot did not respond to the interaction"
        return self.responses[0]


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


class DiscordError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py reads JSON only when Content-Type is exactly application/json (no charset).
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


class StandIn:
    """One application, one bot user, one guild with a text channel, an owner, a moderator and a member."""

    token = "stand-in-token.not-a-real-one"
    strict_schema = True  # unknown keys refused; problems named by JSON path and rule (Discord's 50035 errors)
    role_mention_carries_content = True  # a mention of the bot's managed role counts as a mention of the bot

    def __init__(self, *, app_has_message_content: bool = True, deadline: float = 3.0) -> None:
        self.spec = load_spec()
        self.app_has_message_content = app_has_message_content
        self.deadline = deadline
        self.app_id = snowflake()
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.mod_role_id = snowflake()
        self.bot_role_id = snowflake()  # the bot's managed role, created when it was invited
        self.bot_user = self.user("FAQ Bot", bot=True, id=self.app_id)
        self.owner = self.user("owner")
        self.moderator = self.user("moderator")
        self.member = self.user("member")
        self.other = self.user("someone-else")
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.interactions: dict[str, InteractionState] = {}
        self.commands: dict[str | None, list[dict[str, Any]]] = {}
        self.dm_channels: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.uploads: list[tuple[str, bytes]] = []
        self.identify: dict[str, Any] | None = None
        self.close_code: int | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self.sessions: dict[str, Session] = {}
        self.identifies = 0
        self.resumes = 0
        self.replay_overlap = 0  # on RESUME, also replay this many events the bot already had (at-least-once)
        self.guild_outage = False  # the guild is unavailable: no GUILD_CREATE after READY until it returns
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._saved: tuple[str, yarl.URL] | None = None
        self.message_posted = asyncio.Condition()
        self.faults = Faults(self)

    # --- set-up ---

    @staticmethod
    def user(name: str, *, bot: bool = False, id: str | None = None) -> dict[str, Any]:
        return {
            "id": id or snowflake(),
            "username": name,
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

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

    def violate(self, text: str) -> None:
        self.violations.append(text)

    # --- payloads ---

    def member_payload(self, user: dict[str, Any], *, moderator: bool = False) -> dict[str, Any]:
        roles = [self.mod_role_id] if moderator else []
        if user["id"] == self.bot_user["id"]:
            roles = [self.bot_role_id]
        return {
            "user": user,
            "nick": None,
            "avatar": None,
            "roles": roles,
            "joined_at": now(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }

    def channel_payload(self) -> dict[str, Any]:
        return {
            "id": self.channel_id,
            "type": 0,
            "guild_id": self.guild_id,
            "name": "general",
            "position": 0,
            "permission_overwrites": self.faults.overwrite_payload(self.channel_id),
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def guild_roles(self) -> list[dict[str, Any]]:
        everyone = {
            "id": self.guild_id,
            "name": "@everyone",
            "permissions": MEMBER_PERMISSIONS,
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        moderators = {**everyone, "id": self.mod_role_id, "name": "Moderator", "position": 1}
        bot_role = {
            **everyone,
            "id": self.bot_role_id,
            "name": self.bot_user["username"],
            "permissions": str(BOT_ROLE_PERMISSIONS),
            "position": 2,
            "managed": True,
            "tags": {"bot_id": self.bot_user["id"]},
        }
        return [everyone, moderators, bot_role]

    def guild_payload(self) -> dict[str, Any]:
        return {
            "id": self.guild_id,
            "name": "Stand-in Server",
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": self.owner["id"],
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": self.guild_roles(),
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": now(),
            "large": False,
            "unavailable": False,
            "member_count": 5,
            "voice_states": [],
            "members": [self.member_payload(self.bot_user)],
            "channels": [self.channel_payload()],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def application_payload(self) -> dict[str, Any]:
        flags = FLAG_GATEWAY_MESSAGE_CONTENT if self.app_has_message_content else 0
        return {
            "id": self.app_id,
            "name": "FAQ Bot",
            "icon": None,
            "description": "",
            "summary": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.owner,
            "team": None,
            "flags": flags,
            "bot": self.bot_user,
        }

    # --- gateway ---

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

    # --- what tests do ---

    def _command(self, name: str, guild: bool, kind: int = 1) -> dict[str, Any]:
        for scope in [self.guild_id, None] if guild else [None]:
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == kind:
                    return command
        where = "this server" if guild else "DMs (global commands)"
        raise AssertionError(f"/{name} is not synced for {where}: Discord would not let a user invoke it")

    def interaction_payload(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user: dict[str, Any] | None = None,
        guild: bool = True,
        moderator: bool = False,
        manage_guild: bool = False,
        message: dict[str, Any] | None = None,
        resolved: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        user = user or self.member
        interaction_id = snowflake()
        payload: dict[str, Any] = {
            "id": interaction_id,
            "application_id": self.app_id,
            "type": kind,
            "data": data,
            "token": f"token-{interaction_id}",
            "version": 1,
            "locale": "en-US",
            "app_permissions": ADMIN_PERMISSIONS,
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild:
            permissions = ADMIN_PERMISSIONS if user is self.owner else MEMBER_PERMISSIONS
            if manage_guild:
                permissions = str(int(MEMBER_PERMISSIONS) | MANAGE_GUILD)
            payload.update(
                app_permissions=str(self.faults.bot_permissions(self.channel_id)),
                guild_id=self.guild_id,
                guild_locale="en-US",
                channel_id=self.channel_id,
                channel=self.channel_payload(),
                member={**self.member_payload(user, moderator=moderator), "permissions": permissions},
                authorizing_integration_owners={"0": self.guild_id},
                context=0,
            )
        else:
            channel_id = self.dm_channel_for(user)
            payload.update(
                channel_id=channel_id,
                channel={"id": channel_id, "type": 1, "recipients": [user]},
                user=user,
                authorizing_integration_owners={"1": user["id"]},
                context=1,
            )
        if message is not None:
            payload["message"] = message
        if resolved is not None:
            payload["data"]["resolved"] = resolved
        return payload

    def dm_channel_for(self, user: dict[str, Any]) -> str:
        return self.dm_channels.setdefault(user["id"], snowflake())

    async def interact(self, payload: dict[str, Any], *, timeout: float | None = None) -> InteractionState:
        """Send an interaction and wait for the bot's first response (or the deadline)."""
        state = InteractionState(payload, time.monotonic())
        self.interactions[payload["token"]] = state
        if self.faults.lag:
            await asyncio.sleep(self.faults.lag)  # gateway lag: Discord's 3 seconds started when the user acted
        await self.dispatch("INTERACTION_CREATE", payload)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(state.settled.wait(), timeout or self.deadline + 0.5)
        return state

    async def slash(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        guild: bool = True,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> InteractionState:
        command = self._command(name, guild)
        data: dict[str, Any] = {"id": command["id"], "name": name, "type": 1, "options": options or []}
        if guild and command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return await self.interact(self.interaction_payload(2, data, guild=guild, **kwargs), timeout=timeout)

    async def autocomplete(
        self, name: str, options: list[dict[str, Any]], *, guild: bool = True, **kwargs: Any
    ) -> list[dict[str, Any]]:
        command = self._command(name, guild)
        data = {"id": command["id"], "name": name, "type": 1, "options": options}
        state = await self.interact(self.interaction_payload(4, data, guild=guild, **kwargs))
        assert state.response["type"] == 8, state.response
        return state.response["data"]["choices"]

    async def message_command(self, name: str, target: dict[str, Any], **kwargs: Any) -> InteractionState:
        command = self._command(name, True, kind=3)
        data = {
            "id": command["id"],
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return await self.interact(self.interaction_payload(2, data, **kwargs))

    async def click(
        self, message: dict[str, Any], custom_id: str, *, values: list[str] | None = None, **kwargs: Any
    ) -> InteractionState:
        component = self.find_component(message, custom_id)
        assert component is not None, f"no component {custom_id!r} on message {message['id']}"
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = values
        guild = message.get("guild_id") is not None or message["channel_id"] == self.channel_id
        return await self.interact(
            self.interaction_payload(3, data, message=self.messages[message["id"]], guild=guild, **kwargs)
        )

    async def submit(self, opened: InteractionState, values: dict[str, str], **kwargs: Any) -> InteractionState:
        """Fill in and submit the modal the bot opened in response to ``opened``."""
        modal = opened.response
        assert modal["type"] == 9, f"the bot answered with type {modal['type']}, not a modal"
        components = []
        for item in modal["data"]["components"]:
            inner = item.get("component") or (item.get("components") or [{}])[0]
            custom_id = inner["custom_id"]
            value = values.get(custom_id, inner.get("value") or "")
            if inner.get("required", True) and not value:
                raise AssertionError(f"Discord would not submit the modal: {custom_id} is required")
            if len(value) > inner.get("max_length", 4000):
                raise AssertionError(f"Discord would not submit the modal: {custom_id} over max_length")
            components.append({"type": 18, "component": {"type": 4, "custom_id": custom_id, "value": value}})
        data = {"custom_id": modal["data"]["custom_id"], "components": components}
        payload = self.interaction_payload(5, data, **kwargs)
        return await self.interact(payload)

    def attachment(self, filename: str, content: bytes) -> dict[str, Any]:
        """An uploaded file, served by the stand-in like Discord's CDN."""
        attachment_id = snowflake()
        self.files[attachment_id] = content
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{filename}"
        return {
            "id": attachment_id,
            "filename": filename,
            "size": len(content),
            "url": url,
            "proxy_url": url,
            "content_type": "application/x-yaml",
        }

    @staticmethod
    def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any] | None:
        for row in message.get("components") or []:
            for child in row.get("components") or []:
                if child.get("custom_id") == custom_id:
                    return child
        return None

    def user_message(
        self,
        content: str,
        *,
        author: dict[str, Any] | None = None,
        guild: bool = True,
        mentions: list[dict[str, Any]] | None = None,
        mention_everyone: bool = False,
        mention_roles: list[str] | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A member's message. ``reply_to``: a reply to that message (Discord's type 19, with a reference)."""
        author = author or self.member
        message: dict[str, Any] = {
            "id": snowflake(),
            "channel_id": self.channel_id if guild else self.dm_channel_for(author),
            "author": author,
            "content": content,
            "timestamp": now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": mentions or [],
            "mention_roles": mention_roles or [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        if reply_to is not None:
            message["type"] = 19
            reference = {"type": 0, "message_id": reply_to["id"], "channel_id": reply_to["channel_id"]}
            message["message_reference"] = reference
            if guild:
                message["message_reference"]["guild_id"] = self.guild_id
        if guild:
            message["guild_id"] = self.guild_id
            message["member"] = {k: v for k, v in self.member_payload(author).items() if k != "user"}
        return message

    def mentions_bot(self, message: dict[str, Any]) -> bool:
        """Whether a message mentions the bot: its user, or (unless switched off) its managed role."""
        if any(m["id"] == self.bot_user["id"] for m in message.get("mentions") or []):
            return True
        return self.role_mention_carries_content and self.bot_role_id in (message.get("mention_roles") or [])

    def as_delivered(self, message: dict[str, Any]) -> dict[str, Any]:
        """A message as the bot receives it (gateway or REST): Discord's rule for bots without the message-content
        intent empties the text of guild messages that don't mention the bot."""
        delivered = self._public(message)
        own = delivered["author"]["id"] == self.bot_user["id"]
        readable = own or bool(self.intents & MESSAGE_CONTENT) or self.mentions_bot(message)
        if "guild_id" in delivered and not readable:
            delivered.update(content="", embeds=[], attachments=[], components=[])
        return delivered

    async def say(self, content: str, *, wait: float = 2.0, **kwargs: Any) -> list[dict[str, Any]]:
        """A user posts a message; return the bot's messages that reply to it (waiting up to ``wait``)."""
        message = self.user_message(content, **kwargs)
        self.messages[message["id"]] = message
        delivered = self.as_delivered(message)
        if reference := message.get("message_reference"):
            target = self.messages.get(reference["message_id"])  # null: deleted since
            delivered["referenced_message"] = self.as_delivered(target) if target is not None else None
        if message["channel_id"] == self.channel_id and not self.faults.bot_permissions(self.channel_id):
            return []  # Discord sends no events for a channel the bot cannot see
        await self.dispatch("MESSAGE_CREATE", delivered)
        return await self.replies_to(message["id"], wait=wait)

    async def replies_to(self, message_id: str, *, wait: float = 2.0) -> list[dict[str, Any]]:
        def found() -> list[dict[str, Any]]:
            return [
                m for m in self.messages.values() if (m.get("message_reference") or {}).get("message_id") == message_id
            ]

        deadline = time.monotonic() + wait
        async with self.message_posted:
            while not found() and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self.message_posted.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        return found()

    async def wait_for_message(self, predicate: Any, *, wait: float = 3.0) -> dict[str, Any]:
        """The first message (new or edited) matching ``predicate``, waiting for the bot if need be."""
        deadline = time.monotonic() + wait
        async with self.message_posted:
            while True:
                for message in list(self.messages.values()):
                    if predicate(message):
                        return message
                if time.monotonic() >= deadline:
                    raise AssertionError("the bot posted no such message")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.message_posted.wait(), deadline - time.monotonic())

    def requests_to(self, method: str, pattern: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    # --- REST ---

    async def _file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["id"])
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, headers={"Content-Type": "application/octet-stream"})

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = await self._body(request)
        recorded = Request(request.method, path, dict(request.query), body)
        self.requests.append(recorded)
        if delay := self.faults.delay(request.method, path):
            await asyncio.sleep(delay)
        limited = self.faults.rate_limited(request.method, path)
        if limited is not None:
            recorded.limited = True
            return self._reject(request.method, path, limited)
        problems = self.spec.check(request.method, path, body, strict=self.strict_schema)
        if problems:
            self.violations.extend(problems)
            callback = re.fullmatch(r"/interactions/\d+/([^/]+)/callback", path)
            if callback and callback.group(1) in self.interactions:
                self.interactions[callback.group(1)].settled.set()
            errors = errors_object(self.spec.errors(request.method, path, body)) if self.strict_schema else None
            return _json({"code": 50035, "message": "Invalid Form Body", "errors": errors or {"_": problems}}, 400)
        token_in_url = path.startswith(("/interactions/", "/webhooks/"))  # interaction tokens authorise these
        if not token_in_url and path != "/gateway/bot" and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"code": 0, "message": "401: Unauthorized"}, 401)
        try:
            return await self._route(request.method, path, body)
        except DiscordError as error:
            return _json({"code": error.code, "message": error.message}, error.status)
        except Reject as reject:
            return self._reject(request.method, path, reject)

    def _reject(self, method: str, path: str, reject: Reject) -> web.Response:
        """A fault switch's answer, as Discord sends it (status, JSON body, headers)."""
        self.faults.rejected.append((method, path, reject.status, int(reject.body.get("code") or 0)))
        headers = {"Content-Type": "application/json", **reject.headers}
        return web.Response(body=json.dumps(reject.body).encode(), status=reject.status, headers=headers)

    async def _body(self, request: web.Request) -> Any:
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            payload: Any = None
            async for part in reader:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    self.uploads.append((part.filename or "", bytes(await part.read())))  # type: ignore[union-attr]
            return payload
        if request.can_read_body:
            text = await request.text()
            return json.loads(text) if text else None
        return None

    async def _route(self, method: str, path: str, body: Any) -> web.Response:
        app = self.app_id
        if path == "/gateway/bot":
            return _json(
                {
                    "url": f"ws://127.0.0.1:{self.port}/gateway",
                    "shards": 1,
                    "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
                }
            )
        if path == "/users/@me" and method == "GET":
            return _json(self.bot_user)
        if path == "/oauth2/applications/@me":
            return _json(self.application_payload())
        if path == "/users/@me/channels" and method == "POST":
            recipient = next(
                u for u in (self.owner, self.moderator, self.member, self.other) if u["id"] == str(body["recipient_id"])
            )
            return _json({"id": self.dm_channel_for(recipient), "type": 1, "recipients": [recipient]})
        if match := re.fullmatch(rf"/applications/{app}(?:/guilds/(\d+))?/commands", path):
            return self._commands(method, match.group(1), body)
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return await self._callback(match.group(2), body)
        if match := re.fullmatch(rf"/webhooks/{app}/([^/]+)(?:/messages/(@original|\d+))?", path):
            return await self._webhook(method, match.group(1), match.group(2), body)
        if match := re.fullmatch(r"/channels/(\d+)/messages(?:/(\d+))?", path):
            return await self._channel_messages(method, match.group(1), match.group(2), body)
        if path == f"/guilds/{self.guild_id}/roles" and method == "GET":
            return _json(self.guild_roles())
        if path == f"/channels/{self.channel_id}" and method == "GET":
            return _json(self.channel_payload())
        if re.fullmatch(r"/channels/\d+/typing", path):
            return web.Response(status=204)
        self.violate(f"{method} {path}: the stand-in does not serve this route")
        raise DiscordError(404, 0, "404: Not Found")

    def _commands(self, method: str, guild_id: str | None, body: Any) -> web.Response:
        if method == "GET":
            return _json(self.commands.get(guild_id, []))
        if method != "PUT":
            raise DiscordError(405, 0, "405: Method Not Allowed")
        names = [(c["name"], c.get("type", 1)) for c in body]
        if len(names) != len(set(names)):
            self.violate(f"duplicate command names in sync: {names}")
            raise DiscordError(400, 50035, "Invalid Form Body")
        stored = []
        for command in body:
            stored.append(
                {
                    "id": snowflake(),
                    "application_id": self.app_id,
                    "version": snowflake(),
                    "default_member_permissions": None,
                    "type": 1,
                    "description": "",
                    **command,
                    **({"guild_id": guild_id} if guild_id else {}),
                }
            )
        self.commands[guild_id] = stored
        return _json(stored)

    def _new_message(self, channel_id: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        message = {
            "id": snowflake(),
            "channel_id": channel_id,
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
            "_request": body,
            **extra,
        }
        if channel_id == self.channel_id:
            message["guild_id"] = self.guild_id
        if body.get("message_reference") and str(body["message_reference"].get("message_id")) in self.messages:
            message["type"] = 19
            reference = body["message_reference"]
            message["message_reference"] = {
                **reference,
                "message_id": str(reference["message_id"]),
                "channel_id": str(reference.get("channel_id") or channel_id),
            }
        self.messages[message["id"]] = message
        return message

    async def _edit(self, message: dict[str, Any], body: dict[str, Any]) -> None:
        """Apply an edit (PATCH, or an update-message response) the way Discord does: omitted fields stay."""
        merged = {**message["_request"], **body}
        self._check_message(merged)
        message.update(
            content=merged.get("content") or "",
            embeds=merged.get("embeds") or [],
            components=merged.get("components") or [],
            flags=message["flags"] & ~128,  # no longer "loading"
            edited_timestamp=now(),
            _request=merged,
        )
        await self._posted()

    async def _posted(self) -> None:
        async with self.message_posted:
            self.message_posted.notify_all()

    def _check_message(self, body: dict[str, Any]) -> None:
        problems = message_problems(body)
        if problems:
            for problem in problems:
                self.violate(problem)
            raise DiscordError(400, 50035, "Invalid Form Body: " + "; ".join(problems))

    async def _callback(self, token: str, body: dict[str, Any]) -> web.Response:
        state = self.interactions.get(token)
        if state is None:
            raise DiscordError(404, 10062, "Unknown interaction")
        try:
            return await self._respond(state, body)
        finally:
            state.settled.set()

    async def _respond(self, state: InteractionState, body: dict[str, Any]) -> web.Response:
        if time.monotonic() - state.created > self.deadline:
            self.violate(f"interaction {state.payload['data'].get('name') or state.payload['data']} answered late")
            raise DiscordError(404, 10062, "Unknown interaction")
        if state.responses:
            self.violate("interaction responded to twice")
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        kind = body["type"]
        data = body.get("data") or {}
        payload = state.payload
        info: dict[str, Any] = {"id": payload["id"], "type": payload["type"]}
        resource: dict[str, Any] | None = None
        if kind == 8:
            problems = autocomplete_problems(data)
            if payload["type"] != 4:
                problems.append("autocomplete result for a non-autocomplete interaction")
            if problems:
                for problem in problems:
                    self.violate(problem)
                raise DiscordError(400, 50035, "Invalid Form Body")
        elif kind in (4, 5):
            if kind == 4:
                self._check_message(data)
            flags = data.get("flags") or 0
            message = self._new_message(
                payload["channel_id"],
                {**data, "flags": flags | (128 if kind == 5 else 0)},
                interaction_metadata={"id": payload["id"], "type": payload["type"], "user": self._invoker(payload)},
            )
            state.original_id = message["id"]
            info.update(
                response_message_id=message["id"],
                response_message_loading=kind == 5,
                response_message_ephemeral=bool(flags & EPHEMERAL),
            )
            resource = {"type": kind, "message": self._public(message)}
        elif kind == 7:
            if payload["type"] != 3:
                self.violate("update-message response to an interaction without a message")
                raise DiscordError(400, 50035, "Invalid Form Body")
            target = self.messages[payload["message"]["id"]]
            await self._edit(target, data)
            state.original_id = target["id"]
            info.update(response_message_id=target["id"])
            resource = {"type": 7, "message": self._public(target)}
        elif kind == 6:
            if payload["type"] == 3:
                state.original_id = payload["message"]["id"]
            elif payload["type"] != 5:
                self.violate("deferred update for an interaction without a message")
        elif kind == 9:
            if not data.get("custom_id") or not data.get("components"):
                self.violate("modal without custom_id or components")
        else:
            self.violate(f"unexpected callback type {kind}")
        state.responses.append(body)
        await self._posted()
        response: dict[str, Any] = {"interaction": info}
        if resource is not None:
            response["resource"] = resource
        return _json(response)

    def _invoker(self, payload: dict[str, Any]) -> dict[str, Any]:
        return payload.get("user") or payload["member"]["user"]

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in message.items() if not k.startswith("_")}

    async def _webhook(self, method: str, token: str, which: str | None, body: Any) -> web.Response:
        state = self.interactions.get(token)
        if state is None:
            raise DiscordError(404, 10015, "Unknown Webhook")
        self.faults.check_token(state.payload)
        if which is None:
            if method != "POST":
                raise DiscordError(405, 0, "405: Method Not Allowed")
            if not state.responses:
                self.violate("follow-up sent before the interaction was acknowledged")
                raise DiscordError(404, 10015, "Unknown Webhook")
            self._check_message(body)
            message = self._new_message(state.payload["channel_id"], body)
            await self._posted()
            return _json(self._public(message))
        message_id = state.original_id if which == "@original" else which
        if message_id is None or message_id not in self.messages:
            raise DiscordError(404, 10008, "Unknown Message")
        message = self.messages[message_id]
        if method == "GET":
            return _json(self._public(message))
        if method == "DELETE":
            del self.messages[message_id]
            return web.Response(status=204)
        await self._edit(message, body)
        return _json(self._public(message))

    async def _channel_messages(self, method: str, channel_id: str, message_id: str | None, body: Any) -> web.Response:
        known = {self.channel_id, *self.dm_channels.values()}
        if channel_id not in known:
            raise DiscordError(404, 10003, "Unknown Channel")
        self.faults.check_channel(method, channel_id, message_id, body)
        if message_id is None:
            if method != "POST":
                raise DiscordError(405, 0, "405: Method Not Allowed")
            self._check_message(body)
            self.faults.check_reference(body)
            message = self._new_message(channel_id, body)
            await self._posted()
            return _json(self._public(message))
        message = self.messages.get(message_id)
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        if method == "GET":
            return _json(self.as_delivered(message))
        if message["author"]["id"] != self.bot_user["id"]:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        if method == "DELETE":
            del self.messages[message_id]
            return web.Response(status=204)
        await self._edit(message, body)
        return _json(self._public(message))
