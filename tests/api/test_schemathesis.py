"""Property-based run of the OpenAPI schema (schemathesis) against a real server on
loopback: no generated request gives a server error, and every error has a code."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings

from luocdo.api.app import create_app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(store_dir: Path) -> Iterator[str]:
    """A real server (uvicorn) on a free loopback port."""
    port = _free_port()
    app = create_app(store_dir, workers=1, timeout=10.0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/openapi.json", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base
    server.should_exit = True
    thread.join(10)


@pytest.mark.slow
@pytest.mark.server
def test_no_server_error(base_url: str) -> None:
    schema = schemathesis.openapi.from_url(base_url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @settings(max_examples=30, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (case.method, case.path, case.query,
                                                response.text)
            if response.status_code >= 400:
                assert "code" in response.json()["error"], response.text

        check()
