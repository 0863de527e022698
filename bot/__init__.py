"""A citation-grounded FAQ bot for Discord about the January 2024 Iran–Pakistan standoff."""

__version__ = "0.1.0"
