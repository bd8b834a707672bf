"""``python -m builder serve``: watch, rebuild, and serve the site with live reload.

The server only ever serves files inside the output folder. HTML responses get a small live
reload script (server-sent events) injected on the way out — the built files never contain it.
A request that arrives during a rebuild waits for it to finish, so no one sees a half-built
site; while the last build failed, pages show the error and reload themselves once it is fixed.
``serve`` answers at once from its start: during its first build, with the site a previous
build left on disk, or where there is none, a page that says the site is being built and
reloads itself.
"""

from __future__ import annotations

import errno
import html
import mimetypes
import socket
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LIVERELOAD_PATH = "/__livereload"
NAME_BYTES = 255  #: the longest file name (NAME_MAX): a longer path component names no file
MAX_SEGMENTS = 64  #: the deepest path answered at all; a built site is at most four folders deep
MAX_PATH_CHARS = 4096  #: the longest path answered at all (PATH_MAX)
RELOAD_SCRIPT = (
    "<script>(function(){{var v={version};function c(){{var s=new EventSource('{path}');"
    "s.onmessage=function(e){{if(+e.data!==v){{s.close();location.reload();}}}};"
    "s.onerror=function(){{s.close();setTimeout(c,1000);}};}}c();}})();</script>"
)


class SiteState:
    """What the builder tells the server: is a build running, which version is live, any error.

    ``wait_first``: whether requests during the first build wait for it. ``serve`` does not
    wait: the first build of a large site without a usable cache takes a while, and the site a
    previous build left is worth showing meanwhile (each of its files is replaced whole)."""

    def __init__(self, wait_first: bool = True) -> None:
        self.wait_first = wait_first
        self._cond = threading.Condition()
        self.version = 0
        self.building = False
        self.error: str | None = None
        self.closed = False

    def begin(self) -> None:
        with self._cond:
            self.building = True

    def finish(self, error: str | None = None) -> None:
        with self._cond:
            self.building = False
            self.error = error
            self.version += 1
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    @property
    def first_build(self) -> bool:
        """The first build is running: nothing this session built is live yet."""
        return self.building and self.version == 0

    def wait_ready(self, timeout: float = 60.0) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not self.building or self.closed or (self.first_build and not self.wait_first), timeout)

    def wait_change(self, version: int, timeout: float) -> int:
        with self._cond:
            self._cond.wait_for(lambda: self.version != version or self.closed, timeout)
            return self.version


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], output_dir: Path, state: SiteState, base_path: str = "/") -> None:
        self.output_dir = output_dir
        self.state = state
        self.base_path = base_path if base_path.startswith("/") else "/"
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "digest-preview"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 — the stdlib's name
        pass  # the terminal shows builds, not every request

    def do_HEAD(self) -> None:  # noqa: N802 — the stdlib's naming
        self._respond(head=True)

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path == LIVERELOAD_PATH:
            self._events()
        else:
            self._respond(head=False)

    # --- files ---------------------------------------------------------------------------------

    def _resolve(self, url_path: str) -> Path | None:
        """The file a URL path names, or None when it is missing or outside the output folder."""
        path = unquote(url_path, errors="surrogateescape")
        if "\x00" in path or "\\" in path:
            return None
        base = self.server.base_path
        if base != "/" and path.startswith(base):
            path = "/" + path[len(base):]
        # no file has a name over NAME_MAX bytes; asking the file system would raise instead
        if any(len(part.encode("utf-8", "surrogateescape")) > NAME_BYTES for part in path.split("/")):
            return None
        root = self.server.output_dir.resolve()
        try:
            candidate = (root / path.lstrip("/")).resolve()
            if not candidate.is_relative_to(root):
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (OSError, ValueError, RuntimeError):  # a name or path the system cannot look up
            return None

    @staticmethod
    def _too_long(url_path: str) -> bool:
        """A path no site of the builder's holds: thousands of segments or kilobytes long."""
        return len(url_path) > MAX_PATH_CHARS or url_path.count("/") > MAX_SEGMENTS

    def _respond(self, head: bool) -> None:
        state = self.server.state
        state.wait_ready()
        url_path = urlsplit(self.path).path
        if state.error is not None and self._is_page(url_path):
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", self._error_page(state.error), head)
            return
        if self._too_long(url_path):
            self._send(HTTPStatus.REQUEST_URI_TOO_LONG, "text/plain; charset=utf-8", b"414 URI Too Long\n", head)
            return
        target = self._resolve(url_path)
        status = HTTPStatus.OK
        if target is None and state.first_build and self._is_page(url_path):
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", self._building_page(), head,
                       retry_after=1)
            return
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = self._resolve("/404.html")
            if target is None:
                self._send(status, "text/plain; charset=utf-8", b"404 Not Found\n", head)
                return
        try:
            body = target.read_bytes()
        except OSError:  # swapped out between resolve and read: the next request sees the new site
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"Rebuilding, try again\n", head)
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype == "text/html":
            body = self._inject(body)
        if ctype.startswith("text/") or ctype in ("application/json", "application/xml", "application/javascript"):
            ctype += "; charset=utf-8"
        self._send(status, ctype, body, head)

    def _inject(self, body: bytes) -> bytes:
        script = RELOAD_SCRIPT.format(version=self.server.state.version, path=LIVERELOAD_PATH).encode()
        at = body.rfind(b"</body>")
        return body[:at] + script + body[at:] if at >= 0 else body + script

    @staticmethod
    def _is_page(url_path: str) -> bool:
        """Whether a URL path asks for a page (not an asset): it ends in ``.html`` or ``/``, or
        its last part has no extension."""
        return url_path.endswith((".html", "/")) or "." not in url_path.rsplit("/", 1)[-1]

    def _building_page(self) -> bytes:
        """The answer for a page the first build has not written yet: it reloads itself when
        the build is done (live reload), or every two seconds without JavaScript."""
        page = (
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Building…</title>"
            "<meta http-equiv=\"refresh\" content=\"2\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
            "<body style=\"font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem\">"
            "<h1>Building the site…</h1><p>This page reloads by itself when the first build is done.</p>"
            "</body></html>"
        )
        return self._inject(page.encode("utf-8"))

    def _error_page(self, error: str) -> bytes:
        page = (
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>"
            "<body style=\"font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem\">"
            "<h1>The site could not be built</h1><p>Fix the problem below; this page reloads by itself when the "
            "build works again.</p><pre style=\"white-space:pre-wrap;background:#fff1ec;padding:1rem\">"
            f"{html.escape(error)}</pre>"
            "</body></html>"
        )
        return self._inject(page.encode("utf-8"))

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, head: bool, retry_after: int | None = None) -> None:
        try:
            self.send_response(status)
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- live reload ---------------------------------------------------------------------------

    def _events(self) -> None:
        """A server-sent event stream: the live version now, and again after every rebuild."""
        state = self.server.state
        self.close_connection = True
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            version = state.version
            self.wfile.write(f"retry: 1000\ndata: {version}\n\n".encode())
            self.wfile.flush()
            while not state.closed:
                new = state.wait_change(version, timeout=10.0)
                if state.closed:
                    break
                # a comment line keeps proxies from timing out and finds clients that have left
                self.wfile.write(f"data: {new}\n\n".encode() if new != version else b": ping\n\n")
                self.wfile.flush()
                version = new
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass


