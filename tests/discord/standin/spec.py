"""Discord's own OpenAPI document, as the stand-in's first check on every request: is the route one of Discord's,
is the method allowed there, and does the JSON body fit the operation's request schema.

Discord publishes the document at https://github.com/discord/discord-api-spec (vendored here:
``tests/data/vendor/discord-api-spec/openapi.json``); the routes and bodies it describes are the HTTP API of
https://discord.com/developers/docs/reference. With ``strict`` the problems are those of ``strict.py``: named by
JSON path and rule, unknown keys included, as Discord's 50035 ``errors`` object names them
(https://discord.com/developers/docs/reference#error-messages).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.discord.standin.strict import SchemaError, Strict
from tests.paths import DISCORD_OPENAPI


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
