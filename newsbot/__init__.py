"""newsbot: crawl news sites into clean, deduplicated article text."""

__version__ = "0.1.0"
