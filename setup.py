"""Packaging of newsbot as an egg for Scrapyd: ``scrapyd-deploy`` builds it from this file."""

import re
from pathlib import Path

from setuptools import find_packages, setup

INIT = Path(__file__).resolve().parent / "newsbot" / "__init__.py"
VERSION = re.search(r'__version__ = "([^"]+)"', INIT.read_text(encoding="utf-8")).group(1)

setup(
    name="newsbot",
    version=VERSION,
    packages=find_packages(include=["newsbot", "newsbot.*"]),
    entry_points={"scrapy": ["settings = newsbot.settings"]},
    python_requires=">=3.11",
)
