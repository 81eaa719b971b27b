"""Lenient reading of schema.org JSON-LD: nodes, types, and the shapes their values take."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from newsbot.extract.text import clean

Node = dict[str, Any]

# schema.org types of a single article page (lowercased, without the schema.org prefix).
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
    "askpublicnewsarticle", "blogposting", "liveblogposting", "techarticle",
    "scholarlyarticle", "satiricalarticle", "advertisercontentarticle", "report",
})
# Types of pages that list or describe other pages.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})

_TRAILING_COMMA_RE = re.compile(r",\s*([\]}])")
# Keys under which a node nests further top-level entities.
_NESTING_KEYS = ("@graph", "mainEntity")


def parse_blocks(scripts: list[str]) -> list[Node]:
    """Every node of every JSON-LD script, flattened out of lists and ``@graph``."""
    nodes: list[Node] = []
    for script in scripts:
        data = _loads(script)
        if data is not None:
            nodes.extend(_flatten(data))
    return nodes


def _loads(script: str) -> Any:
    """JSON as written by CMSs: raw control characters and trailing commas are tolerated."""
    for candidate in (script, _TRAILING_COMMA_RE.sub(r"\1", script)):
        try:
            return json.loads(candidate.strip(), strict=False)
        except (ValueError, RecursionError):  # RecursionError: hostile nesting depth
            continue
    return None


def _flatten(data: Any) -> Iterator[Node]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten(entry)
    elif isinstance(data, dict):
        yield data
        for key in _NESTING_KEYS:
            if key in data:
                yield from _flatten(data[key])


def types_of(node: Node) -> set[str]:
    """Lowercased type names of a node, ``https://schema.org/NewsArticle`` -> ``newsarticle``."""
    raw = node.get("@type") or []
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values if v}


def first_text(value: Any) -> str | None:
    """The first non-empty text of a string, ``{"name": ...}``/``{"@value": ...}`` or list."""
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict):
            entry = entry.get("name") or entry.get("@value")
        if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
            text = clean(str(entry))
            if text:
                return text
    return None


def names(value: Any, index: dict[str, Node]) -> list[str]:
    """Names of people or organizations, resolving ``{"@id": ...}`` references via ``index``."""
    found: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict) and "name" not in entry and entry.get("@id") in index:
            entry = index[entry["@id"]]
        name = first_text(entry)
        if name:
            found.append(name)
    return found


def url_of(value: Any) -> str | None:
    """The first URL of a string, ``ImageObject`` (``url``/``contentUrl``) or list."""
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict):
            entry = entry.get("url") or entry.get("contentUrl")
        if isinstance(entry, str) and entry.strip():
            return entry.strip()
    return None


def id_index(nodes: list[Node]) -> dict[str, Node]:
    """Nodes by ``@id``, to resolve the references of a Yoast-style ``@graph``."""
    return {str(node["@id"]): node for node in nodes if node.get("@id")}


def is_false(value: Any) -> bool:
    """True for JSON-LD's ways of writing false: ``false``, ``"False"``, ``"false"``."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")
