"""Near-duplicate signatures and the store's copy look-up, without Scrapy."""

import random
import subprocess
import sys

import pytest
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from newsbot.bench.dedupe import make_copy
from newsbot.dedupe.signature import LshScheme, band_keys, optimal_bands, shingles, signature, similarity
from newsbot.demo.site import DemoSite
from newsbot.extract.text import fingerprint, fold
from newsbot.items import Article
from newsbot.store.base import ArticleFilter, SaveExtras, open_store

SCHEME = LshScheme.for_threshold(0.6)
STORIES = DemoSite(n_articles=60).articles


def text_of(blocks) -> str:
    return "\n\n".join(blocks)


def article(n: int, text: str) -> Article:
    return Article(url=f"https://x.test/{n}", canonical_url=f"https://x.test/{n}", text=text,
                   fingerprint=fingerprint(text), word_count=len(text.split()))


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The “Quick” brown fox!") == shingles("the \"quick\" Brown fox")
    assert shingles("") == set()


@pytest.mark.parametrize("text", ["Ünïcode  “quotes” — and\u00a0dashes, here_and there!\u2003x 日本語 の 記事",
                                  "two words", "three short words", "α β γ δ"])
def test_shingles_are_the_utf8_of_three_folded_words_in_a_row(text):
    words = fold(text).split()
    expected = {" ".join(words[i:i + 3]).encode("utf-8") for i in range(max(1, len(words) - 2))}
    assert shingles(text) == expected


def test_copies_are_similar_and_other_stories_are_not():
    rng = random.Random(3)
    for story, other in zip(STORIES[:20], STORIES[20:40]):
        original = signature(text_of(story.blocks))
        assert similarity(original, signature(text_of(make_copy(list(story.blocks), rng)))) >= 0.6
        assert similarity(original, signature(text_of(other.blocks))) < 0.3


@pytest.mark.parametrize("num_perm", [32, 128])
def test_bands_and_rows_are_the_ones_datasketch_chooses(num_perm):
    for threshold in [n / 20 for n in range(1, 20)]:
        assert optimal_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5), threshold


def test_signatures_are_the_ones_datasketch_computes():
    """Stored signatures stay comparable: each equals datasketch's MinHash (128 permutations,
    its default scheme and seed) of the text's shingles, whatever the text."""
    rng = random.Random(5)
    texts = [text_of(story.blocks) for story in STORIES[:30]]
    texts += ["Ünïcode “quotes” — and dashes", "one two", "a b c d", "x" * 3000]
    texts += [" ".join(rng.choice(["storm", "coast", "Flut", "été", "42", "i"]) for _ in range(rng.randint(1, 300)))
              for _ in range(30)]
    for text in texts:
        reference = MinHash(num_perm=128)
        reference.update_batch(list(shingles(text)))
        assert signature(text) == reference.hashvalues.astype("<u4").tobytes(), text[:40]


def test_signing_and_choosing_bands_do_not_import_scipy():
    code = ("import sys; from newsbot.dedupe.signature import LshScheme, signature; LshScheme.for_threshold(0.6);"
            " signature('a story of a few words'); print('scipy' in sys.modules, 'datasketch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_band_keys_are_stable_and_differ_by_band():
    sig = signature(text_of(STORIES[0].blocks))
    keys = band_keys(sig, SCHEME)
    assert keys == band_keys(sig, SCHEME) and len(set(keys)) == SCHEME.bands


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()


def save(store, n: int, text: str, duplicate_of: str | None = None) -> Article:
    sig = signature(text)
    item = article(n, text)
    item.duplicate_of = duplicate_of
    store.save_article(item, None, SaveExtras(sig, band_keys(sig, SCHEME), url_keys=[item.canonical_url]))
    return item


def find(store, n: int, text: str) -> str | None:
    sig = signature(text)
    return store.find_copy(article(n, text), band_keys(sig, SCHEME), lambda other: similarity(sig, other) >= 0.6)


def test_store_finds_exact_and_near_copies_and_points_to_the_first_story(store):
    story, other = text_of(STORIES[0].blocks), text_of(STORIES[1].blocks)
    save(store, 1, story)
    assert find(store, 2, story.upper()) == "https://x.test/1", "same normalized text"
    near = text_of(make_copy(list(STORIES[0].blocks), random.Random(1)))
    assert find(store, 3, near) == "https://x.test/1"
    save(store, 3, near, duplicate_of="https://x.test/1")
    assert find(store, 4, near + "\n\nOne more line.") == "https://x.test/1", "a copy of a copy is the story"
    assert find(store, 5, other) is None
    assert find(store, 1, story) is None, "an article is no copy of itself"


def test_updates_keep_revisions_and_seen_urls(store):
    first = save(store, 1, text_of(STORIES[0].blocks))
    assert store.seen("https://x.test/1").canonical_url == first.canonical_url
    assert store.seen("https://x.test/2") is None
    changed = article(1, first.text + "\n\nA late paragraph.")
    changed.fetched_at = "2026-01-02T00:00:00+00:00"
    assert store.save_article(changed, None).value == "updated"
    assert changed.revision == 2 and changed.modified == changed.fetched_at
    (stored,) = store.iter_articles()
    assert stored.revision == 2 and stored.text.endswith("A late paragraph.")
    (old,) = store.conn.execute("SELECT text FROM revisions WHERE article_id = 1 AND revision = 1").fetchone()
    assert old == first.text


def test_a_copy_saved_while_another_process_stores_its_story_is_marked_a_copy(pg_url):
    """Two processes that look for a story's copy before either has stored its own both find
    none; saving holds the article's bands, looks again, and so marks the later one."""
    import threading

    import psycopg

    story_text = text_of(STORIES[0].blocks)
    copy_text = text_of(make_copy(list(STORIES[0].blocks), random.Random(5)))
    story, copy = article(1, story_text), article(2, copy_text)
    copy_sig = signature(copy_text)
    copy_keys = band_keys(copy_sig, SCHEME)
    first, second = open_store(pg_url), open_store(pg_url)
    assert find(first, 1, story_text) is None and find(second, 2, copy_text) is None  # both look first
    holder = psycopg.connect(pg_url)  # the other process, in the middle of saving its story
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (min(copy_keys),))
    saved = threading.Event()

    def save_copy() -> None:
        second.save_article(copy, None, SaveExtras(copy_sig, copy_keys, url_keys=[copy.canonical_url],
                                                   is_copy=lambda other: similarity(copy_sig, other) >= 0.6))
        saved.set()

    try:
        thread = threading.Thread(target=save_copy)
        thread.start()
        assert not saved.wait(0.5), "the copy was saved while another process held its bands"
        story_sig = signature(story_text)
        first.save_article(story, None, SaveExtras(story_sig, band_keys(story_sig, SCHEME)))
        holder.commit()
        thread.join(10)
        assert saved.is_set() and copy.duplicate_of == story.canonical_url
        stored = {a.canonical_url: a.duplicate_of for a in first.iter_articles(ArticleFilter(with_copies=True))}
        assert stored == {story.canonical_url: None, copy.canonical_url: story.canonical_url}
    finally:
        holder.close()
        first.close()
        second.close()
