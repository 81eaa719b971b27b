"""Item pipelines, one job each: clean pages into articles, store them."""
