import pytest

from newsbot.sites import SitesFileError, load_sites, sites_from_urls

EXAMPLE = """
[defaults]
max_age_days = 30

[[site]]
name = "demo"
start_urls = ["http://127.0.0.1:8000/"]
deny = ["/private/"]
drop = [".promo"]

[[site]]
start_urls = ["https://other.example/news/"]
allow = ["/news/"]
max_age_days = 2
"""


def test_sites_file_with_defaults(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(EXAMPLE)
    demo, other = load_sites(path)
    assert demo.name == "demo" and demo.max_age_days == 30 and demo.drop == (".promo",)
    assert other.name == "other.example" and other.max_age_days == 2
    assert not demo.allows("http://127.0.0.1:8000/private/x")
    assert demo.allows("http://127.0.0.1:8000/2024/x")
    assert other.allows("https://other.example/news/a") and not other.allows("https://other.example/video/a")
    assert other.oldest_allowed() is not None and sites_from_urls(["http://a.test/"])[0].oldest_allowed() is None


@pytest.mark.parametrize("text, message", [
    ("[[site]]\nname='x'\nstart_urls=['http://a/']\ncolour='red'\n", "unknown key"),
    ("[[site]]\nname='x'\n", "no start_urls"),
    ("[[site]]\nstart_urls=['http://a/']\ndeny=['(']\n", "bad pattern"),
    ("[defaults]\n", "lists no"),
    ("[[site\n", "cannot read"),
])
def test_bad_sites_files_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    with pytest.raises(SitesFileError, match=message):
        load_sites(path)


def test_urls_group_by_site():
    sites = sites_from_urls(["http://a.test/", "http://a.test/feed/", "http://b.test/sitemap.xml"])
    assert [(s.name, len(s.start_urls)) for s in sites] == [("a.test", 2), ("b.test", 1)]
