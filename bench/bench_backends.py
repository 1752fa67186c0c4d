"""The same work on each store backend: the embedded store and an Oxigraph server.

    python bench/bench_backends.py                      # 1,000 documents
    python bench/bench_backends.py --sizes 1000,10000 --runs 20 --ingest 200

For each size: generate the synthetic corpus (bench/generate_corpus.py) and map
it to graphs; then

- ingest: ``--ingest`` documents written one transaction each through
  :meth:`Store.replace_graph`, as ``luocdo ingest`` writes them (documents/s,
  wall and CPU of this process; the server's own CPU is not counted);
- queries: the whole corpus bulk-loaded into an embedded store; the server is
  started on a copy of that store's folder (``oxigraph serve --location``), so
  both answer from the same data; p50/p95 of ``trace_down``, ``tasks`` and
  ``gaps`` through ``queries.run``, with the rows of one call on each (they
  must agree).

Loopback only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_queries import build, ms, pct, samples, timed
from generate_corpus import generate

from luocdo import identity, queries
from luocdo.graph import document_iri_of, to_graph
from luocdo.store import Store

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            return process, url
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the Oxigraph server did not start")


def bench_ingest(count: int, targets: dict[str, Store]) -> None:
    graphs = []
    for _text, doc in generate(count, seed=11):
        graphs.append((str(identity.graph_iri(str(document_iri_of(doc)))), to_graph(doc)))
    print(f"ingest {count} documents, one transaction each (Store.replace_graph)")
    for name, store in targets.items():
        wall, cpu = time.perf_counter(), time.process_time()
        for iri, graph in graphs:
            store.replace_graph(iri, graph)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"  {name:<18}{count / wall:8.1f} documents/s   wall {wall:6.1f} s"
              f"   CPU (this process) {cpu:6.1f} s")


def bench_queries(store: Store, name: str, cases: dict[str, Callable[[], dict[str, Any]]],
                  runs: int) -> dict[str, float]:
    p50: dict[str, float] = {}
    for query, params in cases.items():
        def once(q: str = query, p: Callable[[], dict[str, Any]] = params) -> None:
            queries.run(store, q, **p())

        times = timed(once, runs, budget=120.0)
        p50[query] = pct(times, 0.5)
        print(f"  {name:<18}{query:<12}{ms(pct(times, 0.5))}{ms(pct(times, 0.95))}"
              f"  ({len(times)} runs)")
    return p50


def bench_size(count: int, args: argparse.Namespace, workdir: Path) -> None:
    directory = workdir / f"store-{count}"
    store, _dataset, triples, seconds = build(count, directory, False)
    print(f"\n== {count:,} documents: {triples:,} distinct triples, built in {seconds:.0f} s")
    s = samples(store)
    store.close()
    copy = workdir / f"server-{count}"
    shutil.copytree(directory, copy)
    process, url = start_server(copy)
    try:
        embedded = Store.open(directory, read_only=True)
        server = Store.open(url, read_only=True)
        rng = random.Random(1)
        fixed = {"trace_down": {"document": rng.choice(s["roots"])},
                 "tasks": {"agency": rng.choice(s["agencies"]), "due_before": "2027"},
                 "gaps": {"document": rng.choice(s["plans"])}}
        for query, params in fixed.items():
            a = len(queries.run(embedded, query, **params).rows)
            b = len(queries.run(server, query, **params).rows)
            print(f"rows of one {query} call: embedded {a}, server {b}"
                  + ("" if a == b else "   DIFFERENT"))
        cases: dict[str, Callable[[], dict[str, Any]]] = {
            "trace_down": lambda: {"document": rng.choice(s["roots"])},
            "tasks": lambda: {"agency": rng.choice(s["agencies"]), "due_before": "2027"},
            "gaps": lambda: {"document": rng.choice(s["plans"])},
        }
        print(f"{'':<20}{'query':<12}{'p50':>13}{'p95':>13}")
        mine = bench_queries(embedded, "embedded", cases, args.runs)
        theirs = bench_queries(server, "oxigraph server", cases, args.runs)
        for query in cases:
            print(f"  ratio server/embedded p50 {query:<12} x{theirs[query] / mine[query]:6.1f}")
        embedded.close()
        if args.ingest:
            fresh = Store.open(workdir / f"ingest-{count}")
            bench_ingest(args.ingest, {"embedded": fresh, "oxigraph server": server})
            fresh.close()
        server.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--ingest", type=int, default=200,
                        help="documents written one by one to each backend (0: skip)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="luocdo-backends-") as tmp:
        for size in (int(x) for x in args.sizes.split(",")):
            bench_size(size, args, Path(tmp))

    return 0


if __name__ == "__main__":
    sys.exit(main())
