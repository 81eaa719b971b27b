"""A JSON Feed 1.1 validator for the tests: https://jsonfeed.org/version/1.1 as a JSON Schema,
plus what a schema does not say (no null anywhere, RFC 3339 dates, absolute web URLs)."""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

URL = {"type": "string", "pattern": r"^https?://[^\s/]+"}
TEXT = {"type": "string"}
DATE = {"type": "string", "format": "date-time",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"}
AUTHOR = {
    "type": "object", "minProperties": 1, "additionalProperties": False,
    "properties": {"name": {"type": "string", "minLength": 1}, "url": URL, "avatar": URL},
}
AUTHORS = {"type": "array", "items": AUTHOR}
EXTENSIONS = {"^_": {"type": "object"}}
ATTACHMENT = {
    "type": "object", "required": ["url", "mime_type"],
    "properties": {"url": URL, "mime_type": TEXT, "title": TEXT,
                   "size_in_bytes": {"type": "integer"}, "duration_in_seconds": {"type": "number"}},
}
ITEM = {
    "type": "object",
    "required": ["id"],
    "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "url": URL, "external_url": URL, "title": TEXT, "content_html": TEXT, "content_text": TEXT,
        "summary": TEXT, "image": URL, "banner_image": URL, "date_published": DATE,
        "date_modified": DATE, "authors": AUTHORS,
        "tags": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "language": {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"},
        "attachments": {"type": "array", "items": ATTACHMENT},
    },
    "patternProperties": EXTENSIONS,
    "additionalProperties": False,
}
FEED = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": URL, "feed_url": URL, "description": TEXT, "user_comment": TEXT,
        "next_url": URL, "icon": URL, "favicon": URL, "authors": AUTHORS, "language": TEXT,
        "expired": {"type": "boolean"}, "hubs": {"type": "array"},
        "items": {"type": "array", "items": ITEM},
    },
    "patternProperties": EXTENSIONS,
    "additionalProperties": False,
}
VALIDATOR = Draft202012Validator(FEED, format_checker=FormatChecker())


def _nulls(value: Any, path: str = "$") -> list[str]:
    if value is None:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nulls(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nulls(v, f"{path}[{i}]")]
    return []


def validate_jsonfeed(document: Any) -> None:
    """Raise AssertionError, naming every problem, unless ``document`` is valid JSON Feed 1.1."""
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}"
                for e in VALIDATOR.iter_errors(document)]
    problems += [f"{path}: null" for path in _nulls(document)]
    ids = [item.get("id") for item in document.get("items", []) if isinstance(item, dict)]
    if len(ids) != len(set(ids)):
        problems.append("items: ids are not unique")
    assert not problems, "not JSON Feed 1.1:\n" + "\n".join(problems[:20])


def is_rfc3339(value: str) -> bool:
    return bool(re.fullmatch(DATE["pattern"], value))
