"""Signals newsbot sends besides Scrapy's own (``crawler.signals.connect(handler, signal=...)``)."""

# An article stored earlier in the run was cleaned again with what the run learned about its
# site, and updated in the store. Arguments: ``article`` (the updated Article).
article_recleaned = object()
