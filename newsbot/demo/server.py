"""Serve the demo site over HTTP on a local port.

Run ``python -m newsbot.demo.server [--host H] [--port P] [--articles N] [--edition N]
[--copies N] [--broken] [--furnished] [--prerender] [--verbose]``: it prints ``Demo site at
http://H:P/`` once listening and serves until interrupted (SIGINT or SIGTERM); each SIGUSR1
publishes the next edition. In-process, use :func:`start_server`.

``--prerender`` renders and compresses the site's pages (:meth:`DemoSite.page_paths`) before
it listens, so serving them costs little more than a static file server: the benchmarks
time the crawler, and a remote site's rendering is not the crawler's work.
"""

from __future__ import annotations

import argparse
import gzip
import re
import signal
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NoReturn

from newsbot.demo.site import DemoResponse, DemoSite

COMPRESSIBLE = re.compile(r"^(text/|application/(xml|rss\+xml|atom\+xml))")
CONDITIONAL_HEADERS = ("If-None-Match", "If-Modified-Since")
HOST_HEADER = re.compile(r"^[\w.\-]+(:\d+)?$|^\[[0-9a-fA-F:.]+\](:\d+)?$")


class CrawlableServer(ThreadingHTTPServer):
    """A threaded HTTP server a crawl can open its connections to all at once.

    ``request_queue_size``: connections the kernel completes before the server accepts
    them. socketserver's 5 is less than a crawl opens at once: while the server's threads
    hold the interpreter, the others' handshakes were dropped and retried (1, 2, 4, 8 s
    ...), past the crawl's download timeout.
    """

    daemon_threads = True
    request_queue_size = 128


class DemoServer(CrawlableServer):
    """A threaded HTTP server for one :class:`DemoSite`."""

    def __init__(self, address: tuple[str, int], site: DemoSite, verbose: bool = False,
                 prerender: bool = False) -> None:
        super().__init__(address, DemoRequestHandler)
        self.verbose = verbose
        self.prerender = prerender
        self.serve(site)

    def serve(self, site: DemoSite) -> None:
        """Serve ``site`` from now on, prerendered if the server prerenders."""
        rendered: dict[str, Rendered] = {}
        if self.prerender:
            for path in site.page_paths():
                response = site.handle(path, base_url=self.base_url)
                if response.status == 200 and response.body and compressible(response):
                    rendered[path] = Rendered(DemoResponse(response.status, response.headers), gzip_body(response))
        self.site, self.rendered = site, rendered

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the listening socket, without a trailing slash."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        """Stop serving (when started by :func:`start_server`) and close the socket."""
        self.shutdown()
        self.server_close()


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page rendered for the server's own base URL: status and headers, and the body gzipped."""

    response: DemoResponse
    gzipped: bytes


def compressible(response: DemoResponse) -> bool:
    return bool(COMPRESSIBLE.match(response.headers.get("Content-Type", "")))


def gzip_body(response: DemoResponse) -> bytes:
    return gzip.compress(response.body, compresslevel=1, mtime=0)


class DemoRequestHandler(BaseHTTPRequestHandler):
    """GET and HEAD, gzip on request, links built from the Host header the client sent."""

    server: DemoServer
    protocol_version = "HTTP/1.1"
    server_version = "Apache"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        body, headers, response = self._prerendered() or self._render()
        self.send_response(response.status)
        for name, value in headers.items():
            self.send_header(name, value)
        if response.status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and response.status != 304:
            self.wfile.write(body)

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def _prerendered(self) -> tuple[bytes, dict[str, str], DemoResponse] | None:
        """The prerendered page, for a plain gzip-accepting GET to the server's own address."""
        rendered = self.server.rendered.get(self.path)
        if (rendered is None or not self._accepts_gzip() or self._base() != self.server.base_url
                or any(name in self.headers for name in CONDITIONAL_HEADERS)):
            return None
        headers = {**rendered.response.headers, "Vary": "Accept-Encoding", "Content-Encoding": "gzip"}
        return rendered.gzipped, headers, rendered.response

    def _render(self) -> tuple[bytes, dict[str, str], DemoResponse]:
        response = self.server.site.handle(self.path, base_url=self._base(), headers=dict(self.headers.items()))
        return *self._encode(response), response

    def _base(self) -> str:
        host = self.headers.get("Host", "")
        return f"http://{host}" if HOST_HEADER.match(host) else self.server.base_url

    def _encode(self, response: DemoResponse) -> tuple[bytes, dict[str, str]]:
        """The body as sent: gzipped when the client accepts it and the type compresses."""
        headers = dict(response.headers)
        if not (response.body and compressible(response)):
            return response.body, headers
        headers["Vary"] = "Accept-Encoding"
        if not self._accepts_gzip():
            return response.body, headers
        headers["Content-Encoding"] = "gzip"
        return gzip_body(response), headers

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base signature)
        if self.server.verbose:
            super().log_message(format, *args)


def start_server(site: DemoSite, host: str = "127.0.0.1", port: int = 0,
                 verbose: bool = False, prerender: bool = False) -> tuple[DemoServer, str]:
    """Serve ``site`` from a daemon thread; returns the server and its base URL
    (``http://host:port``, no trailing slash). Stop it with ``server.stop()``."""
    server = DemoServer((host, port), site, verbose=verbose, prerender=prerender)
    threading.Thread(target=server.serve_forever, name="demo-site", daemon=True).start()
    return server, server.base_url


def _interrupt(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


def _next_edition(server: DemoServer, args: argparse.Namespace) -> None:
    """SIGUSR1: serve the next edition of the site, on the same port without a gap."""
    args.edition += 1
    server.serve(DemoSite(n_articles=args.articles, edition=args.edition, broken=args.broken,
                          copies=args.copies, furnished=args.furnished))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.demo.server",
                                     description="Serve the bundled demo news site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--articles", type=int, default=48, help="number of generated articles")
    parser.add_argument("--edition", type=int, default=1,
                        help="each edition adds 3 newer stories and updates 2 older ones")
    parser.add_argument("--copies", type=int, default=4, help="number of wire copies of stories")
    parser.add_argument("--broken", action="store_true", help="serve article pages without body")
    parser.add_argument("--furnished", action="store_true",
                        help="pages carry the menus, scripts and site map of real ones (as heavy)")
    parser.add_argument("--prerender", action="store_true",
                        help="render and compress the pages before listening, to serve them at little cost")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    site = DemoSite(n_articles=args.articles, edition=args.edition, broken=args.broken,
                    copies=args.copies, furnished=args.furnished)
    server = DemoServer((args.host, args.port), site, verbose=args.verbose, prerender=args.prerender)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGUSR1, lambda signum, frame: _next_edition(server, args))
    print(f"Demo site at {server.base_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
