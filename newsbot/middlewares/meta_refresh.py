"""Meta refresh redirects, looked for only in pages that could hold one.

Scrapy's ``MetaRefreshMiddleware`` reads the first 4,096 characters of every HTML page for
a ``<meta http-equiv="refresh">`` element: w3lib scans them for tags and the page's
``<base>`` is read first. A tag w3lib takes for a refresh has the word "refresh" in its
attributes as written, so a page without that word in its first 4,096 characters (nearly
every page) needs neither: :class:`QuickMetaRefreshMiddleware` lets it through at once
and hands the others to Scrapy's middleware, whose settings and outcome stay Scrapy's.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

SCANNED_CHARS = 4096  # what scrapy.utils.response.get_meta_refresh reads of a page


class QuickMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's ``MetaRefreshMiddleware``, skipping pages whose scanned part lacks "refresh"."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse) and "refresh" not in response.text[:SCANNED_CHARS].lower():
            return response
        return super().process_response(request, response)
