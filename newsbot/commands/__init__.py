"""Subcommands of ``python -m newsbot``: each module has ``add_arguments`` and ``run``."""
