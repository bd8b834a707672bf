"""The preview server: only the output folder, live reload injected, waits for builds."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest

from builder.serve import LIVERELOAD_PATH, PreviewServer, SiteState, start_server

from .conftest import SiteFactory
from .factories import eventually, http_get


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    out = tmp_path / "public"
    (out / "stories" / "a").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><html><body><h1>Home</h1></body></html>")
    (out / "404.html").write_text("<html><body>Not here</body></html>")
    (out / "stories" / "a" / "index.html").write_text("<html><body>Story A</body></html>")
    (out / "stories" / "a" / "digest.json").write_text('{"slug": "a"}')
    (tmp_path / "secret.txt").write_text("TOP SECRET")
    os.symlink(tmp_path / "secret.txt", out / "leak.txt")
    server = start_server("127.0.0.1", 0, out, SiteState())
    yield server, out
    server.state.close()
    server.shutdown()
    server.server_close()


def get(server: PreviewServer, path: str, timeout: float = 5) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=timeout)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body, dict(resp.getheaders())


def raw_get(server: PreviewServer, target: str) -> bytes:
    """Send a request line exactly as written, bypassing any client-side normalisation."""
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while data := s.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def test_serves_pages_with_live_reload_injected_but_not_on_disk(site: tuple[PreviewServer, Path]) -> None:
    server, out = site
    status, body, headers = get(server, "/")
    assert status == 200 and b"<h1>Home</h1>" in body
    assert LIVERELOAD_PATH.encode() in body
    assert headers["Content-Type"].startswith("text/html")
    assert LIVERELOAD_PATH not in (out / "index.html").read_text()
    status, body, _ = get(server, "/stories/a/")
    assert status == 200 and b"Story A" in body
    status, body, headers = get(server, "/stories/a/digest.json")
    assert status == 200 and body == b'{"slug": "a"}' and headers["Content-Type"].startswith("application/json")


def test_missing_page_is_the_sites_404(site: tuple[PreviewServer, Path]) -> None:
    status, body, _ = get(site[0], "/nope/")
    assert status == 404 and b"Not here" in body


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/stories/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/..\\secret.txt",
        "/leak.txt",
        "/index.html%00.txt",
        "http://127.0.0.1/../secret.txt",
    ],
)
def test_nothing_outside_the_output_folder_is_served(site: tuple[PreviewServer, Path], target: str) -> None:
    response = raw_get(site[0], target)
    assert b"TOP SECRET" not in response
    assert b"root:" not in response
    assert response.startswith(b"HTTP/1.1 404") or response.startswith(b"HTTP/1.1 400")


def test_requests_wait_for_a_build_in_progress(site: tuple[PreviewServer, Path]) -> None:
    server, out = site
    server.state.begin()
    result: list[bytes] = []
    thread = threading.Thread(target=lambda: result.append(get(server, "/")[1]))
    thread.start()
    time.sleep(0.4)
    assert result == []  # still waiting
    (out / "index.html").write_text("<html><body>New home</body></html>")
    server.state.finish()
    thread.join(5)
    assert result and b"New home" in result[0]


def test_build_error_page_and_recovery(site: tuple[PreviewServer, Path]) -> None:
    server, _ = site
    server.state.begin()
    server.state.finish(error="site.toml:3: [site] title: expected a string <b>")
    status, body, _ = get(server, "/")
    assert status == 500
    assert b"site.toml:3" in body and b"&lt;b&gt;" in body and LIVERELOAD_PATH.encode() in body
    server.state.begin()
    server.state.finish()
    status, body, _ = get(server, "/")
    assert status == 200 and b"Home" in body


def test_event_stream_announces_new_versions(site: tuple[PreviewServer, Path]) -> None:
    server, _ = site
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5) as s:
        s.sendall(f"GET {LIVERELOAD_PATH} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        first = s.recv(65536)
        assert b"text/event-stream" in first
        while b"data: 0" not in first:
            first += s.recv(65536)
        server.state.begin()
        server.state.finish()
        later = s.recv(65536)
        assert b"data: 1" in later


def test_port_in_use_is_an_error(site: tuple[PreviewServer, Path]) -> None:
    server, out = site
    with pytest.raises(OSError):
        start_server("127.0.0.1", server.server_address[1], out, SiteState())


def test_survives_clients_that_disconnect_and_many_concurrent_requests(site: tuple[PreviewServer, Path]) -> None:
    server, _ = site
    for _ in range(20):  # request and hang up before reading the answer
        s = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        s.close()
    statuses: list[int] = []

    def client() -> None:
        for _ in range(10):  # 50 clients x (10 + 10) requests = 1,000
            statuses.append(get(server, "/stories/a/")[0])
            get(server, "/missing/")

    threads = [threading.Thread(target=client) for _ in range(50)]  # 50 clients, 1,000 requests
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * 500
    for _ in range(20):  # clients that leave in the middle of a response
        s = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
        s.sendall(b"GET /stories/a/digest.json HTTP/1.1\r\nHost: x\r\n\r\n")
        s.recv(10)
        s.close()
    assert get(server, "/")[0] == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", *args], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_for(port: int, timeout: float = 120) -> None:
    """Until the server answers and its first build is done: while that build runs on a site
    never built, pages say so (503, a page that reloads itself) instead of waiting."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if http_get(port, "/")[0] != HTTPStatus.SERVICE_UNAVAILABLE:
                return
        time.sleep(0.05)
    raise AssertionError("server did not start, or its first build did not end")


