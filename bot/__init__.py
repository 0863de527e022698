"""A citation-grounded FAQ bot for Discord about one article (knowledge/article.yaml says which)."""

__version__ = "0.1.0"
