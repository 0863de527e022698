"""One error handler for prefix, hybrid and app commands, and for views: a short message for the user, the
traceback for the log."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.article import ArticleMeta
from bot.discordbot import delivery

log = logging.getLogger(__name__)

GENERIC = "Something went wrong on my side and it has been logged. Please try again in a moment."


class Refused(app_commands.CheckFailure):
    """A check that failed with a message for the user (who may do what, where)."""


def describe(error: BaseException, article: ArticleMeta | None = None) -> str | None:
    """What to tell the user about an error; None for errors that need no reply. With ``article``, a missing
    argument comes with an example question from it."""
    if isinstance(error, Refused):
        return str(error)
    if isinstance(error, commands.HybridCommandError | commands.CommandInvokeError | app_commands.CommandInvokeError):
        original = getattr(error, "original", None)
        if original is not None and original is not error:
            return describe(original, article)
    if isinstance(error, commands.CommandNotFound):
        return None
    if isinstance(error, commands.CommandOnCooldown | app_commands.CommandOnCooldown):
        return f"You're asking quickly. Try again in {max(1, round(error.retry_after))} s."
    if isinstance(error, commands.MissingRequiredArgument):
        example = f" Example: `/ask question: {article.example_question}`" if article is not None else ""
        return f"That command needs `{error.param.name}`.{example}"
    if isinstance(error, commands.UserInputError | app_commands.TransformerError):
        return "I couldn't read that input. Check the command's options and try again."
    if isinstance(error, commands.NoPrivateMessage | app_commands.NoPrivateMessage):
        return "That command works in servers only."
    if isinstance(error, commands.NotOwner):
        return "Only the bot's owner can do that."
    if isinstance(error, commands.CheckFailure | app_commands.CheckFailure):
        return "You can't use that command here."
    return GENERIC


def root_cause(error: BaseException) -> BaseException:
    """The error under discord.py's wrappers (CommandInvokeError, HybridCommandError…)."""
    while (original := getattr(error, "original", None)) is not None and original is not error:
        error = original
    return error


TOKEN_GONE = {10062: "Unknown interaction", 10015: "Unknown Webhook", 50027: "Invalid Webhook Token"}


async def report_interaction_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Log unexpected errors with their traceback and tell the user, whether or not a response was sent yet."""
    cause = root_cause(error)
    if isinstance(cause, discord.HTTPException) and cause.code in TOKEN_GONE:
        # Too late: the 3 seconds for a first response (a slow handler, or Discord's 429 held it back), or the 15
        # minutes of the token. Discord told the member ("This interaction failed"); no second try can land.
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        log.warning(
            "Too late to respond to interaction %s after %.1f s (%s): the member saw “This interaction failed”.",
            interaction.id,
            age,
            TOKEN_GONE[cause.code],
        )
        return
    message = describe(error)
    if message == GENERIC:
        log.error("Error in interaction %s", interaction.data, exc_info=error)
    if message is None:
        return
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException:
        log.warning("Could not tell the user about an error", exc_info=True)


async def report_command_error(ctx: commands.Context[Any], error: BaseException) -> None:
    """The same for prefix and hybrid commands: ephemeral when it came from a slash command."""
    if ctx.interaction is not None:
        await report_interaction_error(ctx.interaction, error)
        return
    cause = root_cause(error)
    if isinstance(cause, discord.Forbidden):
        await delivery.explain_forbidden(ctx.message, cause)  # the channel is closed to the bot: say what to grant
        return
    article = getattr(ctx.bot, "article", None)
    message = describe(error, article if isinstance(article, ArticleMeta) else None)
    if message == GENERIC:
        log.error("Error in command %s", ctx.command, exc_info=error)
    if message is None:
        return
    try:
        await delivery.reply(ctx.message, content=message)
    except (discord.HTTPException, delivery.MessageGone):
        log.warning("Could not tell the user about an error", exc_info=True)
