"""A small Discord stand-in on 127.0.0.1 that discord.py's real code talks to.

It speaks the gateway handshake (HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME) and the REST routes the
bot uses, records every request, validates every request body against Discord's own OpenAPI schema (vendored:
``tests/data/vendor/discord-api-spec/openapi.json``), and holds the bot to Discord's rules: the 3-second deadline
for a first interaction response (10062), no second response (40060), content/embed/component limits (50035), only
synced commands can be invoked, no message content in guilds without the intent, close code 4014 for a
privileged intent the application lacks. Every rule broken is also kept in ``violations``: a test fixture fails
the test on any.

Modules, by the Discord behaviour each models:

- ``spec``: Discord's OpenAPI document: routes and request schemas;
- ``strict``: the strict schema check: problems by JSON path and rule, unknown keys refused (50035 ``errors``);
- ``rules``: limits, no pings, autocomplete, the 3-second rule;
- ``world``: the guilds (one, and more with ``add_guild``), their people, and the objects Discord sends about them;
- ``gateway``: the websocket: HELLO, IDENTIFY, READY, dispatch with sequence numbers, RESUME, shards (a guild's
  events to its shard, DMs to shard 0);
- ``rest``: the HTTP routes, authorisation, Discord's JSON errors;
- ``driver``: what a test does: messages, slash commands, clicks, modals, autocomplete, attachments;
- ``faults``: fault switches: permissions, rate limits, lag, deletions, expired tokens, gateway trouble;
- ``server``: ``StandIn``, the server that puts them together and points discord.py at itself.
"""

from tests.discord.standin.driver import Driver
from tests.discord.standin.faults import BOT_ROLE_PERMISSIONS, Faults, Reject
from tests.discord.standin.gateway import MESSAGE_CONTENT, Gateway, Session
from tests.discord.standin.rest import Request, Rest
from tests.discord.standin.rules import (
    EPHEMERAL,
    RESPONSE_DEADLINE,
    DiscordError,
    autocomplete_problems,
    component_problems,
    message_problems,
)
from tests.discord.standin.server import StandIn
from tests.discord.standin.spec import Spec, load_spec
from tests.discord.standin.strict import SchemaError, Strict, errors_object
from tests.discord.standin.world import (
    ADMIN_PERMISSIONS,
    FLAG_GATEWAY_MESSAGE_CONTENT,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    InteractionState,
    World,
    now,
    snowflake,
)

__all__ = [
    "ADMIN_PERMISSIONS",
    "BOT_ROLE_PERMISSIONS",
    "EPHEMERAL",
    "FLAG_GATEWAY_MESSAGE_CONTENT",
    "MANAGE_GUILD",
    "MEMBER_PERMISSIONS",
    "MESSAGE_CONTENT",
    "RESPONSE_DEADLINE",
    "DiscordError",
    "Driver",
    "Faults",
    "Gateway",
    "InteractionState",
    "Reject",
    "Request",
    "Rest",
    "SchemaError",
    "Session",
    "Spec",
    "StandIn",
    "Strict",
    "World",
    "autocomplete_problems",
    "component_problems",
    "errors_object",
    "load_spec",
    "message_problems",
    "now",
    "snowflake",
]
