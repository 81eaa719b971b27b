"""Pure article extraction: HTML and URL in, a clean :class:`newsbot.items.Article` out.

``extract_article`` returns None for pages that are not one article. ``extract_body`` gives
the cleaned text of any page, ``explain_article`` the reasons behind every dropped piece,
``read_page`` the article with what else a crawl reads from the page: what it teaches about its
site, whether it is a wall page, its links.
"""

from newsbot.extract.core import PageReading, explain_article, extract_article, extract_body, read_page
from newsbot.extract.decisions import Decision
from newsbot.extract.options import ExtractOptions, SiteModel
from newsbot.extract.site_learning import LearnedSite, LearningRules, Observation, learn

__all__ = ["Decision", "ExtractOptions", "LearnedSite", "LearningRules", "Observation", "PageReading", "SiteModel",
           "explain_article", "extract_article", "extract_body", "learn", "read_page"]
