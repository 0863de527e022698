"""Start the bot (`faqbot run`) or sync its slash commands (`faqbot sync`), with one-line errors and no token in
any output."""

from __future__ import annotations

import asyncio
import logging
import sys

import aiohttp
import discord

from bot import logs
from bot.app import App
from bot.discordbot.client import create_bot, sync_commands
from bot.settings import Settings

log = logging.getLogger(__name__)

REJECTED = (
    "Discord rejected the token. Copy a fresh one from the Developer Portal (your app > Bot > Reset Token) "
    "into DISCORD_TOKEN in .env."
)
NEEDS_INTENT = (
    "FAQBOT_MESSAGE_CONTENT=true asks for the Message Content intent, which this application does not have. "
    "Enable it in the Developer Portal (Bot > Privileged Gateway Intents) or set FAQBOT_MESSAGE_CONTENT=false."
)


UNREACHABLE = "Could not reach Discord ({reason}). Check the internet connection, DNS, and any proxy or firewall."


def configure_logging(settings: Settings) -> None:
    """discord.py's own log format, at the configured level, for the bot's loggers too. It takes the place of
    the CLI's handler rather than joining it, so each line is printed once."""
    handler = logs.StderrHandler()
    logs.take_over(handler)
    discord.utils.setup_logging(handler=handler, level=getattr(logging, settings.log_level), root=True)


def _fail(message: str) -> int:
    print(f"faqbot: {message}", file=sys.stderr)
    return 1


def _is_network_error(exc: BaseException) -> bool:
    if isinstance(exc, aiohttp.ClientError | discord.GatewayNotFound):
        return True
    return isinstance(exc, OSError) and exc.filename is None  # a file that cannot be written is not the network


def _unreachable(exc: BaseException) -> int:
    """One line for the person; the traceback only in the log, at DEBUG."""
    log.debug("Could not reach Discord", exc_info=exc)
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return _fail(UNREACHABLE.format(reason=reason))


def run(app: App) -> int:
    """Connect to Discord and serve until stopped."""
    settings = app.settings
    assert settings.token, "checked by the caller"
    configure_logging(settings)
    bot = create_bot(settings, app.service, app.records)

    async def main() -> None:
        async with bot:
            await bot.start(settings.token or "")

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        return _fail(REJECTED)
    except discord.PrivilegedIntentsRequired:
        return _fail(NEEDS_INTENT)
    except (aiohttp.ClientError, discord.GatewayNotFound, OSError) as exc:
        if not _is_network_error(exc):
            raise
        return _unreachable(exc)
    except KeyboardInterrupt:
        log.info("Stopped")
    finally:
        app.close()  # write what is still buffered, stop following the FAQ in the database
    return 0


def sync(app: App, guild_id: int | None) -> int:
    """Log in over HTTP only (no gateway), register the slash commands, and exit."""
    settings = app.settings
    configure_logging(settings)
    bot = create_bot(settings, app.service, app.records)

    async def main() -> int:
        async with bot:
            await bot.login(settings.token or "")  # runs setup_hook, which loads the commands
            synced = await sync_commands(bot.tree, guild_id)
        where = f"server {guild_id}" if guild_id else "all servers (global commands can take a while to appear)"
        print(f"Synced {len(synced)} commands to {where}.")
        return 0

    try:
        return asyncio.run(main())
    except discord.LoginFailure:
        return _fail(REJECTED)
    except discord.HTTPException as exc:
        return _fail(f"Discord refused the sync ({exc.status}): {exc.text or 'no details'}")
    except (aiohttp.ClientError, discord.GatewayNotFound, OSError) as exc:
        if not _is_network_error(exc):
            raise
        return _unreachable(exc)
