"""The server keeps named queries' answers for the store as it is, and only as it is (issue 13).

A kept answer is served without a worker until the store changes: by this server
(SPARQL Update), or by another process (``luocdo ingest``), which the server learns
from the store's files. Answers are the same, byte for byte, as computed ones.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from luocdo import queries  # type: ignore[attr-defined]  # mapped from queries/
from luocdo.api.errors import ApiError
from luocdo.api.rest import QueryResult
from luocdo.api.worker import ResultCache

PLAN = "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd"  # 2502/KH-UBND
TOKEN = "s3cret-token"


def tasks_of_plan(c: TestClient) -> list[dict[str, Any]]:
    r = c.get("/queries/document_tasks", params={"document": PLAN})
    assert r.status_code == 200, r.text
    rows: list[dict[str, Any]] = r.json()["rows"]
    return rows


def test_an_answer_asked_again_is_kept_and_the_same(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client()
    cache = c.app.state.pool.cache  # type: ignore[attr-defined]
    first = c.get("/queries/trace_down", params={"document": "08-NQ/TU"})
    hits = cache.hits
    again = c.get("/queries/trace_down", params={"document": "08-NQ/TU"})
    assert again.status_code == first.status_code == 200
    assert cache.hits == hits + 1
    assert again.content == first.content and first.json()["rows"]
    assert again.headers["content-type"] == "application/json"
    # the body is what the documented response model gives
    assert QueryResult.model_validate(again.json()).model_dump() == again.json()
    # other parameters are another question
    other = c.get("/queries/trace_down", params={"document": "08-NQ/TU",
                                                 "relations": "implements"})
    assert other.status_code == 200 and cache.hits == hits + 1


def test_answers_follow_what_luocdo_ingest_wrote_meanwhile(
        make_client: Callable[..., TestClient], seed_files: list[Path]) -> None:
    from luocdo.ingest import ingest_paths
    from luocdo.store import Store

    c = make_client()
    before = tasks_of_plan(c)
    assert len(tasks_of_plan(c)) == len(before) == 3  # the fixture's plan is cut to 3 tasks
    with Store.open(c.app.state.pool.store_dir) as store:  # type: ignore[attr-defined]
        assert ingest_paths([seed_files[0]], store).ok
    assert len(tasks_of_plan(c)) > 34


def test_answers_follow_a_writer_killed_before_it_closed(
        make_client: Callable[..., TestClient], seed_files: list[Path]) -> None:
    """A commit changes the store's files even when its writer never closes the store
    (and so never touches ``luocdo-written``)."""
    from luocdo.store import files_stamp

    c = make_client()
    directory = Path(c.app.state.pool.store_dir)  # type: ignore[attr-defined]
    tasks_of_plan(c)
    version = c.app.state.pool.cache.version(0)  # type: ignore[attr-defined]
    stamp = files_stamp(directory)
    (directory / "000999.log").write_bytes(b"")  # what a commit adds: a new log
    assert files_stamp(directory) != stamp
    assert c.app.state.pool.cache.version(0) != version  # type: ignore[attr-defined]


def test_answers_follow_the_servers_own_writes(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(enable_update=True, token=TOKEN)
    assert len(tasks_of_plan(c)) == 3
    assert len(tasks_of_plan(c)) == 3
    graph = PLAN + "/graph"
    r = c.post("/sparql", data={"update": f"DROP GRAPH <{graph}>"},
               headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    r = c.get("/queries/document_tasks", params={"document": PLAN})
    assert r.status_code == 404 or r.json()["rows"] == []


# ---------------------------------------------------------------- the cache itself


def result(rows: int) -> queries.Result:
    return queries.Result("q", ("n",), tuple({"n": i} for i in range(rows)))


def test_one_computation_for_clients_asking_at_once(tmp_path: Path) -> None:
    cache = ResultCache(str(tmp_path), rows=1000)
    calls: list[int] = []
    started = threading.Event()

    def compute() -> queries.Result:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return result(5)

    answers: list[queries.Result] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.answer("k", 1, compute)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(calls) == 1 and len(answers) == 8
    assert all(a is answers[0] for a in answers)
    assert cache.answer("k", 2, compute) is not answers[0]  # a new version: computed again
    assert len(calls) == 2


def test_errors_are_not_kept_and_nothing_is_kept_without_a_version(tmp_path: Path) -> None:
    cache = ResultCache(str(tmp_path), rows=1000)

    def fail() -> queries.Result:
        raise ApiError(404, "not_found", "no such document")

    for _ in range(2):
        with pytest.raises(ApiError):
            cache.answer("k", 1, fail)
    assert cache.misses == 2 and cache.kept("k", 1) is None
    computed = [cache.answer("k", None, lambda: result(1)) for _ in range(2)]
    assert computed[0] is not computed[1]
    assert ResultCache("http://localhost:7878/query", rows=1000).version(0) is None
    assert ResultCache(str(tmp_path), rows=0).version(0) is None


def test_the_oldest_answers_go_first_past_the_row_limit(tmp_path: Path) -> None:
    cache = ResultCache(str(tmp_path), rows=100)
    for key in ("a", "b", "c", "d"):
        cache.answer(key, 1, lambda: result(25))
    cache.kept("a", 1)  # used: now the most recent
    cache.answer("e", 1, lambda: result(25))
    assert cache.kept("b", 1) is None
    assert all(cache.kept(k, 1) is not None for k in ("a", "c", "d", "e"))
    cache.answer("big", 1, lambda: result(26))  # over a quarter of the limit: not kept
    assert cache.kept("big", 1) is None and cache.kept("a", 1) is not None


def test_bodies_are_encoded_once_and_bounded_in_bytes() -> None:
    from luocdo.api.rest import Bodies

    bodies = Bodies(size=4000)
    small, large = result(10), result(200)
    first = bodies.json(small).body
    assert bodies.json(small).body is first  # the same answer: not encoded again
    assert QueryResult.model_validate_json(first).rows == list(small.rows)
    assert bodies.json(large).body is not bodies.json(large).body  # over a quarter: not kept
    others = [result(10) for _ in range(40)]
    for other in others:
        bodies.json(other)
    assert bodies.json(small).body is not first  # pushed out by newer ones
