"""Site-level learning: blocks that recur across a site's pages are learned and dropped while
article text (however short) stays, blocks quoting other stories' headlines go, what is
learned survives in the store, the stored result does not depend on the order pages come in,
and ``python -m newsbot explain`` shows why each block went."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsbot.cleaning import clean_page
from newsbot.demo.site import DemoSite
from newsbot.extract import ExtractOptions, LearningRules, SiteModel, extract_article, learn
from newsbot.extract.site_learning import TEXT_CHARS, BlockCount
from newsbot import learning
from newsbot.learning import SiteLearner, load_site
from newsbot.store.base import ArticleFilter, SaveExtras, open_store
from newsbot.urls import url_key
from tests.conftest import ROOT, crawl_env, run_crawl
from tests.learning_site import BLURBS, HOUSE_NOTE, PAGES, QUOTES, STORIES, LedgerServer

BASE = "http://ledger.example"
SITE = "ledger"
BY_PATH = {s.path: s for s in STORIES}
STORY_PATHS = [s.path for s in STORIES]
CLI = [sys.executable, "-m", "newsbot"]


def crawl_in_process(db_url: str, paths: list[str], finish: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """Clean the Ledger's pages in this order as a crawl does (observe, store, and at the end
    clean again what the final model changes); returns the texts emitted and stored by path."""
    store = open_store(db_url)
    learner = SiteLearner(lambda: store, LearningRules(), 2000)
    emitted = {}
    for path in paths:
        text = clean_and_store(store, learner, path)
        if text is not None:
            emitted[path] = text

    async def clean(html, url, options):
        return clean_page(html, url, options)

    if finish:
        asyncio.run(learner.finish(clean, lambda site: ExtractOptions()))
    stored = stored_texts(store)
    store.close()
    return emitted, stored


def clean_and_store(store, learner: SiteLearner, path: str, fetched_at: str | None = None) -> str | None:
    """Clean one page of the Ledger with the learner's model, observe it and store its
    article, as the crawl does; the text emitted (None: no article)."""
    url = BASE + path
    options = learner.options(SITE, ExtractOptions(), url)
    cleaned = clean_page(PAGES[path], url, options)
    learner.observed(SITE, cleaned.observation)
    if cleaned.article is None:
        return None
    article = cleaned.article
    article.site, article.fetched_at = SITE, fetched_at
    keys = [url_key(url), url_key(article.canonical_url)]
    store.save_article(article, PAGES[path], SaveExtras(url_keys=keys))
    learner.cleaned(SITE, article, cleaned.observation, options)
    return article.text


def stored_texts(store) -> dict[str, str]:
    return {path_of(a.url): a.text for a in store.iter_articles(ArticleFilter(with_copies=True))}


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'store.db'}"


# --- what is learned, and what never is ----------------------------------------------------

def test_recurring_blocks_are_learned_and_dropped_article_text_kept(db_url):
    _, stored = crawl_in_process(db_url, list(PAGES))
    assert set(stored) == set(STORY_PATHS)
    for path, text in stored.items():
        assert text == BY_PATH[path].text, path  # no house note, blurb or quoted headline; all else
    assert "Why?" in stored[STORIES[2].path], "a short block of the story's own stays"
    assert sum("He added:" in t for t in stored.values()) == 2, "on two pages only: not boilerplate"


def test_what_is_learned_and_what_is_not(db_url):
    crawl_in_process(db_url, list(PAGES))
    store = open_store(db_url)
    learned = load_site(store, SITE, LearningRules(), 0)
    store.close()
    texts = set(learned.texts.values())
    assert {SiteModel.key(HOUSE_NOTE), *(SiteModel.key(b) for b in BLURBS.values())} <= texts
    assert not texts & {SiteModel.key(b)[:TEXT_CHARS] for s in STORIES for b in s.blocks}, "no story text is learned"
    assert {SiteModel.key(s.title) for s in STORIES} <= learned.headlines


def test_a_listing_teaches_headlines_and_no_blocks():
    """The front page's metadata and URL rule out an article: it gives the headlines of the
    stories it lists, while blocks are counted from pages that may be articles (so a
    listing's DOM is not cleaned at all)."""
    front = clean_page(PAGES["/"], BASE + "/", ExtractOptions(observe=True)).observation
    story = clean_page(PAGES[STORIES[0].path], BASE + STORIES[0].path, ExtractOptions(observe=True)).observation
    assert {SiteModel.key(s.title) for s in STORIES} <= {headline for headline, _ in front.headlines}
    assert front.blocks == ()
    assert SiteModel.key(HOUSE_NOTE) in {block.text for block in story.blocks}


def test_learning_needs_pages_and_share():
    rules = LearningRules(min_pages=3, min_share=0.3)
    assert rules.learned(BlockCount(1, 3, 10, "x"))
    assert not rules.learned(BlockCount(1, 2, 2, "x")), "two pages are never enough"
    assert not rules.learned(BlockCount(1, 5, 20, "x")), "a quarter of the pages with its place is too few"
    model = learn([BlockCount(1, 3, 10, "a"), BlockCount(2, 2, 4, "b")], [("storm hits the coast", "k")], rules)
    assert model.blocks == frozenset({1}) and model.texts == {1: "a"}


def test_observations_of_all_sites_wait_in_one_batch(db_url, monkeypatch):
    """Counts go to the store once the sites' pending observations reach the batch size
    together, so many sites hold no more of them than one does."""
    monkeypatch.setattr(learning, "OBSERVE_BATCH", 6)
    monkeypatch.setattr(learning, "REFRESH_PAGES", 1000)  # no model reload in between
    store = open_store(db_url)
    learner = SiteLearner(lambda: store, LearningRules(), 2000)
    sites, paths = ["one", "two", "three"], list(PAGES)
    for n, path in enumerate(paths[:6]):
        if n == 5:
            assert [store.observed_pages(site) for site in sites] == [0, 0, 0] and learner.pending == 5
        observation = clean_page(PAGES[path], BASE + path, ExtractOptions(observe=True)).observation
        learner.observed(sites[n % 3], observation)
    assert [store.observed_pages(site) for site in sites] == [2, 2, 2] and learner.pending == 0
    store.close()


def test_headline_quotes():
    model = SiteModel(headlines=frozenset({SiteModel.key("Storm hits the coast tonight")}))
    assert model.quoted_headline("Watch: Storm hits the coast tonight")
    assert model.quoted_headline("Storm hits the coast tonight", title="Storm hits the coast tonight") is None
    long = "Residents said the storm hits the coast tonight and again tomorrow, with winds of 90 km/h."
    assert model.quoted_headline(long) is None, "a sentence mentioning it is not a teaser"
    assert model.quoted_headline("Brainstorm hits the coast tonight") is None
    # the page a headline names never loses it, even under another title
    learned = learn([], [("storm hits the coast tonight", url_key(BASE + "/a/"))])
    teaser = "Watch: Storm hits the coast tonight"
    assert learned.model_for(BASE + "/a/").quoted_headline(teaser, title="Another title") is None
    assert learned.model_for(BASE + "/b/").quoted_headline(teaser, title="Another title")


def test_headlines_are_4_to_25_words_so_long_blocks_quote_none():
    """Titles of more words are no headlines, as link texts of more words are not; a block
    longer than the longest headline and the words allowed around it quotes none (the end
    of a crawl relies on it to find the articles a new headline changes)."""
    title = " ".join(f"word{n}" for n in range(26))
    page = f"<html><head><title>{title}</title></head><body><p>{'Some text here. ' * 40}</p></body></html>"
    observation = clean_page(page, BASE + "/long/", ExtractOptions(observe=True)).observation
    assert observation.headlines == ()
    headline = " ".join(f"word{n}" for n in range(25))
    assert SiteModel(headlines=frozenset({headline})).quoted_headline(f"Read more of this: {headline}")
    older = " ".join(f"word{n}" for n in range(27))  # a store of older runs may hold one
    assert SiteModel(headlines=frozenset({older})).quoted_headline(f"Read more here: {older}") is None


def test_a_story_under_several_urls_stays_whole(db_url):
    """Copies of one story recur across pages too; learning never takes the bulk of a story."""
    story = STORIES[0]
    copies = {f"/copy-{n}/": PAGES[story.path] for n in range(4)}
    store = open_store(db_url)
    learner = SiteLearner(lambda: store, LearningRules(), 2000)
    for path, html in copies.items():
        cleaned = clean_page(html, BASE + path, learner.options(SITE, ExtractOptions(), BASE + path))
        learner.observed(SITE, cleaned.observation)
    learner.flush()
    model = load_site(store, SITE, LearningRules(), 0)
    store.close()
    assert SiteModel.key(story.blocks[0])[:TEXT_CHARS] in set(model.texts.values()), "its paragraphs did recur"
    article = extract_article(PAGES[story.path], BASE + "/copy-0/",
                              options=ExtractOptions(site_model=model.model_for(BASE + "/copy-0/")))
    assert all(block in article.text for block in story.blocks)


def test_keep_selectors_shield_learned_blocks(db_url):
    crawl_in_process(db_url, list(PAGES))
    store = open_store(db_url)
    model = load_site(store, SITE, LearningRules(), 0).model_for(BASE + STORIES[0].path)
    store.close()
    html, url = PAGES[STORIES[0].path], BASE + STORIES[0].path
    plain = extract_article(html, url, options=ExtractOptions(site_model=model))
    kept = extract_article(html, url, options=ExtractOptions(site_model=model,
                                                             keep_selectors=(".story-body > p:last-child",)))
    blurb = BLURBS[STORIES[0].author]
    assert blurb not in plain.text and blurb in kept.text


# --- the store keeps it; order does not matter ----------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


def test_learning_survives_the_store_and_cleans_the_next_run_from_its_first_page(any_db_url):
    crawl_in_process(any_db_url, list(PAGES))
    store = open_store(any_db_url)
    assert store.observed_pages(SITE) == len(PAGES)
    front = clean_page(PAGES["/"], BASE + "/", ExtractOptions(observe=True)).observation
    assert store.observe_pages(SITE, [front, front]) == 0
    assert store.observed_pages(SITE) == len(PAGES), "a page counts once"
    learned = load_site(store, SITE, LearningRules(), 0)
    store.close()
    assert SiteModel.key(HOUSE_NOTE) in set(learned.texts.values())
    # A later run (here: the same pages again, into the same store) cleans with what was learned.
    emitted, stored = crawl_in_process(any_db_url, STORY_PATHS[::-1], finish=False)
    first = STORY_PATHS[-1]
    assert emitted[first] == BY_PATH[first].text, "clean from the run's first page on"


def test_a_block_learned_in_a_run_is_taken_out_of_articles_stored_by_earlier_runs(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'runs.db'}"
    first = STORY_PATHS[0]
    _, stored = crawl_in_process(db_url, [first])  # one page: nothing learned yet
    assert HOUSE_NOTE in stored[first]
    _, stored = crawl_in_process(db_url, [path for path in PAGES if path != first])
    assert stored[first] == BY_PATH[first].text, "the next run learned the note and cleaned the page again"


def test_the_end_of_run_check_cleans_a_few_articles_at_a_time(tmp_path, monkeypatch):
    # Each article checked again holds its stored page until cleaned: all at once, the
    # thousands a long crawl may check would all be in memory together.
    monkeypatch.setattr(learning, "RECLEAN_AT_ONCE", 2)
    store = open_store(f"sqlite:///{tmp_path / 'once.db'}")
    learner = SiteLearner(lambda: store, LearningRules(), 2000)
    for path in PAGES:
        clean_and_store(store, learner, path)
    cleaning, most, cleaned = 0, 0, []

    async def clean(html, url, options):
        nonlocal cleaning, most
        cleaning += 1
        most = max(most, cleaning)
        await asyncio.sleep(0.01)
        cleaning -= 1
        cleaned.append(url)
        return clean_page(html, url, options)

    asyncio.run(learner.finish(clean, lambda site: ExtractOptions()))
    assert stored_texts(store) == {s.path: s.text for s in STORIES}
    store.close()
    assert len(cleaned) > 2 and most == 2


def test_stored_texts_do_not_depend_on_the_order_pages_come_in(tmp_path):
    orders = {"forward": list(PAGES), "backward": list(PAGES)[::-1],
              "shuffled": random.Random(7).sample(list(PAGES), len(PAGES))}
    results = {name: crawl_in_process(f"sqlite:///{tmp_path / name}.db", paths) for name, paths in orders.items()}
    stored = [result[1] for result in results.values()]
    assert stored[0] == stored[1] == stored[2]
    emitted_first = results["forward"][0][STORY_PATHS[0]]
    assert HOUSE_NOTE in emitted_first, "the first page was cleaned before anything was learned..."
    assert HOUSE_NOTE not in stored[0][STORY_PATHS[0]], "...and again at the end of the run"


def test_processes_of_a_shared_crawl_clean_again_their_own_articles_only(db_url):
    """Two learners over one store, as two processes of a shared crawl, finishing at once:
    each brings its own articles up to the final model and leaves the other's alone."""
    store = open_store(db_url)
    learners = [SiteLearner(lambda: store, LearningRules(), 2000) for _ in range(2)]
    for learner in learners:
        learner.options(SITE, ExtractOptions(), BASE + "/")  # the run starts on the site
    time.sleep(1.1)  # fetch times are whole seconds: the run's pages come after its start
    owner = {}
    for n, path in enumerate(PAGES):
        fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        if clean_and_store(store, learners[n % 2], path, fetched_at) is not None:
            owner[path] = n % 2
    cleaned_again: list[list[str]] = [[], []]

    def cleaner(n: int):
        async def clean(html, url, options):
            cleaned_again[n].append(path_of(url))
            return clean_page(html, url, options)
        return clean

    async def finish_both():
        await asyncio.gather(*(learner.finish(cleaner(n), lambda site: ExtractOptions())
                               for n, learner in enumerate(learners)))

    asyncio.run(finish_both())
    assert stored_texts(store) == {s.path: s.text for s in STORIES}
    store.close()
    for n in (0, 1):
        assert cleaned_again[n], "each process cleans its early articles again"
        assert {owner[path] for path in cleaned_again[n]} == {n}


def test_reclean_applies_the_learned_model(db_url):
    _, before = crawl_in_process(db_url, list(PAGES), finish=False)
    assert any(HOUSE_NOTE in text for text in before.values())
    done = subprocess.run(CLI + ["reclean", "--db", db_url, "--site", SITE], capture_output=True, text=True,
                          cwd=ROOT, env=crawl_env(), check=True)
    assert "changed" in done.stdout
    store = open_store(db_url)
    after = stored_texts(store)
    store.close()
    assert all(after[path] == BY_PATH[path].text for path in after)


# --- the explain command --------------------------------------------------------------------

def explain(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + ["explain", *args], capture_output=True, text=True, cwd=ROOT, env=crawl_env())


def dropped_by(output: str) -> dict[str, set[str]]:
    """Rule -> the snippets it dropped, from explain's "Dropped" lines."""
    lines = output.split("Dropped", 1)[1].split("Verdict:", 1)[0].splitlines()[1:]
    found: dict[str, set[str]] = {}
    for line in lines:
        _stage, rule, snippet = line.split(None, 2)
        found.setdefault(rule, set()).add(snippet)
    return found


def test_explain_a_file_with_the_learned_model(db_url, tmp_path):
    crawl_in_process(db_url, list(PAGES))
    story = STORIES[3]  # quotes another story's headline
    page = tmp_path / "story.html"
    page.write_text(PAGES[story.path], encoding="utf-8")
    done = explain(str(page), "--url", BASE + story.path, "--site", SITE, "--db", db_url)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Site {SITE}: learned from {len(PAGES)} pages" in out
    dropped = dropped_by(out)
    assert {HOUSE_NOTE, BLURBS[story.author]} <= dropped["learned-boilerplate"]
    assert dropped["other-headline"] == {STORIES[QUOTES[story.n] - 1].title}
    assert "Verdict: article" in out
    kept = out.split("Kept text", 1)[1]
    assert all(block in kept for block in story.blocks) and HOUSE_NOTE not in kept


def test_explain_without_learning_and_from_the_store(db_url, tmp_path):
    crawl_in_process(db_url, list(PAGES))
    story = STORIES[0]
    page = tmp_path / "story.html"
    page.write_text(PAGES[story.path], encoding="utf-8")
    plain = explain(str(page), "--url", BASE + story.path, "--site", SITE, "--db", db_url, "--without-learning")
    assert plain.returncode == 0 and HOUSE_NOTE in plain.stdout.split("Kept text", 1)[1]
    stored = explain(BASE + story.path, "--stored", "--db", db_url)
    assert stored.returncode == 0, stored.stderr
    assert f"Page: {BASE + story.path}" in stored.stdout and f"Site {SITE}:" in stored.stdout
    assert "learned-boilerplate" in stored.stdout


def test_explain_reports_a_missing_page(db_url, tmp_path):
    done = explain(str(tmp_path / "nope.html"), "--db", db_url)
    assert done.returncode == 2 and "no such file" in done.stderr
    done = explain(BASE + "/not/stored/", "--stored", "--db", db_url)
    assert done.returncode == 2 and "holds no page" in done.stderr


# --- a real crawl, in two orders ------------------------------------------------------------

@pytest.fixture(scope="module")
def ledger():
    server = LedgerServer()
    yield server
    server.stop()


def ledger_crawl(workdir: Path, server: LedgerServer, paths: list[str], settings: dict[str, str]):
    workdir.mkdir(parents=True, exist_ok=True)
    urls = ", ".join(json.dumps(server.url + p) for p in paths)
    (workdir / "sites.toml").write_text(f'[[site]]\nname = "{SITE}"\nstart_urls = [{urls}]\n', encoding="utf-8")
    return run_crawl(workdir, "sites=sites.toml", settings={
        "CONCURRENT_REQUESTS": "1", "NEWSBOT_EXTRACT_WORKERS": "0", "NEWSBOT_MIN_WORDS": "20", **settings})


def test_crawls_in_two_orders_store_the_same_clean_texts(ledger, tmp_path):
    first = ledger_crawl(tmp_path / "fifo", ledger, list(PAGES), {
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue", "DEPTH_PRIORITY": "1"})
    second = ledger_crawl(tmp_path / "lifo", ledger, list(PAGES)[::-1], {})
    for crawl in (first, second):
        assert crawl.returncode == 0, crawl.log[-3000:]
    orders = [[path_of(i["url"]) for i in crawl.items] for crawl in (first, second)]
    assert sorted(orders[0]) == sorted(orders[1]) == sorted(STORY_PATHS) and orders[0] != orders[1]
    texts = []
    for crawl in (first, second):
        store = open_store(crawl.db_url)
        texts.append({path_of(a.url): a.text for a in store.iter_articles(ArticleFilter(with_copies=True))})
        store.close()
    assert texts[0] == texts[1] == {s.path: s.text for s in STORIES}
    early = first.items[0]
    assert HOUSE_NOTE in early["text"], "emitted before anything was learned..."
    (feed,) = first.feed_dir.glob("news-*.jsonl")
    in_feed = {path_of(i["url"]): i["text"] for i in map(json.loads, feed.read_text(encoding="utf-8").splitlines())}
    assert in_feed == texts[0], "...and the run's feed holds the final texts, as the store does"
    assert "Site learning for ledger" in first.log

    done = explain(ledger.url + STORIES[6].path, "--db", first.db_url, "--site", SITE)
    assert done.returncode == 0, done.stderr
    dropped = dropped_by(done.stdout)
    assert HOUSE_NOTE in dropped["learned-boilerplate"]
    assert dropped["other-headline"] == {STORIES[QUOTES[STORIES[6].n] - 1].title}


def test_demo_crawls_in_two_orders_store_the_same_texts(demo_server, tmp_path):
    """The demo site crawled depth-first and breadth-first, learning as it goes."""
    crawls = []
    for name, settings in (("dfs", {}), ("bfs", {"SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
                                                 "DEPTH_PRIORITY": "1"})):
        (tmp_path / name).mkdir()
        crawls.append(run_crawl(tmp_path / name, f"urls={demo_server.url}", settings=settings))
    texts = []
    for crawl in crawls:
        assert crawl.returncode == 0, crawl.log[-3000:]
        store = open_store(crawl.db_url)
        texts.append({path_of(a.canonical_url): a.text for a in store.iter_articles(ArticleFilter(with_copies=True))})
        store.close()
    assert [path_of(i["url"]) for i in crawls[0].items] != [path_of(i["url"]) for i in crawls[1].items]
    site = DemoSite()
    assert texts[0] == texts[1] and len(texts[0]) == len(site.articles) + len(site.copies)
