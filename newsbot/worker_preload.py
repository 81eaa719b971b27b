"""What the server that cleaning workers fork from loads once, so that no worker (nor one
that replaces a lost worker) does it again: the extraction stack (trafilatura, lxml), and
the stoplist of every language that trafilatura builds the first time it runs jusText
without a known language (a third of a second).

Imported by the server only (see :data:`newsbot.worker_server.PRELOAD`), never by the crawl
process, which has no use for the stoplist when the workers clean.
"""

from trafilatura.external import jt_stoplist_init

import newsbot.cleaning  # noqa: F401

jt_stoplist_init()
