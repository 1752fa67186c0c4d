"""Every command on a store kept by a real Oxigraph server (issue 14), against the same
commands on the embedded store: the same answers.

The server is the ``oxigraph`` command from PyPI (the test extras install it),
started on a free loopback port with its own database folder and stopped after.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.server

LUOCDO = str(Path(sys.executable).parent / "luocdo")
OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str, env: dict[str, str] | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LUOCDO, *args], capture_output=True, text=True, timeout=600,
                          check=False, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Oxigraph server; its base URL."""
    assert Path(OXIGRAPH).exists(), "the oxigraph server is installed with the test extras"
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(folder / "db"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the Oxigraph server did not start")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def stores(server: str, tmp_path_factory: pytest.TempPathFactory,
           seed_files: list[Path]) -> tuple[str, str]:
    """The seeds ingested into the server and into an embedded store: (url, folder)."""
    folder = str(tmp_path_factory.mktemp("embedded") / "store")
    for target in (server, folder):
        done = _run("ingest", *map(str, seed_files), "--store", target)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "2 files: 2 added" in done.stdout
    return server, folder


def _graphs(url: str) -> dict[str, int]:
    r = httpx.post(f"{url}/query",
                   data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                  "GROUP BY ?g"},
                   headers={"Accept": "application/sparql-results+json"})
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


def test_ingest_stores_one_named_graph_per_document_on_the_server(stores: tuple[str, str]) -> None:
    graphs = _graphs(stores[0])
    assert sorted(graphs) == [
        "https://w3id.org/luocdo/id/eli/vn-dong-nai/kh/2024/386/ubnd/graph",
        "https://w3id.org/luocdo/id/eli/vn-tay-ninh/kh/2023/2502/ubnd/graph",
    ]
    assert all(n > 1000 for n in graphs.values())


@pytest.mark.parametrize("command", [
    ["trace", "down", "08-NQ/TU"],
    ["trace", "down", "569/QĐ-TTg", "--format", "json"],
    ["trace", "up", "2502/KH-UBND", "--format", "json"],
    ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"],
    ["tasks", "--document", "2502/KH-UBND", "--format", "csv"],
    ["analyze", "directives", "--format", "json"],
    ["stats", "--format", "json"],
])
def test_commands_answer_as_on_the_embedded_store(stores: tuple[str, str],
                                                  command: list[str]) -> None:
    server, folder = stores
    on_server = _run(*command, "--store", server)
    embedded = _run(*command, "--store", folder)
    assert on_server.returncode == embedded.returncode == 0, on_server.stderr
    if command[0] == "stats":  # where the store is, and the ingest log, differ by design
        a, b = json.loads(on_server.stdout), json.loads(embedded.stdout)
        for key in ("store", "last_ingest"):
            a.pop(key), b.pop(key)
        assert a == b and a["documents"] == 2
        return
    assert on_server.stdout == embedded.stdout
    if command[:2] == ["trace", "down"] and "--format" not in command:
        assert "Tổng: 1 văn bản, 73 nhiệm vụ (34 trong bảng, 39 trong văn bản)" in on_server.stdout


def test_validation_and_exports_are_the_same(stores: tuple[str, str], tmp_path: Path) -> None:
    server, folder = stores
    reports = [_run("validate", "--format", "json", "--store", s) for s in (server, folder)]
    assert [r.returncode for r in reports] == [0, 0]
    a, b = (json.loads(r.stdout) for r in reports)
    a.pop("seconds"), b.pop("seconds")
    # the same report on both; the two seed plans break no shape (their warnings and
    # information follow what the readers find, which grows with them)
    assert a == b and a["counts"]["violation"] == 0 and a["counts"]["info"] > 0
    assert len(a["documents"]) == 2
    outputs = []
    for i, target in enumerate((server, folder)):
        out = tmp_path / f"focus{i}.gexf"
        done = _run("export", "-f", "gexf", "-o", str(out), "--focus", "08-NQ/TU", "--store",
                    target)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_reingest_changes_nothing_on_the_server(stores: tuple[str, str],
                                                seed_files: list[Path]) -> None:
    before = _graphs(stores[0])
    again = _run("ingest", *map(str, seed_files), "--store", stores[0])
    assert again.returncode == 0 and "2 unchanged" in again.stdout, again.stdout
    assert _graphs(stores[0]) == before


