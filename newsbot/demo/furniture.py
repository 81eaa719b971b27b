"""The weight real news pages carry around the story, for pages that must weigh what theirs do.

A real article page is mostly not its story: a mega menu and its mobile copy, a footer
site map, an icon sprite, inline styles, a preloaded-state script, tracking attributes
on every link, wrappers inside wrappers. The 990 real pages of the trafilatura evaluation
corpus have a median of 94 KB, 720 elements, 117 links and 17 KB of inline script and
style; the plain demo pages have a fifth of those bytes. The throughput and scale
benchmarks serve pages with this furniture, so extraction costs there what it costs on
real sites. Every text in it is boilerplate (:func:`furniture_texts`).
"""

from __future__ import annotations

import json
from html import escape

from newsbot.demo.content import Catalogue, DemoArticle, slugify
from newsbot.demo.links import article_url
from newsbot.demo.people import SITE_NAME

ICONS = ("search", "menu", "close", "facebook", "twitter", "instagram", "youtube", "linkedin",
         "whatsapp", "email", "print", "comment", "clock", "arrow-right", "play", "camera")
SOCIAL = (("facebook", "https://www.facebook.com/northgateherald"),
          ("twitter", "https://twitter.com/northgateherald"),
          ("instagram", "https://www.instagram.com/northgateherald/"),
          ("youtube", "https://www.youtube.com/@northgateherald"),
          ("linkedin", "https://www.linkedin.com/company/northgate-herald/"))
Section = tuple[str, str, list[DemoArticle]]  # slug, name, articles newest first
MENU_TOPICS, MENU_PICKS = 3, 2  # per section in the mega menu (the mobile menu has no picks)
PICKS_LABEL, TOPICS_LABEL = "Editor’s picks", "Topics"
FOLLOW_LABEL, APPS_LABEL = "Follow the Herald", "Get the app"
APP_TEXT = "Read the Herald on the go: breaking news alerts, the daily e-paper and puzzles."
FOOTER_COLUMNS = ("Sections", "Our people", "Reader services")
SERVICES = (("/subscribe/", "Subscriptions"), ("/contact/", "Advertise with us"), ("/about/", "Corrections"),
            ("/privacy-policy/", "Cookie settings"), ("/contact/", "Syndication"), ("/about/", "Careers"))


def furniture_texts() -> list[str]:
    """Fixed texts the furniture shows, none of which belongs in an article body."""
    return [PICKS_LABEL, FOLLOW_LABEL, APPS_LABEL, APP_TEXT, "Reader services", "Advertise with us",
            "Cookie settings"]


class Furniture:
    """The furniture of one site at one base URL: ``head`` goes into ``<head>``, ``top``
    opens ``<body>``, ``menu`` follows the header, ``bottom`` closes the page."""

    def __init__(self, base: str, catalogue: Catalogue) -> None:
        sections: list[Section] = [(slug, catalogue.names[f"section/{slug}"], peers)
                                   for slug, peers in catalogue.by_section.items()]
        self.head = _styles() + _state_script(base, sections)
        self.top = _sprite()
        self.menu = _mega_menu(base, sections, "mega-menu", "desktop") + _mega_menu(
            base, sections, "offcanvas-menu", "mobile")
        self.bottom = _site_map(base, sections, catalogue) + _app_box() + _modals(base) + _pixels()


def _track(event: str, label: str) -> str:
    data = json.dumps({"event": event, "label": label, "module": "navigation"})
    return f" data-track='{escape(data, quote=False)}'"


def _link(href: str, label: str, event: str, css: str = "menu-link") -> str:
    return f'<a class="{css}" href="{escape(href)}"{_track(event, label)}>{escape(label)}</a>'


def _icon(name: str) -> str:
    return (f'<svg class="icon icon-{name}" aria-hidden="true" focusable="false">'
            f'<use href="#icon-{name}"></use></svg>')


def _sprite() -> str:
    symbols = []
    for i, name in enumerate(ICONS):
        # Path data shaped like an icon font's export: long runs of coordinates.
        points = " ".join(f"{(i * 7 + k * 13) % 24}.{k % 10} {(i * 5 + k * 11) % 24}.{(k * 3) % 10}"
                          for k in range(24))
        symbols.append(f'<symbol id="icon-{name}" viewBox="0 0 24 24"><title>{name}</title>'
                       f'<path d="M{points}Z"></path><path d="M{points[::-1]}Z" opacity=".4"></path></symbol>')
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{"".join(symbols)}</svg>'


def _styles() -> str:
    rules = []
    for block in ("site-header", "mega-menu", "offcanvas-menu", "post-card", "entry-content",
                  "widget-area", "site-footer", "newsletter-signup", "ad-slot", "share-box"):
        for part in ("", "__inner", "__title", "__list", "__item", "__link", "--active", "--open"):
            rules.append(f".{block}{part}{{display:flex;margin:0 auto;padding:.5rem 1rem;"
                         f"font:400 1rem/1.5 Georgia,serif;color:#1a1a1a;border-bottom:1px solid #e5e5e5}}")
    return f'<style id="critical-css">{"".join(rules)}</style>\n'


def _state_script(base: str, sections: list[Section]) -> str:
    state = {
        "site": {"name": SITE_NAME, "base": base, "locale": "en-GB", "paywall": {"meter": 5}},
        "navigation": [{"label": name, "href": f"{base}/section/{slug}/",
                        "children": [{"label": a.title, "href": article_url(base, a), "id": a.post_id,
                                      "section": a.section, "tags": a.tags} for a in peers[:6]]}
                       for slug, name, peers in sections],
        "ads": {"network": "/1234567/northgate", "slots": ["top-leaderboard", "sidebar-mpu", "in-article"],
                "lazy": True, "refresh": 30},
    }
    return f'<script>window.__PRELOADED_STATE__={json.dumps(state)};</script>\n'


