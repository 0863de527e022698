"""What a test does to the bot through the stand-in, as people on Discord would: post a message (delivered as
MESSAGE_CREATE), run a slash command, type into an autocomplete, use a message command, click a button or pick
from a select, submit a modal, upload a file; then wait for what the bot posted.

Interactions arrive as INTERACTION_CREATE with the payload of
https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object (types 2 command,
3 component, 4 autocomplete, 5 modal submit), only for commands the bot synced
(https://discord.com/developers/docs/interactions/application-commands) and within a modal's own limits
(https://discord.com/developers/docs/components/reference#text-input). Messages arrive as in
https://discord.com/developers/docs/events/gateway-events#message-create, with their text emptied in guilds for a
bot without the message-content intent unless they mention it
(https://discord.com/developers/docs/events/gateway#message-content-intent); none for a channel the bot cannot
see.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from typing import TYPE_CHECKING, Any

from tests.discord.standin.gateway import MESSAGE_CONTENT
from tests.discord.standin.rest import Request
from tests.discord.standin.world import (
    ADMIN_PERMISSIONS,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    InteractionState,
    World,
    now,
    snowflake,
)


class Driver(World):
    """The test's side of the conversation."""

    role_mention_carries_content = True  # a mention of the bot's managed role counts as a mention of the bot

    if TYPE_CHECKING:

        async def dispatch(self, event: str, data: dict[str, Any]) -> None: ...

        @property
        def intents(self) -> int: ...

    def _command(self, name: str, guild: bool, kind: int = 1, guild_id: str | None = None) -> dict[str, Any]:
        for scope in [guild_id or self.guild_id, None] if guild else [None]:
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
        channel_id: str | None = None,
        permissions: str | None = None,
        guild_id: str | None = None,
    ) -> dict[str, Any]:
        """An interaction by ``user`` in a guild, or in their DM channel (``guild=False``). ``channel_id``: where in
        the guild it happens (default: the text channel; a thread works too); ``guild_id``: in another guild's
        text channel (``add_guild``). ``permissions``: the member's there, as Discord resolves them (default: a
        plain member's, or the owner's)."""
        user = user or self.member
        given = permissions
        channel_id = channel_id or self.guild_channels[guild_id or self.guild_id]
        guild_id = self.guild_of(channel_id)
        channel = self.channel_of(channel_id)
        assert channel is not None, f"no channel {channel_id} in the stand-in's guild"
        thread = self.threads.get(channel_id)
        permissions_from = thread["parent_id"] if thread is not None else channel_id  # threads inherit them
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
            permissions = given if given is not None else permissions
            payload.update(
                app_permissions=str(self.faults.bot_permissions(permissions_from)),
                guild_id=guild_id,
                guild_locale="en-US",
                channel_id=channel_id,
                channel=channel,
                member={**self.member_payload(user, moderator=moderator), "permissions": permissions},
                authorizing_integration_owners={"0": guild_id},
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
        command = self._command(name, guild, guild_id=kwargs.get("guild_id"))
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
        guild_id = message.get("guild_id") or self.guild_of(message["channel_id"])
        if guild_id is not None:
            kwargs.setdefault("channel_id", message["channel_id"])
        return await self.interact(
            self.interaction_payload(
                3, data, message=self.messages[message["id"]], guild=guild_id is not None, guild_id=guild_id, **kwargs
            )
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
        ping: bool = True,
        channel_id: str | None = None,
        webhook_id: str | None = None,
        id: str | None = None,
        kind: int | None = None,
        guild_id: str | None = None,
    ) -> dict[str, Any]:
        """A member's message. ``reply_to``: a reply to that message (Discord's type 19, with a reference); with
        ``ping`` (the client's default) its author is in ``mentions`` though the text has no ``<@id>``, as Discord
        sends a reply that pings. ``channel_id``: a guild channel or thread other than the text channel;
        ``guild_id``: in another guild's text channel (``add_guild``). ``webhook_id``: posted by that webhook
        (``author`` is then the name it posted under: Discord sends no member for it). ``kind``: another message
        type, such as a system message (18: thread created)."""
        author = author or self.member
        guild_id = self.guild_of(channel_id) if channel_id else guild_id or self.guild_id
        message: dict[str, Any] = {
            "id": id or snowflake(),
            "channel_id": (channel_id or self.guild_channels[guild_id]) if guild else self.dm_channel_for(author),
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
                message["message_reference"]["guild_id"] = guild_id
            replied = reply_to["author"]
            if ping and replied["id"] != author["id"] and all(m["id"] != replied["id"] for m in message["mentions"]):
                message["mentions"] = [*message["mentions"], replied]
        if kind is not None:
            message["type"] = kind
        if guild:
            message["guild_id"] = guild_id
            message["member"] = {k: v for k, v in self.member_payload(author).items() if k != "user"}
        if webhook_id is not None:
            message["webhook_id"] = webhook_id
            message.pop("member", None)
        return message

    def webhook_author(self, name: str = "Announcements") -> tuple[dict[str, Any], str]:
        """Who a webhook's message is from, as Discord sends it (the webhook's id, its name, not marked a bot),
        and the webhook's id."""
        webhook_id = snowflake()
        return {**self.user(name, id=webhook_id), "discriminator": "0000"}, webhook_id

    async def open_thread(self, name: str, *, author: dict[str, Any] | None = None) -> dict[str, Any]:
        """A member starts a public thread in the text channel: THREAD_CREATE, the thread's parent the channel."""
        author = author or self.member
        thread = self.thread_payload(name, self.channel_id, author, snowflake())
        self.threads[thread["id"]] = thread
        member = {"id": thread["id"], "user_id": author["id"], "join_timestamp": now(), "flags": 0}
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True, "member": member})
        return thread

    async def post_in_forum(
        self, title: str, content: str, *, author: dict[str, Any] | None = None, wait: float = 2.0
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """A member opens a thread in the forum channel, as Discord reports it: THREAD_CREATE (the thread, type
        11, its parent the forum), then MESSAGE_CREATE for its first post, whose id is the thread's and whose
        channel is the thread. Returns the thread and the bot's replies to the post."""
        author = author or self.member
        thread_id = snowflake()
        thread = self.thread_payload(title, self.forum_id, author, thread_id)
        self.threads[thread_id] = thread
        member = {"id": thread_id, "user_id": author["id"], "join_timestamp": now(), "flags": 0}
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True, "member": member})
        replies = await self.say(content, author=author, channel_id=thread_id, id=thread_id, wait=wait)
        return thread, replies

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