def test_a_url_never_becomes_a_local_folder(tmp_path: Path, seed_files: list[Path]) -> None:
    port = _free_port()  # nothing listens there
    env = {**os.environ, "LUOCDO_STORE": f"http://127.0.0.1:{port}"}
    done = _run("ingest", str(seed_files[0]), env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert f"http://127.0.0.1:{port}: cannot reach the SPARQL server" in done.stderr
    done = _run("stats", "--store", f"http://127.0.0.1:{port}", cwd=tmp_path)
    assert done.returncode == 2 and "is it running?" in done.stderr
    done = _run("stats", "--store", "file:///tmp/store", cwd=tmp_path)
    assert done.returncode == 2 and "http:// or https:// URL" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no folder named http: or file:


def _merge_is_exact(url: str) -> tuple[int, int]:
    """(triples of the default graph, distinct triples of the named graphs)."""
    def count(query: str) -> int:
        r = httpx.post(f"{url}/query", data={"query": query},
                       headers={"Accept": "application/sparql-results+json"})
        return int(r.json()["results"]["bindings"][0]["n"]["value"])
    return (count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
            count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                  "WHERE { GRAPH ?g { ?s ?p ?o } } }"))


def test_a_changed_document_replaces_its_graph_and_keeps_the_merge_exact(
        server: str, stores: tuple[str, str], seed_files: list[Path], tmp_path: Path) -> None:
    text = seed_files[0].read_text(encoding="utf-8")
    assert "Quý III/2023" in text
    changed = tmp_path / seed_files[0].name
    changed.write_text(text.replace("Quý III/2023", "Quý IV/2023", 1), encoding="utf-8")
    results = []
    for target in stores:
        done = _run("ingest", str(changed), "--store", target)
        assert done.returncode == 0 and "1 replaced" in done.stdout, done.stdout + done.stderr
        results.append(_run("tasks", "--document", "2502/KH-UBND", "--format", "csv",
                            "--store", target).stdout)
    assert results[0] == results[1] and "Quý IV/2023" in results[0]
    default, merged = _merge_is_exact(server)
    assert default == merged > 6000
    # and back: the original text gives the original graph again
    for target in stores:
        done = _run("ingest", str(seed_files[0]), "--store", target)
        assert "1 replaced" in done.stdout, done.stdout
    default, merged = _merge_is_exact(server)
    assert default == merged


def test_the_api_and_pages_read_from_the_server(stores: tuple[str, str]) -> None:
    """``luocdo serve --store URL``: the same answers as over the embedded store."""
    from fastapi.testclient import TestClient

    from luocdo.api.app import create_app

    asked = [("/documents/2502/KH-UBND", {}),
             ("/queries/trace_down", {"document": "08-NQ/TU"}),
             ("/queries/document_tasks", {"document": "2502/KH-UBND"}),
             ("/queries/search", {"text": "qd 569"}),
             ("/queries/tasks", {"province": "Tây Ninh", "overdue_as_of": "2025-01-01"}),
             ("/validate", {"document": "2502/KH-UBND"}),
             ("/sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
             ("/sparql", {"query": "ASK { ?s ?p ?o }"})]
    answers = []
    for target in stores:
        with TestClient(create_app(target, workers=1, timeout=30)) as client:
            got = []
            for path, params in asked:
                r = client.get(path, params=params)
                assert r.status_code == 200, (target, path, r.text)
                body = r.json()
                if path == "/validate":
                    body["report"].pop("seconds", None)
                got.append(body)
            refused = client.get("/sparql", params={
                "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }"})
            assert refused.status_code == 400
            assert client.get("/app/document", params={"id": "2502/KH-UBND"}).status_code == 200
        answers.append(got)
    assert answers[0] == answers[1]
    assert answers[0][0]["document"]["symbol"] == "2502/KH-UBND"
    assert len(answers[0][1]["rows"]) > 70  # 73 tasks and the plan
