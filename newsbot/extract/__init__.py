"""Pure article extraction: HTML and URL in, a clean :class:`newsbot.items.Article` out.

``extract_article`` returns None for pages that are not one article. ``extract_body`` gives
the cleaned text of any page, ``explain_article`` the reasons behind every dropped piece,
``extract_with_observation`` the article and what the page teaches about its site.
"""

from newsbot.extract.core import explain_article, extract_article, extract_body, extract_with_observation
from newsbot.extract.decisions import Decision
from newsbot.extract.options import ExtractOptions, SiteModel
from newsbot.extract.site_learning import LearnedSite, LearningRules, Observation, learn

__all__ = ["Decision", "ExtractOptions", "LearnedSite", "LearningRules", "Observation", "SiteModel",
           "explain_article", "extract_article", "extract_body", "extract_with_observation", "learn"]