def test_serve_command_stops_cleanly_on_ctrl_c(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    port = _free_port()
    proc = _serve(root, "--port", str(port))
    _wait_for(port)
    status, body, _ = http_get(port, "/")
    assert status == 200 and LIVERELOAD_PATH.encode() in body
    with socket.create_connection(("127.0.0.1", port)) as events:  # an open live-reload stream
        events.sendall(f"GET {LIVERELOAD_PATH} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        events.recv(100)
        proc.send_signal(signal.SIGINT)
        # generous: a loaded CI machine can stall for seconds; the benchmark measures how fast
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert LIVERELOAD_PATH not in (root / "public" / "index.html").read_text()


def test_serve_reports_a_port_in_use(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        proc = _serve(root, "--port", str(taken.getsockname()[1]))
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "already in use" in err and "Traceback" not in err


def test_serve_warns_when_not_bound_to_loopback(make_site: SiteFactory) -> None:
    root = make_site(seeds=True)
    port = _free_port()
    proc = _serve(root, "--host", "0.0.0.0", "--port", str(port))
    try:
        _wait_for(port)
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "warning" in err and "0.0.0.0" in err



@pytest.mark.parametrize(
    ("target", "statuses"),
    [
        ("/" + "a" * 256, (404,)),  # a component over NAME_MAX
        ("/stories/" + "%C3%A9" * 200 + "/", (404,)),  # 200 characters, 400 bytes
        ("/" + "a" * 5000 + "/index.html", (404, 414)),
        ("/a" * 5000, (404, 414)),  # 5,000 segments
        ("/" + "../" * 3000 + "etc/passwd", (404, 414)),
        ("/" + "%2e%2e/" * 2000, (404, 414)),
        ("/%FF%FE/" + "b" * 300, (404,)),  # not UTF-8, and too long a name
    ],
)
def test_a_path_no_file_can_have_is_404_or_414_never_a_dropped_connection(make_site: SiteFactory, target: str,
                                                                        statuses: tuple[int, ...]) -> None:
    root = make_site(seeds=True)
    port = _free_port()
    proc = _serve(root, "--port", str(port))
    try:
        _wait_for(port)
        # serve answers while its first build runs (503, "being built"): ask once the site is up
        assert eventually(lambda: http_get(port, "/")[0] == 200, timeout=120)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            reply = b""
            while data := s.recv(65536):
                reply += data
        assert int(reply.split(b" ", 2)[1]) in statuses, reply[:200]  # before: no reply at all
        status, _, _ = http_get(port, "/")  # the server lives on
        assert status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err, err
