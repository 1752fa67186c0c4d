"""The endpoint never reaches another host (issue 11, part 1).

A listener on loopback stands for "anywhere": every test counts the
connections it receives, and expects none. The guard is checked on the forms
that bypassed the old one; the sandbox is checked underneath it, with queries
and updates that skip the guard altogether, so that a form the guard misses
still reaches nothing.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.api import guard
from luocdo.api.worker import QueryPool
from luocdo.queries import registry


class Listener:
    """A TCP server on loopback that counts the connections it accepts."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.count += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    it = Listener()
    yield it
    it.close()


def _settle(listener: Listener, before: int) -> int:
    time.sleep(0.05)  # let a connection in flight be accepted before counting
    return listener.count - before


# ---------------------------------------------------------------- the guard


def bypasses(port: int) -> list[str]:
    """Forms that hid SERVICE from the old guard, or could hide it from a lexer that
    differs from the engine's."""
    target = f"<http://127.0.0.1:{port}/x>"
    return [
        f"SELECT * WHERE {{ # c\rSERVICE {target} {{ ?s ?p ?o }} }}",  # \r ends a comment
        f"SELECT * WHERE {{ #\r\nSERVICE {target} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{\tservice\rsilent {target} {{ ?s ?p ?o }} }}",
        # a backslash-escaped '#' or quote in a prefixed name starts no comment or string
        f"PREFIX e: <http://e/> SELECT * WHERE {{ ?s ?p e:a\\# . SERVICE {target} {{ }} }}",
        f"PREFIX e: <http://e/> SELECT * WHERE {{ ?s ?p e:a\\' . SERVICE {target} {{ }} }}",
        # the endpoint as a prefixed name, or with escaped characters in its IRI
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE e:x {{ }} }}",
        f"SELECT * WHERE {{ SERVICE <http\\u003A//127.0.0.1:{port}/x> {{ }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1\\U0000003A{port}/x> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p '''a''' . SERVICE {target} {{ }} }}",
        f'SELECT * WHERE {{ ?s ?p """a""\\"""" . SERVICE {target} {{ }} }}',
    ]


@pytest.mark.parametrize("index", range(len(bypasses(1))))
def test_the_guard_sees_service_however_it_is_written(index: int) -> None:
    query = bypasses(7)[index]
    reason = guard.refusal(query, lambda: ())
    assert reason is not None and reason.startswith("SERVICE at line"), (query, reason)


@pytest.mark.parametrize("update", [
    "# c\rLOAD <http://127.0.0.1:7/x.ttl>",
    "load\r<http://127.0.0.1:7/x.ttl> INTO GRAPH <http://g>",
    "PREFIX e: <http://e/> INSERT DATA { GRAPH <http://g> { e:a e:b e:c\\# } } ;\nLOAD <http://x>",
])
def test_the_guard_sees_load_however_it_is_written(update: str) -> None:
    reason = guard.refusal(update, lambda: (), update=True)
    assert reason is not None and reason.startswith("LOAD at line"), reason


def test_text_that_has_no_sparql_token_is_unreadable_not_guessed() -> None:
    with pytest.raises(guard.Unreadable, match="line 2, column 9"):
        guard.refusal("ASK\r{ ?s ?p 'open }", lambda: ())
    with pytest.raises(guard.Unreadable, match="stray backslash"):
        guard.refusal("ASK { \\u0053ERVICE <http://x> {} }", lambda: ())


def test_keywords_in_strings_iris_and_names_are_not_keywords() -> None:
    ok = ('PREFIX e: <http://e/SERVICE> SELECT ("SERVICE" AS ?a) (\'LOAD\' AS ?b) ?service '
          "WHERE { ?s e:SERVICE ?o ; e:a\\#SERVICE ?x # SERVICE\n FILTER(?o<?s&&?o>?x) }")
    assert guard.refusal(ok, lambda: ()) is None


def test_every_named_query_reads_as_sparql() -> None:
    for name, query in registry().items():
        assert guard.refusal(query.text, lambda: ()) is None, name


# ---------------------------------------------------------------- the sandbox underneath


_ENGINE = """
import sys, pyoxigraph as ox
from luocdo.api.sandbox import deny_network
state = deny_network()
assert state.active, state.reason
store = ox.Store()
port = sys.argv[1]
service = "SELECT * WHERE { SERVICE <http://127.0.0.1:%s/x> { ?s ?p ?o } }" % port
for call in (
    lambda: list(store.query(service)),
    lambda: store.update("LOAD <http://127.0.0.1:%s/x.ttl>" % port),
    lambda: store.update("LOAD <http://localhost:%s/x.ttl>" % port),
):
    try:
        call()
        print("ran")
    except PermissionError:
        print("refused")
"""


