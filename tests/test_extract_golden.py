"""Golden tests: whole pages through ``extract_article``, compared block by block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsbot.extract import extract_article

FIXTURES = Path(__file__).parent / "fixtures"
SEED_URL = "https://globaldesk.example/2023/09/30/taliban-rejects-iran-claim/"
PAYWALL_URL = "https://wirtschaftsblatt.example/wirtschaft/energieversorger-preise-12345"

# (page, URL it was fetched from); each has an expected body next to it.
ARTICLES = [
    ("seed/article.html", SEED_URL),
    ("seed/article-boxes-inside.html", SEED_URL),
    ("extract/teaser-grid.html", "https://coastalcourier.example/2024/03/01/harbour-ferry-resumes/"),
    ("extract/link-dense.html", "https://dailyherald.example/news/2024/03/12/council-approves-budget"),
    ("extract/labels.html", "https://northernpost.example/transport/rail-strike-called-off"),
    ("extract/comments.html", "https://townnews.example/2024/04/14/river-path-trees/"),
    ("extract/inline-teasers.html", "https://diariodelpuerto.example/2024/05/07/ampliacion-terminal/"),
    ("extract/paywall.html", PAYWALL_URL),
    ("extract/no-metadata.html", "http://rivertimes.example/reports/river-cleanup-volunteers.html"),
    ("extract/short-paragraphs.html", "https://eveningweekly.example/features/last-lamplighter"),
]
LISTINGS = [
    ("extract/front-page.html", "https://dailyherald.example/"),
    ("extract/section-page.html", "https://dailyherald.example/world/"),
]


def blocks_of(text: str, separator: str) -> list[str]:
    """Blocks with whitespace collapsed and an optional leading "- " removed."""
    blocks = (" ".join(block.split()) for block in text.split(separator))
    return [re.sub(r"^- ", "", block) for block in blocks if block]


def expected_for(page: str) -> list[str]:
    path = FIXTURES / page
    expected = path.parent / "expected.txt" if page.startswith("seed/") else path.with_suffix(".expected.txt")
    return blocks_of(expected.read_text(encoding="utf-8"), "\n")


@pytest.mark.parametrize(("page", "url"), ARTICLES, ids=[page for page, _ in ARTICLES])
def test_article_body_matches_expected(page: str, url: str) -> None:
    article = extract_article((FIXTURES / page).read_text(encoding="utf-8"), url)
    assert article is not None
    assert blocks_of(article.text, "\n\n") == expected_for(page)


@pytest.mark.parametrize(("page", "url"), LISTINGS, ids=[page for page, _ in LISTINGS])
def test_listing_page_is_not_an_article(page: str, url: str) -> None:
    assert extract_article((FIXTURES / page).read_text(encoding="utf-8"), url) is None


def test_seed_text_is_blank_line_separated_with_list_markers() -> None:
    article = extract_article((FIXTURES / "seed/article.html").read_text(encoding="utf-8"), SEED_URL)
    assert article is not None
    assert article.text.startswith("- Iran claimed it sent ISIL members to Afghanistan.\n\n- The Taliban")
    assert "\n\nHe added:\n\n" in article.text


def test_paywalled_page_is_flagged() -> None:
    article = extract_article((FIXTURES / "extract/paywall.html").read_text(encoding="utf-8"), PAYWALL_URL)
    assert article is not None and article.paywalled

