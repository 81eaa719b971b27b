from newsbot.urls import (
    canonicalize,
    has_date_path,
    looks_like_file,
    looks_like_listing,
    same_site,
    site_of,
    strip_tracking,
)


def test_tracking_parameters_are_removed_and_others_kept():
    url = "https://news.example/a/story?utm_source=x&utm_medium=y&id=7&fbclid=abc&gclid=z#top"
    assert strip_tracking(url) == "https://news.example/a/story?id=7"


def test_canonical_form_folds_case_order_and_tracking():
    a = canonicalize("HTTP://News.Example/story?b=2&a=1&utm_campaign=c")
    b = canonicalize("http://news.example/story?a=1&b=2")
    assert a == b


def test_site_identity_ignores_www_and_default_port():
    assert site_of("https://www.example.com:443/x") == "example.com"
    assert site_of("http://127.0.0.1:8080/") == "127.0.0.1:8080"
    assert same_site("https://www.example.com/a", "https://m.example.com/b") is True
    assert same_site("https://example.com/a", "https://m.example.com/b") is True
    assert same_site("https://example.com/a", "https://example.org/b") is False


def test_listing_and_article_shapes():
    assert looks_like_listing("https://x.test/")
    assert looks_like_listing("https://x.test/tag/climate/")
    assert looks_like_listing("https://x.test/section/world/page/3/")
    assert looks_like_listing("https://x.test/?s=taliban")
    assert not looks_like_listing("https://x.test/2024/05/01/a-story/")
    assert not looks_like_listing("https://x.test/news/page-turner-wins-award-123.html")
    assert has_date_path("https://x.test/2024/05/01/a-story/")
    assert not has_date_path("https://x.test/news/a-story")
    assert looks_like_file("https://x.test/report.PDF")
    assert not looks_like_file("https://x.test/story.html")
