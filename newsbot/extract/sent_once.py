"""Sets that go to the cleaning workers once, not with every page.

A site's model (learned blocks, headlines of its other articles) rides along with each
page a worker cleans, and it grows with the site: pickled and rebuilt for every page it
would cost the workers more the longer a crawl runs. A :class:`SentOnce` set pickles as a
token and its contents as one bytes object made once per set; a worker rebuilds the set
the first time it sees the token and reuses it for every later page.
"""

from __future__ import annotations

import pickle
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

# Sets a worker keeps, the most recently used last: each site model has two, and a newer
# model replaces its sets, so the old ones must not pile up in the workers.
KEEP = 8
_received: OrderedDict[str, "SentOnce"] = OrderedDict()


class SentOnce(frozenset):
    """A frozenset whose pickle carries a token, rebuilt once per process that loads it."""

    token: str
    _payload: bytes | None

    def __new__(cls, items: Iterable[Any] = (), token: str | None = None) -> "SentOnce":
        self = super().__new__(cls, items)
        self.token = token or uuid.uuid4().hex
        self._payload = None
        return self

    def __reduce__(self) -> tuple[Any, tuple[str, bytes]]:
        if self._payload is None:
            self._payload = pickle.dumps(frozenset(self), pickle.HIGHEST_PROTOCOL)
        return _receive, (self.token, self._payload)


def _receive(token: str, payload: bytes) -> SentOnce:
    found = _received.get(token)
    if found is None:
        found = _received[token] = SentOnce(pickle.loads(payload), token)
        while len(_received) > KEEP:
            _received.popitem(last=False)
    else:
        _received.move_to_end(token)
    return found
