"""Scrapy add-ons that switch newsbot components on from its own settings."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class SharedFrontierAddon:
    """With ``NEWSBOT_REDIS_URL`` set, schedule through the Redis-shared frontier."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSBOT_REDIS_URL")
        if not url:
            return
        settings.set("SCHEDULER", "newsbot.frontier.SharedFrontier", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue", "addon")
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("REDIS_URL", url, "addon")