def test_the_engine_in_a_sandboxed_process_reaches_nothing(listener: Listener) -> None:
    before = listener.count
    done = subprocess.run([sys.executable, "-c", _ENGINE, str(listener.port)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["refused"] * 3
    assert _settle(listener, before) == 0


def test_the_same_engine_without_the_sandbox_does_connect(listener: Listener) -> None:
    """The control: without the filter, the engine does call out (so the test above
    proves the filter, not a port nobody could reach)."""
    script = _ENGINE.replace("state = deny_network()\nassert state.active, state.reason", "")
    before = listener.count
    subprocess.run([sys.executable, "-c", script, str(listener.port)],
                   capture_output=True, text=True, timeout=60, check=False)
    assert _settle(listener, before) >= 1


def test_query_workers_cannot_open_a_connection(store_dir: Path, listener: Listener) -> None:
    pool = QueryPool(store_dir, size=1, timeout=10)
    try:
        before = listener.count
        answer = pool.run("connect", ("127.0.0.1", listener.port))
        assert answer.startswith("PermissionError"), answer
        assert _settle(listener, before) == 0
    finally:
        pool.close()


def test_an_update_that_passes_the_guard_still_loads_nothing(store_dir: Path, tmp_path: Path,
                                                             listener: Listener) -> None:
    """The update process (luocdo.api.writer) run directly, as if the guard had missed."""
    import shutil

    store = tmp_path / "store"
    shutil.copytree(store_dir, store)
    before = listener.count
    done = subprocess.run(
        [sys.executable, "-m", "luocdo.api.writer", str(store), ""],
        input=f"LOAD <http://127.0.0.1:{listener.port}/x.ttl> INTO GRAPH <http://g>".encode(),
        capture_output=True, timeout=60, check=False)
    answer = json.loads(done.stdout.decode().splitlines()[-1])
    assert answer["error"][:2] == [400, "query_refused"], answer
    assert _settle(listener, before) == 0


# ---------------------------------------------------------------- through HTTP


def test_bypasses_sent_to_the_endpoint_are_refused(client: TestClient,
                                                   listener: Listener) -> None:
    before = listener.count
    for query in bypasses(listener.port):
        r = client.post("/sparql", data={"query": query})
        assert r.status_code == 400, (query, r.text)
        assert r.json()["error"]["code"] == "query_refused"
    assert _settle(listener, before) == 0


def test_load_by_a_token_holder_is_refused(make_client: Callable[..., TestClient],
                                           listener: Listener) -> None:
    c = make_client(enable_update=True, token="s3cret")
    before = listener.count
    for update in (f"# c\rLOAD <http://127.0.0.1:{listener.port}/x.ttl>",
                   f"LOAD <http://127.0.0.1:{listener.port}/x.ttl> INTO GRAPH <http://g>"):
        r = c.post("/sparql", data={"update": update},
                   headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 400 and r.json()["error"]["code"] == "query_refused", r.text
    assert _settle(listener, before) == 0


_SPACE = st.sampled_from([" ", "\t", "\r", "\n", "\r\n", " # c\r", " #\n", "\t#x\r\n"])
_NOISE = st.sampled_from(["\\", "#", "'", '"', "<", ">", "{", "}", ".", ";", ":", "\\#",
                          "\\'", "e:a\\# ", "'''", '"""', "\\u0053", "\r", "$", "?"])


@st.composite
def mutated_services(draw: st.DrawFn, port: int) -> str:
    keyword = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in "service")
    silent = draw(st.sampled_from(["", "SILENT", "silent"]))
    host = draw(st.sampled_from([f"<http://127.0.0.1:{port}/x>", f"<http://localhost:{port}/x>",
                                 f"<http\\u003A//127.0.0.1:{port}/x>", "e:x"]))
    parts = ["PREFIX", "e:", f"<http://127.0.0.1:{port}/>", "SELECT", "*", "WHERE", "{",
             "?s", "?p", "?o", ".", keyword, silent, host, "{", "?s", "?p", "?o", "}", "}"]
    text = ""
    for part in parts:
        text += draw(_SPACE) + part
        if draw(st.integers(0, 9)) == 0:
            text += draw(_NOISE)
    return text


def _fuzz(client: TestClient, listener: Listener, query: str) -> None:
    before = listener.count
    r = client.post("/sparql", data={"query": query})
    assert r.status_code in (200, 400), (query, r.status_code, r.text)
    if r.status_code == 400:
        assert r.json()["error"]["code"] in ("query_refused", "malformed_query"), r.text
    assert _settle(listener, before) == 0, query


@pytest.fixture(scope="module")
def fuzz_port(listener: Listener) -> int:
    return listener.port


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_federated_queries_never_connect(client: TestClient, listener: Listener,
                                                 data: st.DataObject) -> None:
    _fuzz(client, listener, data.draw(mutated_services(listener.port)))


@pytest.mark.fuzz
@settings(max_examples=2_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_federated_queries_never_connect_long(client: TestClient, listener: Listener,
                                                      data: st.DataObject) -> None:
    _fuzz(client, listener, data.draw(mutated_services(listener.port)))


def test_an_update_nested_too_deep_is_refused_before_any_process(
        make_client: Callable[..., TestClient]) -> None:
    c = make_client(enable_update=True, token="s3cret")
    update = "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> " + "(" * 5000 + \
        ")" * 5000 + " } }"
    r = c.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "query_too_deep", r.text
