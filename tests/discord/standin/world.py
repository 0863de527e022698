"""The world the stand-in keeps: one application with its bot user, one guild with a text channel, a forum channel
(type 15) and the threads members open (and more guilds, each with a text channel, for tests of several shards:
``add_guild``), an owner, a moderator and a member, and the objects Discord sends about them.

Shapes follow Discord's object references: snowflake ids that carry their creation time
(https://discord.com/developers/docs/reference#snowflakes), users (https://discord.com/developers/docs/resources/user),
guilds, members and roles (https://discord.com/developers/docs/resources/guild,
https://discord.com/developers/docs/topics/permissions#role-object), channels
(https://discord.com/developers/docs/resources/channel) and the application
(https://discord.com/developers/docs/resources/application). The state shared by the gateway, the REST routes and
the driver lives here too: messages, interactions, synced commands, what was broken (``violations``).
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import discord

from tests.discord.standin.faults import BOT_ROLE_PERMISSIONS
from tests.discord.standin.rules import RESPONSE_DEADLINE

if TYPE_CHECKING:
    from tests.discord.standin.faults import Faults
    from tests.discord.standin.rest import Request

FLAG_GATEWAY_MESSAGE_CONTENT = 1 << 18
ADMIN_PERMISSIONS = str((1 << 41) - 1)
MEMBER_PERMISSIONS = str((1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31))  # view, send, links, history
MANAGE_GUILD = 1 << 5

_ids = itertools.count(1)


def snowflake() -> str:
    """A real-looking id: discord.py reads creation time from ids (an interaction "expires" 15 min after it)."""
    return str(discord.utils.time_snowflake(datetime.now(UTC)) + next(_ids) % (1 << 22))


def now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class InteractionState:
    payload: dict[str, Any]
    created: float
    responses: list[dict[str, Any]] = field(default_factory=list)
    original_id: str | None = None
    settled: asyncio.Event = field(default_factory=asyncio.Event)  # a first response arrived (accepted or not)
    answered_at: float | None = None  # when the first response arrived (time.monotonic(), like ``created``)

    @property
    def response(self) -> dict[str, Any]:
        assert self.responses, "the bot did not respond to the interaction"
        return self.responses[0]


class World:
    """The guild, its people and the shared state; the gateway, REST and driver mixins build on it."""

    token = "stand-in-token.not-a-real-one"
    faults: Faults

    def __init__(
        self, *, app_has_message_content: bool = True, deadline: float = RESPONSE_DEADLINE, shard_count: int = 1
    ) -> None:
        self.app_has_message_content = app_has_message_content
        self.deadline = deadline
        self.shard_count = shard_count  # what GET /gateway/bot recommends
        self.app_id = snowflake()
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.guild_channels: dict[str, str] = {self.guild_id: self.channel_id}  # every guild: its text channel
        self.forum_id = snowflake()  # a forum channel (type 15): members post threads, not messages
        self.threads: dict[str, dict[str, Any]] = {}  # thread id -> the thread's channel object (type 11)
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
        self.port = 0
        self.message_posted = asyncio.Condition()

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

    def violate(self, text: str) -> None:
        self.violations.append(text)

    # --- guilds and shards ---

    @staticmethod
    def shard_of(guild_id: str, count: int) -> int:
        """The shard a guild's events go to: https://discord.com/developers/docs/topics/gateway#sharding."""
        return (int(guild_id) >> 22) % count

    def add_guild(self, *, shard: int | None = None, count: int | None = None) -> str:
        """Another guild the bot is in, with its own text channel (before the bot connects); ``shard``: one whose
        events go to that shard of ``count`` (default: the recommended shard count)."""
        guild_id = snowflake()
        if shard is not None:
            count = count or self.shard_count
            guild_id = str(int(guild_id) + (((shard - self.shard_of(guild_id, count)) % count) << 22))
        self.guild_channels[guild_id] = snowflake()
        return guild_id

    @property
    def guild_ids(self) -> list[str]:
        return list(self.guild_channels)

    def guild_of(self, channel_id: str) -> str | None:
        """The guild a channel (or thread) is in; None for a DM channel."""
        if channel_id == self.forum_id or channel_id in self.threads:
            return self.guild_id
        return next((g for g, c in self.guild_channels.items() if c == channel_id), None)

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

    def channel_payload(self, channel_id: str | None = None) -> dict[str, Any]:
        channel_id = channel_id or self.channel_id
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": self.guild_of(channel_id),
            "name": "general",
            "position": 0,
            "permission_overwrites": self.faults.overwrite_payload(channel_id),
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def forum_payload(self) -> dict[str, Any]:
        return {
            "id": self.forum_id,
            "type": 15,
            "guild_id": self.guild_id,
            "name": "help-forum",
            "position": 1,
            "permission_overwrites": self.faults.overwrite_payload(self.forum_id),
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
            "available_tags": [],
            "default_reaction_emoji": None,
            "default_thread_rate_limit_per_user": 0,
            "default_sort_order": None,
            "default_forum_layout": 0,
        }

    def thread_payload(self, name: str, parent_id: str, owner: dict[str, Any], thread_id: str) -> dict[str, Any]:
        """A public thread (type 11) as Discord describes it in THREAD_CREATE and on the REST routes."""
        return {
            "id": thread_id,
            "type": 11,
            "guild_id": self.guild_id,
            "parent_id": parent_id,
            "owner_id": owner["id"],
            "name": name,
            "last_message_id": thread_id,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "flags": 0,
            "applied_tags": [],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 4320,
                "archive_timestamp": now(),
                "locked": False,
                "create_timestamp": now(),
            },
        }

    def channel_of(self, channel_id: str) -> dict[str, Any] | None:
        """A guild channel or thread by id, as Discord describes it."""
        if channel_id in self.guild_channels.values():
            return self.channel_payload(channel_id)
        if channel_id == self.forum_id:
            return self.forum_payload()
        return self.threads.get(channel_id)

    def guild_roles(self, guild_id: str | None = None) -> list[dict[str, Any]]:
        everyone = {
            "id": guild_id or self.guild_id,
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

    def guild_payload(self, guild_id: str | None = None) -> dict[str, Any]:
        guild_id = guild_id or self.guild_id
        return {
            "id": guild_id,
            "name": "Stand-in Server" if guild_id == self.guild_id else f"Stand-in Server {guild_id[-4:]}",
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": self.owner["id"],
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": self.guild_roles(guild_id),
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
            "channels": (
                [self.channel_payload(), self.forum_payload()]
                if guild_id == self.guild_id
                else [self.channel_payload(self.guild_channels[guild_id])]
            ),
            "threads": list(self.threads.values()) if guild_id == self.guild_id else [],
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

    def dm_channel_for(self, user: dict[str, Any]) -> str:
        return self.dm_channels.setdefault(user["id"], snowflake())

    async def _posted(self) -> None:
        async with self.message_posted:
            self.message_posted.notify_all()

    @staticmethod
    def _public(message: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in message.items() if not k.startswith("_")}
