"""The HTTP API routes the bot uses, served as Discord serves them, on ``/api/v10``: every request is recorded,
checked against Discord's schema (``spec.py``), authorised (``Authorization: Bot <token>``, or the interaction
token in the URL), run past the fault switches (``faults.py``: 429s, permissions, slow routes) and answered with
Discord's JSON errors (``{"code", "message"}``, and the 50035 ``errors`` object) when a rule is broken.

Routes: the gateway URL (https://discord.com/developers/docs/events/gateway#get-gateway-bot), the bot user and
application, DM channels, command sync (https://discord.com/developers/docs/interactions/application-commands
#bulk-overwrite-global-application-commands), interaction callbacks and their follow-up webhooks with
``@original`` (https://discord.com/developers/docs/interactions/receiving-and-responding), channel messages
(https://discord.com/developers/docs/resources/message), roles, the channel and typing; attachments are served
like Discord's CDN. Error codes: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json; the
error shape: https://discord.com/developers/docs/reference#error-messages; rate-limit answers:
https://discord.com/developers/docs/topics/rate-limits.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.discord.standin.faults import Reject
from tests.discord.standin.rules import (
    EPHEMERAL,
    DiscordError,
    answered_late,
    autocomplete_problems,
    message_problems,
)
from tests.discord.standin.spec import load_spec
from tests.discord.standin.strict import errors_object
from tests.discord.standin.world import InteractionState, World, now, snowflake


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float = field(default_factory=time.monotonic)
    limited: bool = False  # answered with a 429 by a fault switch


# The files uploaded with the request being handled (multipart/form-data ``files[n]``), in order: each request is
# handled in its own task, so a context variable keeps them apart.
_FILES: ContextVar[tuple[tuple[str, bytes], ...]] = ContextVar("standin_files", default=())
DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024  # a server without boosts; interactions carry their own


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py reads JSON only when Content-Type is exactly application/json (no charset).
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


class Rest(World):
    """The routes, and the bodies the bot sent."""

    strict_schema = True  # unknown keys refused; problems named by JSON path and rule (Discord's 50035 errors)
    check_schema = True  # False only for the load benchmark: Discord's checks cost the bot's machine nothing

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.spec = load_spec()
        self.uploads: list[tuple[str, bytes]] = []

    if TYPE_CHECKING:

        def as_delivered(self, message: dict[str, Any]) -> dict[str, Any]: ...

    async def _file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["id"])
        if delay := self.faults.delay(request.method, request.path):  # a slow CDN
            await asyncio.sleep(delay)
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, headers={"Content-Type": "application/octet-stream"})

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = await self._body(request)
        recorded = Request(request.method, path, dict(request.query), body)
        self.requests.append(recorded)
        callback = re.fullmatch(r"/interactions/\d+/([^/]+)/callback", path)
        if callback and (state := self.interactions.get(callback.group(1))) and state.answered_at is None:
            state.answered_at = recorded.at  # when it reached Discord, before any check
        if delay := self.faults.delay(request.method, path):
            await asyncio.sleep(delay)
        limited = self.faults.rate_limited(request.method, path)
        if limited is not None:
            recorded.limited = True
            return self._reject(request.method, path, limited)
        if (failed := self.faults.failure(request.method, path)) is not None:
            return self._reject(request.method, path, failed)
        problems = self.spec.check(request.method, path, body, strict=self.strict_schema) if self.check_schema else []
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
            self._check_files(path)
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
            files: list[tuple[str, bytes]] = []
            async for part in reader:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    files.append((part.filename or "", bytes(await part.read())))  # type: ignore[union-attr]
            self.uploads.extend(files)
            _FILES.set(tuple(files))
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
                    "shards": self.shard_count,
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
        match = re.fullmatch(r"/guilds/(\d+)/roles", path)
        if match and match.group(1) in self.guild_channels and method == "GET":
            return _json(self.guild_roles(match.group(1)))
        if (match := re.fullmatch(r"/channels/(\d+)", path)) and method == "GET":
            channel = self.channel_of(match.group(1))
            if channel is None:
                raise DiscordError(404, 10003, "Unknown Channel")
            return _json(channel)
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

    def _check_files(self, path: str) -> None:
        """Discord refuses a file over the attachment size limit: the interaction's ``attachment_size_limit`` for
        its responses and follow-ups, the server's otherwise (413, code 40005)."""
        limit = DEFAULT_ATTACHMENT_LIMIT
        token = re.fullmatch(r"/(?:interactions/\d+|webhooks/\d+)/([^/]+)(?:/.*)?", path)
        if token and token.group(1) in self.interactions:
            limit = self.interactions[token.group(1)].payload.get("attachment_size_limit", limit)
        for name, content in _FILES.get():
            if len(content) > limit:
                self.violate(f"attachment {name} is {len(content)} bytes; the limit is {limit}")
                raise DiscordError(413, 40005, "Request entity too large")

    def _attachments(self, body: dict[str, Any], before: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The message's attachments after this request, as Discord keeps them: ``attachments`` in the body lists
        those kept (an existing id) and those uploaded now (``id`` n for the request's ``files[n]``); without it,
        what was there stays and what was uploaded is added."""
        files = _FILES.get()
        listed = body.get("attachments")
        if listed is None:
            listed = [*({"id": a["id"]} for a in before), *({"id": i} for i in range(len(files)))]
        kept = {a["id"]: a for a in before}
        out = []
        for item in listed:
            if str(item["id"]) in kept:
                out.append(kept[str(item["id"])])
                continue
            index = int(item["id"])
            if not 0 <= index < len(files):
                raise DiscordError(400, 50035, f"Invalid Form Body: attachment {index} was not uploaded")
            name, content = files[index]
            attachment_id = snowflake()
            self.files[attachment_id] = content
            url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{item.get('filename') or name}"
            out.append(
                {
                    "id": attachment_id,
                    "filename": item.get("filename") or name,
                    "size": len(content),
                    "url": url,
                    "proxy_url": url,
                }
            )
        return out

    def attached(self, message: dict[str, Any]) -> dict[str, bytes]:
        """The files a message carries now, by name."""
        return {a["filename"]: self.files[a["id"]] for a in message.get("attachments") or []}

    def _new_message(self, channel_id: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        for problem in self.faults.emoji_problems(channel_id, body):
            self.violate(problem)
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
            "attachments": self._attachments(body, []),
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
            "_request": body,
            **extra,
        }
        if (guild_id := self.guild_of(channel_id)) is not None:
            message["guild_id"] = guild_id
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
        for problem in self.faults.emoji_problems(message["channel_id"], body):
            self.violate(problem)
        message.update(
            content=merged.get("content") or "",
            embeds=merged.get("embeds") or [],
            components=merged.get("components") or [],
            attachments=self._attachments(body, message.get("attachments") or []),
            flags=message["flags"] & ~128,  # no longer "loading"
            edited_timestamp=now(),
            _request=merged,
        )
        await self._posted()

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
        if answered_late(state.created, self.deadline):
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
        known = {*self.guild_channels.values(), *self.threads, *self.dm_channels.values()}  # a forum takes threads
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
