"""Feeds and sitemaps carrying XML entity bombs are read without expanding a single entity."""

from __future__ import annotations

import time

import pytest

from newsbot.discovery import feed_entries, sitemap_entries
from tests.hostile_payloads import SECRET, billion_laughs, quadratic_blowup, xxe

BASE = "https://n.example"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def _entries(root: str, body: bytes) -> list[str]:
    return feed_entries(body, BASE) if root == "rss" else [e.url for e in sitemap_entries(body)]


@pytest.mark.parametrize("root", ["rss", "urlset"])
def test_external_entities_never_read_local_files(root, secret_file):
    urls = _entries(root, xxe(root, BASE, secret_file))
    assert not [u for u in urls if SECRET in u]


@pytest.mark.parametrize("root", ["rss", "urlset"])
def test_entity_bombs_are_not_expanded(root):
    for body in (billion_laughs(root), quadratic_blowup(root, BASE)):
        started = time.monotonic()
        urls = _entries(root, body)
        assert time.monotonic() - started < 5
        assert sum(len(u) for u in urls) < len(body), "nothing grew"
        assert not [u for u in urls if "lollol" in u or "AAAAAAAAAA" in u]
