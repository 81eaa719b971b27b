"""Scrapy commands newsbot overrides (the ``COMMANDS_MODULE`` setting): ``crawl``."""
