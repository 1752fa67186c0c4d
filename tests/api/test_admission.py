"""Admission control (issue 11, part 5): queries checked before any worker sees them,
bounded queues that refuse at once, a limit per client, quick requests kept apart
from slow ones."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from luocdo.api import limits
from luocdo.api.errors import ApiError
from luocdo.api.limits import Limits

# The endpoint's default graph has a few hundred triples: four patterns give billions
# of rows (minutes), two patterns times 100 a few million (a second or two)
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ROUNDS = 100
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }"
MODERATE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?k { "
            + " ".join(str(i) for i in range(ROUNDS)) + " } }")


def _error(response: Any) -> str:
    code: str = response.json()["error"]["code"]
    return code


def _count(response: Any) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        start = time.monotonic()
        out["response"] = work()
        out["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def _wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition was never met"
        time.sleep(0.02)


# ---------------------------------------------------------------- the shape of a query


@pytest.mark.parametrize(("query", "code"), [
    ("ASK " + "{" * 10_000 + "}" * 10_000, "query_too_deep"),
    ("SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }", "query_too_deep"),
    ("ASK {}" + " " * limits.MAX_QUERY_LENGTH, "query_too_long"),
])
def test_deep_or_long_query_is_refused_before_a_worker_sees_it(
        make_client: Callable[..., TestClient], query: str, code: str) -> None:
    c = make_client()
    assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    pool = c.app.state.pool  # type: ignore[attr-defined]
    started = pool.quick.generation, len(pool.quick._workers)
    r = c.post("/sparql", content=query.encode(), headers={"Content-Type":
                                                           "application/sparql-query"})
    assert r.status_code == 400, r.text
    assert _error(r) == code
    assert "line 1" in r.json()["error"]["message"] or code == "query_too_long"
    # no worker died or was replaced: none saw the query
    assert (pool.quick.generation, len(pool.quick._workers)) == started
    assert pool.killed == 0
    assert c.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


@pytest.mark.parametrize("query", [
    # brackets in strings, IRIs and comments do not count; '<' as an operator does not
    # start an IRI
    'SELECT * WHERE { BIND("' + "{" * 500 + '" AS ?s) }',
    "SELECT * WHERE { BIND('''" + "((" * 300 + "''' AS ?s) }",
    "SELECT * WHERE { ?s <http://ex/" + "(" * 300 + "> ?o }",
    "SELECT * WHERE { ?s ?p ?o # " + "[" * 300 + "\r FILTER(?o < 3 && 2 > 1) }",
    "ASK " + "{" * limits.MAX_QUERY_DEPTH + "}" * limits.MAX_QUERY_DEPTH,
])
def test_brackets_that_do_not_nest_are_not_counted(query: str) -> None:
    limits.check_query(query)


def test_depth_is_reported_where_it_passes_the_limit() -> None:
    query = "SELECT *\nWHERE " + "{" * 10 + "}" * 10
    with pytest.raises(ApiError) as caught:
        limits.check_query(query, max_depth=4)
    assert caught.value.message.startswith("line 2, column 11:")  # the fifth brace


# ---------------------------------------------------------------- pools and queues


def test_a_slow_query_moves_to_the_general_pool_and_is_answered(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(workers=1, timeout=60.0, limits=Limits(quick_workers=1, quick_budget=0.2))
    pool = c.app.state.pool  # type: ignore[attr-defined]
    triples = _count(c.get("/sparql", params={"query": TRIPLES}))
    r = c.get("/sparql", params={"query": MODERATE})
    assert _count(r) == triples * triples * ROUNDS
    assert pool.demoted == 1 and pool.killed == 0
    # the text is remembered as slow: the next time it goes straight to the general pool
    r = c.get("/sparql", params={"query": MODERATE})
    assert r.status_code == 200
    assert pool.demoted == 1


def test_full_queue_answers_503_at_once_while_quick_requests_are_served(
        make_client: Callable[..., TestClient]) -> None:
    # two quick workers: one tries the unknown slow query (and is killed at the budget,
    # then replaced) while the other answers
    c = make_client(workers=1, timeout=4.0,
                    limits=Limits(quick_workers=2, quick_budget=0.3, queue=0))
    pool = c.app.state.pool  # type: ignore[attr-defined]
    c.get("/sparql", params={"query": "ASK {}"})  # the quick workers started
    thread, first = _in_thread(lambda: c.get("/sparql", params={"query": ENDLESS}))
    _wait_for(lambda: pool.demoted == 1 and pool.general.busy == 1)
    # the general pool's one worker is taken and nothing may wait: refused at once
    start = time.monotonic()
    r = c.get("/sparql", params={"query": ENDLESS})
    refused_in = time.monotonic() - start
    assert r.status_code == 503, r.text
    assert _error(r) == "busy"
    assert r.headers["Retry-After"] == "1"
    assert refused_in < 1.0
    # a quick request does not wait for the slow one
    for _ in range(5):
        start = time.monotonic()
        r = c.get("/sparql", params={"query": "ASK {}"})
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert time.monotonic() - start < 1.0
    r = c.get("/queries/trace_down", params={"document": "08-NQ/TU"})
    assert r.status_code == 200 and r.json()["rows"]
    thread.join(30)
    assert first["response"].status_code == 503
    assert _error(first["response"]) == "query_timeout"
    assert pool.killed == 1 and pool.general.refused == 1


def test_requests_waiting_past_the_queue_wait_are_refused(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(workers=1, timeout=30.0,
                    limits=Limits(quick_workers=1, queue=4, queue_wait=0.5))
    pool = c.app.state.pool  # type: ignore[attr-defined]
    sleeper, _ = _in_thread(lambda: pool.general.run("sleep", 3))
    _wait_for(lambda: pool.general.busy == 1)
    start = time.monotonic()
    with pytest.raises(ApiError) as caught:
        pool.run("validate", {"document": None})
    assert caught.value.status == 503 and caught.value.code == "busy"
    assert 0.4 < time.monotonic() - start < 3.0
    sleeper.join(30)


def test_a_killed_worker_gives_a_500_with_a_stable_code(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(workers=1, timeout=30.0)
    pool = c.app.state.pool  # type: ignore[attr-defined]
    caught: dict[str, ApiError] = {}

    def run() -> None:
        try:
            pool.general.run("sleep", 20)
        except ApiError as exc:
            caught["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    _wait_for(lambda: len(pool.general._workers) == 1)
    (worker,) = pool.general._workers
    _wait_for(lambda: worker.ready)
    time.sleep(0.2)
    os.kill(worker.process.pid, signal.SIGKILL)
    thread.join(30)
    assert caught["error"].status == 500 and caught["error"].code == "worker_crashed"
    # a fresh worker takes its place
    assert pool.general.run("graphs", None)


# ---------------------------------------------------------------- clients


def test_requests_at_once_per_client_are_limited(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(workers=1, timeout=3.0, limits=Limits(quick_budget=0.2, per_client=1))
    pool = c.app.state.pool  # type: ignore[attr-defined]
    thread, first = _in_thread(lambda: c.get("/sparql", params={"query": ENDLESS}))
    _wait_for(lambda: pool.demoted == 1)
    r = c.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 429, r.text
    assert _error(r) == "too_many_requests"
    assert int(r.headers["Retry-After"]) >= 1
    # the documentation and the pages need no worker and are not counted
    assert c.get("/openapi.json").status_code == 200
    thread.join(30)
    assert first["response"].status_code == 503
    assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200


# ---------------------------------------------------------------- stopping


@pytest.mark.server
def test_sigterm_stops_the_server_while_a_query_runs(store_dir: Path) -> None:
    """`luocdo serve` gives running requests --shutdown-wait seconds after SIGTERM, then
    kills its workers and exits (an upload read in the server once kept it running)."""
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", "from luocdo.cli import main; main()", "serve", "--store",
         str(store_dir), "--port", str(port), "--timeout", "120", "--shutdown-wait", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)

        def endless() -> Any:
            try:
                return httpx.get(base + "/sparql", params={"query": ENDLESS}, timeout=60)
            except httpx.HTTPError as exc:
                return exc

        thread, _ = _in_thread(endless)
        time.sleep(3.0)  # past the quick budget: running in the general pool
        start = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        assert time.monotonic() - start < 10
        thread.join(30)
        assert not thread.is_alive()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
