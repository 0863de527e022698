"""Strict schema checks for the stand-in: every problem named by its JSON path and rule, as Discord's 50035
``errors`` object does, and unknown keys refused (Discord ignores them, so a misspelt ``allowed_mentions`` would
silently ping everyone).

Works on JSON pointers into the OpenAPI document, so every schema visited can be validated on its own: ``anyOf``
and ``oneOf`` follow the branch the value is valid for, ``allOf`` knows the keys of all its branches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jsonschema
from jsonschema.exceptions import ValidationError

if TYPE_CHECKING:
    from tests.discord.standin.spec import Spec

UNKNOWN_KEY = "unknownKey"
# Keys discord.py sends that Discord accepts but its OpenAPI document does not list (found by running the suite).
SCHEMA_GAPS = {
    "/components/schemas/ApplicationCommandUpdateRequest": {"nsfw"},
    "/components/schemas/IncomingWebhookUpdateRequestPartial": {"tts"},
    "/components/schemas/IncomingWebhookUpdateForInteractionCallbackRequestPartial": {"tts"},
    "/components/schemas/RichEmbed": {"flags"},
}
# Discord's error codes for the JSON Schema rules (the ones it documents; the rest keep the rule's name).
CODES = {
    "maxLength": "BASE_TYPE_MAX_LENGTH",
    "minLength": "BASE_TYPE_MIN_LENGTH",
    "maxItems": "BASE_TYPE_MAX_LENGTH",
    "minItems": "BASE_TYPE_MIN_LENGTH",
    "required": "BASE_TYPE_REQUIRED",
    "enum": "BASE_TYPE_CHOICES",
    "const": "BASE_TYPE_CHOICES",
    "maximum": "NUMBER_TYPE_MAX",
    "minimum": "NUMBER_TYPE_MIN",
    "type": "BASE_TYPE_BAD_TYPE",
    UNKNOWN_KEY: "UNKNOWN_FIELD",
}


@dataclass(frozen=True)
class SchemaError:
    path: tuple[str | int, ...]
    rule: str  # the JSON Schema keyword that failed, or ``unknownKey``
    message: str

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) or "(body)"
        return f"{where}: {self.message} (rule {self.rule})"


def errors_object(errors: list[SchemaError]) -> dict[str, Any]:
    """Discord's 50035 ``errors``: nested by path, each leaf ``{"_errors": [{"code", "message"}]}``."""
    tree: dict[str, Any] = {}
    for error in errors:
        node = tree
        for part in error.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": CODES.get(error.rule, error.rule), "message": error.message})
    return tree


def _rank(errors: list[ValidationError], depth: int) -> tuple[bool, int]:
    """How likely a branch of anyOf / oneOf is the one the body meant: its discriminator (a ``type`` enum or const
    right on the object, or the object's own type) matched, and it got deep into the body."""
    discriminated = any(
        (e.validator in ("enum", "const") and len(e.absolute_path) == depth + 1)
        or (e.validator == "type" and len(e.absolute_path) == depth)
        for e in errors
    )
    return (not discriminated, max(len(_deepest(e).absolute_path) for e in errors))


def _deepest(error: ValidationError) -> ValidationError:
    """For anyOf / oneOf, the complaint of the branch the body was meant for; other errors as they are."""
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        depth = len(error.absolute_path)
        meant = max(branches.values(), key=lambda errors, depth=depth: _rank(errors, depth))
        error = max(meant, key=lambda e: len(_deepest(e).absolute_path))
    return error


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class Strict:
    """The checks, over one OpenAPI document."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}
        self._seen: dict[tuple[str, str], list[SchemaError]] = {}  # the same body again (command syncs): same answer

    def at(self, pointer: str) -> Any:
        node: Any = self.spec.document
        for part in pointer.strip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def validator(self, pointer: str) -> jsonschema.Draft202012Validator:
        if pointer not in self._validators:
            self._validators[pointer] = jsonschema.Draft202012Validator(
                {"$ref": "urn:discord#" + quote(pointer)}, registry=self.spec.registry
            )
        return self._validators[pointer]

    def errors(self, pointer: str, body: Any) -> list[SchemaError]:
        """Every problem with ``body`` against the schema at ``pointer``: broken rules, then unknown keys."""
        key = (pointer, json.dumps(body, sort_keys=True))
        if key not in self._seen:
            if len(self._seen) > 1000:
                self._seen.clear()
            self._seen[key] = self._errors(pointer, body)
        return self._seen[key]

    def _errors(self, pointer: str, body: Any) -> list[SchemaError]:
        found: list[SchemaError] = []
        for error in self.validator(pointer).iter_errors(body):
            best = _deepest(error)  # inside anyOf / oneOf: the complaint of the branch the body meant
            path = tuple(best.absolute_path)
            if best.validator == "required" and isinstance(best.instance, dict):
                missing = [k for k in best.validator_value if k not in best.instance]
                path = (*path, *missing[:1])
            found.append(SchemaError(path, str(best.validator), best.message[:300]))
        if not found:
            found = self.unknown_keys(pointer, body, ())
        return found

    def unknown_keys(self, pointer: str, value: Any, path: tuple[str | int, ...]) -> list[SchemaError]:
        schema = self.at(pointer)
        if not isinstance(schema, dict):
            return []
        if "$ref" in schema:
            return self.unknown_keys(schema["$ref"].removeprefix("#"), value, path)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                for index in range(len(schema[key])):
                    branch = f"{pointer}/{key}/{index}"
                    if self.validator(branch).is_valid(value):
                        return self.unknown_keys(branch, value, path)
                return []
        if "allOf" in schema:
            branches = [f"{pointer}/allOf/{index}" for index in range(len(schema["allOf"]))]
            known = set().union(*(self.keys(b) for b in branches))
            return [
                e
                for branch in branches
                for e in self.unknown_keys(branch, value, path)
                if not (e.rule == UNKNOWN_KEY and e.path[:-1] == path and e.path[-1] in known)
            ]
        found: list[SchemaError] = []
        if isinstance(value, dict) and "properties" in schema:
            extra = schema.get("additionalProperties")
            for key, item in value.items():
                if key in schema["properties"]:
                    found += self.unknown_keys(f"{pointer}/properties/{_escape(key)}", item, (*path, key))
                elif isinstance(extra, dict):
                    found += self.unknown_keys(f"{pointer}/additionalProperties", item, (*path, key))
                elif key in SCHEMA_GAPS.get(pointer, ()):
                    pass  # Discord takes it; its schema doesn't list it
                elif extra is not True and not schema.get("patternProperties"):
                    found.append(SchemaError((*path, key), UNKNOWN_KEY, f"{key!r} is not a field Discord knows here"))
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                found += self.unknown_keys(f"{pointer}/items", item, (*path, index))
        return found

    def keys(self, pointer: str) -> set[str]:
        """The keys an object schema knows (following references and every branch)."""
        schema = self.at(pointer)
        if not isinstance(schema, dict):
            return set()
        if "$ref" in schema:
            return self.keys(schema["$ref"].removeprefix("#"))
        known = set(schema.get("properties") or {})
        for key in ("anyOf", "oneOf", "allOf"):
            for index in range(len(schema.get(key) or [])):
                known |= self.keys(f"{pointer}/{key}/{index}")
        return known
