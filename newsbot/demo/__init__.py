"""A bundled local news site for demos, end-to-end tests and benchmarks.

It looks like a WordPress news site, boilerplate included (menus, share boxes, related
posts, comment forms ...), and knows the clean body of every article it serves, so a
crawl can be checked against it. Output is deterministic.

    site = DemoSite(n_articles=48)
    response = site.handle("/")              # no sockets
    site.copies, site.variant_paths()        # wire copies, AMP and print pages
    DemoSite(edition=2).updated_paths()      # stories a later edition changed
    server, base_url = start_server(site)    # real HTTP on a free port
"""

from __future__ import annotations

from typing import Any

from newsbot.demo.content import DemoArticle, DemoCopy
from newsbot.demo.site import DemoResponse, DemoSite

__all__ = ["DemoArticle", "DemoCopy", "DemoResponse", "DemoServer", "DemoSite", "start_server"]


def __getattr__(name: str) -> Any:
    # The server module is imported on first use only, so that
    # ``python -m newsbot.demo.server`` does not find it already imported.
    if name in ("DemoServer", "start_server"):
        from newsbot.demo import server
        return getattr(server, name)
    raise AttributeError(name)