def start_server(host: str, port: int, output_dir: Path, state: SiteState, base_path: str = "/") -> PreviewServer:
    """Bind and start serving in a background thread. Raises OSError (e.g. port in use)."""
    server = PreviewServer((host, port), output_dir, state, base_path)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True, name="preview-server")
    thread.start()
    return server


def run_serve(root: Path, config_path: str | None, host: str = "127.0.0.1", port: int = 8000, poll: bool = False) -> int:
    """The ``serve`` command: build, watch and serve until Ctrl-C. Returns the exit code.

    The server starts before the builder is even imported (the pipeline's modules take a second
    or more to load), so the first request is answered at once: with the site on disk, or a
    page that says the site is being built (see :class:`SiteState`)."""
    from urllib.parse import urlsplit as split

    from .config import ConfigError, load_config
    from .output import OutputFolderError, check_output
    from .terminal import error, note, warning

    try:
        config = load_config(root.resolve(), config_path)
        check_output(config)  # refused before serving anything, as `build` refuses it
    except (ConfigError, OutputFolderError) as exc:
        error(exc)
        return 2
    # requests do not wait for the first build: the previous site answers meanwhile
    state = SiteState(wait_first=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        warning(f"serving on {host}: other machines on the network can see this preview")
    state.begin()  # bind first, so a port in use is reported at once
    try:
        server = start_server(host, port, config.output_dir, state, split(config.base_url).path or "/")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            error(f"port {port} on {host} is already in use; choose another with --port")
        else:
            error(f"cannot listen on {host}:{port}: {exc.strerror}")
        return 2
    watcher = None
    try:
        shown_host = f"[{host}]" if ":" in host else host
        note(f"Serving {config.output_dir} on http://{shown_host}:{server.server_address[1]}/ — Ctrl-C to stop")
        from .watch import SiteWatcher  # the whole pipeline: seconds to import on a busy machine

        try:
            watcher = SiteWatcher(root, config_path, state=state, poll=poll)
        except (ConfigError, OutputFolderError) as exc:  # site.toml changed in the meantime
            error(exc)
            return 2
        watcher.start()  # watch first: a file saved during the first build is not missed
        watcher.build_now()
        while True:
            time.sleep(0.2)
            server.output_dir = watcher.config.output_dir  # a site.toml change may move it
    except KeyboardInterrupt:
        note("Stopping.")
    finally:
        state.close()
        if watcher is not None:
            watcher.stop()
        server.shutdown()
        server.server_close()
    sys.stdout.flush()
    return 0