def _mega_menu(base: str, sections: list[Section], css: str, variant: str) -> str:
    items = []
    for number, (slug, name, peers) in enumerate(sections):
        topics = list(dict.fromkeys(tag for a in peers for tag in a.tags))[:MENU_TOPICS]
        topic_items = "".join(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-post_tag menu-item-{9100 + k}">'
            f'{_link(f"{base}/tag/{slugify(tag)}/", tag, "nav_topic")}</li>' for k, tag in enumerate(topics))
        pick_items = "".join(
            f'<li class="menu-item menu-item-type-post_type menu-item-object-post menu-item-{a.post_id}">'
            f'{_link(article_url(base, a), a.title, "nav_pick")}</li>'
            for a in peers[:MENU_PICKS if variant == "desktop" else 0])
        items.append(
            f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-has-children '
            f'menu-item-{8000 + number}">{_link(f"{base}/section/{slug}/", name, "nav_section")}'
            f'<div class="{css}__panel" data-variant="{variant}"><div class="{css}__inner"><div class="{css}__col">'
            f'<h4 class="{css}__title">{TOPICS_LABEL}</h4><ul class="sub-menu">{topic_items}</ul></div>'
            f'<div class="{css}__col"><h4 class="{css}__title">{PICKS_LABEL}</h4>'
            f'<ul class="sub-menu">{pick_items}</ul></div></div></div></li>')
    return (f'<nav class="{css}" aria-label="Sections ({variant})"><div class="{css}__wrap">'
            f'<ul class="{css}__list menu">{"".join(items)}</ul></div></nav>\n')


def _site_map(base: str, sections: list[Section], catalogue: Catalogue) -> str:
    authors = [(f"{base}/author/{slug}/", catalogue.names[f"author/{slug}"]) for slug in catalogue.by_author][:8]
    columns = (
        [(f"{base}/section/{slug}/", name) for slug, name, _ in sections],
        authors,
        [(base + path, label) for path, label in SERVICES],
    )
    html = []
    for title, links in zip(FOOTER_COLUMNS, columns):
        entries = "".join(f'<li class="footer-menu__item">{_link(href, label, "footer", "footer-menu__link")}</li>'
                          for href, label in links)
        html.append(f'<div class="footer-menu__col"><h4 class="footer-menu__title">{title}</h4>'
                    f'<ul class="footer-menu__list">{entries}</ul></div>')
    social = "".join(f'<li><a class="social-link" href="{href}" rel="noopener" target="_blank"'
                     f'{_track("social", name)}>{_icon(name)}<span class="screen-reader-text">{name}</span></a></li>'
                     for name, href in SOCIAL)
    return (f'<div class="footer-menu" role="navigation"><div class="footer-menu__inner">{"".join(html)}</div>'
            f'<div class="footer-social"><h4>{FOLLOW_LABEL}</h4><ul class="social-links">{social}</ul></div></div>\n')


def _app_box() -> str:
    stores = "".join(f'<a class="app-badge app-badge--{store}" href="https://apps.example/{store}/northgate" '
                     f'rel="noopener">{_icon("arrow-right")}<span>{label}</span></a>'
                     for store, label in (("ios", "App Store"), ("android", "Google Play")))
    return (f'<div class="app-promo" data-module="app-promo"><h4>{APPS_LABEL}</h4>'
            f'<p>{escape(APP_TEXT)}</p><div class="app-badges">{stores}</div></div>\n')


def _modals(base: str) -> str:
    """The sign-in and search overlays, hidden until opened, and the weather strip."""
    fields = "".join(f'<div class="form-row form-row--{name}"><label for="modal-{name}">{label}</label>'
                     f'<div class="form-control"><input id="modal-{name}" name="{name}" type="{kind}" '
                     f'autocomplete="{name}" required></div><p class="form-hint" hidden></p></div>'
                     for name, label, kind in (("email", "Email", "email"), ("password", "Password", "password")))
    towns = "".join(f'<li class="weather__town" data-town="{town.lower()}"><span class="weather__name">{town}</span>'
                    f'{_icon("clock")}<span class="weather__temp" data-unit="c">{8 + k}°</span></li>'
                    for k, town in enumerate(("Northgate", "Ashby", "Carrow", "Dunmere", "Eastwick", "Fellside")))
    return (f'<div class="modal" id="signin-modal" role="dialog" aria-modal="true" hidden><div class="modal__dialog">'
            f'<button class="modal__close" type="button">{_icon("close")}</button>'
            f'<form class="signin-form" method="post" action="{base}/private/login/">{fields}'
            f'<div class="form-row"><button type="submit" class="button button--primary">Sign in</button></div>'
            f'</form></div></div>'
            f'<div class="search-overlay" id="search-overlay" hidden><form role="search" action="{base}/">'
            f'<input type="search" name="s" class="search-overlay__field">'
            f'<button type="submit">{_icon("search")}</button></form></div>'
            f'<div class="weather" data-module="weather"><ul class="weather__list">{towns}</ul></div>\n')


def _pixels() -> str:
    return ('<noscript><img height="1" width="1" style="display:none" alt="" '
            'src="https://pixel.example/tr?id=000000&amp;ev=PageView&amp;noscript=1"></noscript>\n'
            '<script>(function(){var s=document.createElement("script");s.async=true;'
            's.src="https://ads.example/gpt.js";document.head.appendChild(s);})();</script>\n')
