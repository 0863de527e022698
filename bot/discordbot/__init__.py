"""The Discord front-end: a thin layer that turns interactions and messages into core calls."""
