import gzip

from newsbot.discovery import PageKind, detect_kind, feed_entries, robots_sitemaps, sitemap_entries

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://x.test/a</link></item>
<item><title>B</title><guid isPermaLink="true">https://x.test/b</guid></item></channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/c"/>
<link rel="enclosure" href="/c.mp3"/></entry></feed>"""
BOMB = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.test/&d;</loc></url></urlset>"""


def test_kinds():
    assert detect_kind("https://x.test/feed/", "application/rss+xml", RSS) is PageKind.FEED
    assert detect_kind("https://x.test/atom", "text/xml", ATOM) is PageKind.FEED
    assert detect_kind("https://x.test/s.xml", "", BOMB) is PageKind.SITEMAP
    assert detect_kind("https://x.test/robots.txt", "text/plain", b"User-agent: *") is PageKind.ROBOTS
    assert detect_kind("https://x.test/", "text/html; charset=utf-8", b"<!doctype html><p>x") is PageKind.HTML
    assert detect_kind("https://x.test/", "", b"<html><body>rss feed</body></html>") is PageKind.HTML
    assert detect_kind("https://x.test/f.pdf", "application/pdf", b"%PDF-1.4") is PageKind.OTHER


def test_feed_entries_rss_and_atom():
    assert feed_entries(RSS, "https://x.test/") == ["https://x.test/a", "https://x.test/b"]
    assert feed_entries(ATOM, "https://x.test/feed") == ["https://x.test/c"]
    assert feed_entries(b"\x00\x01 not xml", "https://x.test/") == []


def test_entity_bomb_is_never_expanded():
    entries = sitemap_entries(BOMB)
    assert len(entries) <= 1
    assert all(len(e.url) < 100 for e in entries)


def test_sitemap_index_and_robots():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://x.test/s1.xml.gz</loc></sitemap></sitemapindex>"""
    (entry,) = sitemap_entries(index)
    assert entry.is_sitemap and entry.url.endswith("s1.xml.gz")
    robots = "User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\n"
    assert robots_sitemaps(robots, "https://x.test/robots.txt") == ["https://x.test/sitemap.xml"]
    assert gzip.decompress(gzip.compress(index)) == index
