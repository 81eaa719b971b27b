"""Pure article extraction: HTML and URL in, a clean :class:`newsbot.items.Article` out.

``extract_article`` returns None for pages that are not one article. ``extract_body`` gives
the cleaned text of any page, ``explain_article`` the reasons behind every dropped piece.
"""

from newsbot.extract.core import explain_article, extract_article, extract_body
from newsbot.extract.decisions import Decision
from newsbot.extract.options import ExtractOptions, SiteModel

__all__ = ["Decision", "ExtractOptions", "SiteModel", "explain_article", "extract_article", "extract_body"]
