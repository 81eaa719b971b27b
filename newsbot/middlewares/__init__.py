"""Downloader and spider middlewares of newsbot."""
