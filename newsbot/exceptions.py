"""Exceptions newsbot's own components raise."""

from scrapy.exceptions import IgnoreRequest


class SkipRequest(IgnoreRequest):
    """A request newsbot chose not to make (known article, budget spent...), counted already."""
