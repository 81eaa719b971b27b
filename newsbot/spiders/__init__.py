"""newsbot's spiders: they fetch and follow links; cleaning happens in the pipelines."""
