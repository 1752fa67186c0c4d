"""Uploads (issue 11, part 2): bodies refused before they are read, the token checked
first, files read in a worker under a time and a memory limit, anonymous previews
capped and rate-limited."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from luocdo.api.app import create_app
from luocdo.api.limits import Limits

TOKEN = "s3cret-upload-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BIG = "031_nd-193-2025-ndcp-chi-tiet-luat-dia-chat-khoang-san.txt"  # 0.5 MB, 15,000 triples


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def serve(tmp_path: Path) -> Iterator[Callable[..., int]]:
    """A factory of real servers (uvicorn on a free loopback port); gives the port."""
    from tests.api.conftest import build_store

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(**options: Any) -> int:
        port = _free_port()
        app = create_app(build_store(tmp_path / f"store{len(servers)}"), **options)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="error"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        for _ in range(200):
            if server.started:
                return port
            time.sleep(0.05)
        raise AssertionError("the server did not start")

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(15)


def _head(path: str, length: int, extra: str = "") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n").encode()


def _answer(sock: socket.socket, seconds: float = 5.0) -> tuple[int, bytes]:
    """The status and the raw response, read until the server closes or `seconds` pass."""
    sock.settimeout(seconds)
    data = b""
    try:
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except TimeoutError:
        pass
    assert data, "no answer from the server"
    return int(data.split(b" ", 2)[1]), data


def _send_head_only(port: int, head: bytes) -> tuple[int, bytes, float]:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        start = time.monotonic()
        sock.sendall(head)  # and no body at all
        status, data = _answer(sock)
        return status, data, time.monotonic() - start


def test_declared_oversized_bodies_are_refused_before_reading(
        serve: Callable[..., int]) -> None:
    port = serve(workers=1, enable_update=True, token=TOKEN)
    # 300 MB announced, nothing sent: the answer comes at once
    for path, extra in (("/documents?dry_run=true", ""), ("/documents", f"Authorization: "
                                                          f"Bearer {TOKEN}\r\n"),
                        ("/sparql", "")):
        status, data, seconds = _send_head_only(port, _head(path, 300_000_000, extra))
        assert status == 413, data
        assert b'"too_large"' in data
        assert seconds < 2.0


def test_the_token_is_checked_before_the_body(serve: Callable[..., int]) -> None:
    port = serve(workers=1, enable_update=True, token=TOKEN)
    # 5 MB announced (under the upload cap), no token, nothing sent: 401 at once
    status, data, seconds = _send_head_only(port, _head("/documents", 5_000_000))
    assert status == 401, data
    assert b'"unauthorized"' in data
    assert seconds < 2.0
    port = serve(workers=1)  # read-only: storing is refused before the body too
    status, data, _ = _send_head_only(port, _head("/documents", 5_000_000))
    assert status == 403 and b'"writes_disabled"' in data


def test_a_chunked_body_is_counted_while_it_streams(serve: Callable[..., int]) -> None:
    port = serve(workers=1, limits=Limits(preview=100_000))
    head = (b"POST /documents?dry_run=true HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=xyz\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    part = (b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            b"Content-Type: text/plain\r\n\r\n")
    chunk = b"a" * 65_536
    sent = 0
    total = 200 * len(chunk)  # 13 MB offered
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head + f"{len(part):x}\r\n".encode() + part + b"\r\n")
        status = None
        while sent < total:
            if select.select([sock], [], [], 0)[0]:
                status, data = _answer(sock)
                break
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                status, data = _answer(sock)
                break
            sent += len(chunk)
        else:
            status, data = _answer(sock)
    assert status == 413, data
    assert b'"too_large"' in data
    assert sent < total // 2  # refused long before the end: the rest was never read


# ---------------------------------------------------------------- reading in a worker


@pytest.fixture()
def big_file(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / BIG


def _upload(c: TestClient, path: Path, *, dry_run: bool = True,
            headers: dict[str, str] | None = None) -> Any:
    return c.post("/documents", params={"dry_run": str(dry_run).lower()}, headers=headers,
                  files={"file": (path.name, path.read_bytes())})


def test_reading_past_the_time_limit_is_stopped(
        make_client: Callable[..., TestClient], big_file: Path) -> None:
    # reading this file takes about 0.6 s; the limit is 0.1 s
    c = make_client(limits=Limits(preview=2_000_000, extract_timeout=0.1))
    r = _upload(c, big_file)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "extraction_timeout"
    assert BIG in r.json()["error"]["message"]
    # the server is not held: queries are answered, the next upload gets a fresh worker
    assert c.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
    assert c.app.state.pool.extract.killed == 1  # type: ignore[attr-defined]


def test_reading_past_the_memory_limit_is_refused(
        make_client: Callable[..., TestClient], big_file: Path) -> None:
    # the reader builds a 15,000-triple graph and its SHACL report: far over 8 MiB
    c = make_client(limits=Limits(preview=2_000_000, extract_memory=8 * 2**20))
    r = _upload(c, big_file)
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "extraction_too_large"
    assert "8 MiB" in r.json()["error"]["message"]
    # the worker refused memory is replaced: the next upload is read by a fresh one
    assert c.app.state.pool.extract.busy == 0  # type: ignore[attr-defined]
    assert _upload(c, big_file).json()["error"]["code"] == "extraction_too_large"
    # with room enough the same file is read
    c = make_client(limits=Limits(preview=2_000_000))
    r = _upload(c, big_file)
    assert r.status_code == 200, r.text
    assert r.json()["triples"] > 10_000


def test_previews_without_the_token_are_capped_and_rate_limited(
        make_client: Callable[..., TestClient], seed_files: list[Path]) -> None:
    seed = seed_files[0]
    size = seed.stat().st_size
    c = make_client(enable_update=True, token=TOKEN,
                    limits=Limits(preview=size - 1, previews_per_minute=2))
    r = _upload(c, seed)
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "too_large"
    # a token holder may send it
    r = _upload(c, seed, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["symbol"] == "2502/KH-UBND" and r.json()["stored"] is None
    # two previews a minute from one client: the third (the first was one) is refused
    assert _upload(c, seed_files[1]).status_code in (200, 413)
    r = _upload(c, seed_files[1])
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert _upload(c, seed, headers=AUTH).status_code == 200  # token holders are not counted


def test_previews_can_be_turned_off(make_client: Callable[..., TestClient],
                                    seed_files: list[Path]) -> None:
    c = make_client(limits=Limits(preview=0))
    r = _upload(c, seed_files[0])
    assert r.status_code == 403 and r.json()["error"]["code"] == "previews_disabled"


def test_a_stored_upload_is_read_in_a_worker_and_queried(
        make_client: Callable[..., TestClient], seed_files: list[Path]) -> None:
    c = make_client(enable_update=True, token=TOKEN)
    r = _upload(c, seed_files[0], dry_run=False, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["stored"] == "replaced"  # the fixture holds a cut-down 2502/KH-UBND
    assert body["validation"]["counts"]
    doc = c.get("/documents/2502/KH-UBND").json()
    assert doc["document"]["tasks"] == body["tasks"] > 3
    r = _upload(c, seed_files[0], dry_run=False, headers=AUTH)
    assert r.json()["stored"] == "unchanged"
