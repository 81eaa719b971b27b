"""The ``<head>`` metadata of pages: Open Graph, article tags and JSON-LD.

Article pages vary on purpose: most carry a JSON-LD ``NewsArticle`` (plain, or inside a
Yoast-style ``@graph``), some only Open Graph. Listing pages never say NewsArticle.
"""

from __future__ import annotations

import json
from html import escape

from newsbot.demo.content import DemoArticle, slugify
from newsbot.demo.people import AUTHORS_BY_NAME, SITE_NAME


def meta(attribute: str, key: str, value: str) -> str:
    return f'<meta {attribute}="{key}" content="{escape(value)}">'


def json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def article_head(base: str, article: DemoArticle) -> str:
    url, image = base + article.url_path, base + article.image_path
    tags = [
        meta("name", "description", article.excerpt),
        f'<link rel="canonical" href="{url}">',
        meta("property", "og:locale", "en_GB"), meta("property", "og:type", "article"),
        meta("property", "og:title", article.title),
        meta("property", "og:description", article.excerpt), meta("property", "og:url", url),
        meta("property", "og:site_name", SITE_NAME), meta("property", "og:image", image),
        meta("property", "article:published_time", article.published),
        *([meta("property", "article:modified_time", article.modified)] if article.modified else []),
        meta("property", "article:section", article.section),
        *(meta("property", "article:tag", tag) for tag in article.tags),
        meta("name", "author", ", ".join(article.authors)),
        meta("name", "twitter:card", "summary_large_image"),
    ]
    if article.json_ld:
        tags.append(json_ld(_graph(base, article) if article.post_id % 2 else _news_article(base, article)))
    return "\n".join(tags)


def listing_head(base: str, path: str, title: str, description: str, schema: str, *,
                 noindex: bool = False) -> str:
    """Head tags of a page that is not an article; ``schema`` is its JSON-LD type."""
    url = base + path
    website = {"@type": "WebSite", "@id": f"{base}/#website", "name": SITE_NAME, "url": f"{base}/",
               "potentialAction": {"@type": "SearchAction", "target": f"{base}/?s={{search_term_string}}",
                                   "query-input": "required name=search_term_string"}}
    page = {"@type": schema, "@id": url, "url": url, "name": title, "description": description,
            "isPartOf": {"@id": f"{base}/#website"}, "inLanguage": "en-GB"}
    indexing = (meta("name", "robots", "noindex, follow") if noindex
                else f'<link rel="canonical" href="{url}">')
    tags = [
        meta("name", "description", description), indexing,
        meta("property", "og:locale", "en_GB"), meta("property", "og:type", "website"),
        meta("property", "og:title", title), meta("property", "og:description", description),
        meta("property", "og:url", url), meta("property", "og:site_name", SITE_NAME),
        json_ld({"@context": "https://schema.org", "@graph": [page, website]}),
    ]
    return "\n".join(tags)


def _news_article(base: str, article: DemoArticle) -> dict:
    url = base + article.url_path
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article.excerpt,
        "image": [base + article.image_path],
        "datePublished": article.published,
        "dateModified": article.last_modified,
        "author": [{"@type": "Person", "name": name, "url": f"{base}/author/{slugify(name)}/"}
                   if name in AUTHORS_BY_NAME else {"@type": "Organization", "name": name}
                   for name in article.authors],
        "publisher": {"@type": "Organization", "name": SITE_NAME,
                      "logo": {"@type": "ImageObject", "url": f"{base}/wp-content/uploads/logo.png"}},
        "articleSection": article.section,
        "keywords": article.tags,
        "inLanguage": "en-GB",
    }


def _graph(base: str, article: DemoArticle) -> dict:
    """The Yoast SEO shape: the article is one node of a graph, keywords a string."""
    url = base + article.url_path
    news = _news_article(base, article)
    del news["@context"], news["mainEntityOfPage"]
    news |= {"@id": f"{url}#article", "isPartOf": {"@id": url}, "keywords": ", ".join(article.tags),
             "publisher": {"@id": f"{base}/#organization"}}
    crumbs = [("Home", f"{base}/"), (article.section, f"{base}/section/{article.section_slug}/"),
              (article.title, url)]
    return {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": url, "url": url, "name": article.title,
         "datePublished": article.published, "breadcrumb": {"@id": f"{url}#breadcrumb"}},
        news,
        {"@type": "Organization", "@id": f"{base}/#organization", "name": SITE_NAME, "url": f"{base}/"},
        {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": link}
            for i, (name, link) in enumerate(crumbs, start=1)]},
    ]}
