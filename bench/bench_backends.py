"""The same work on each store backend: the embedded store, an Oxigraph server, Virtuoso 7.

    python bench/bench_backends.py                      # 1,000 documents
    python bench/bench_backends.py --sizes 1000,10000 --runs 20 --ingest 200

For each size: generate the synthetic corpus (bench/generate_corpus.py) and map
it to graphs; then

- load: the whole corpus bulk-loaded into an embedded store; the Oxigraph server
  is started on a copy of that store's folder (``oxigraph serve --location``);
  Virtuoso (tests/servers.py: free ports, its database in a temporary folder) is
  sent each document's graph and the merged default graph through its Graph
  Store endpoint (wall time printed), so all three answer from the same data;
- queries: p50/p95 of ``trace_down``, ``tasks`` and ``gaps`` through
  ``queries.run``, with the rows of one call on each (they must agree), wall time
  and the CPU time of this process and of the server per call;
- ingest: ``--ingest`` documents written one transaction each through
  :meth:`Store.replace_graph`, as ``luocdo ingest`` writes them (documents/s, wall,
  CPU of this process and of the server).

Loopback only; the servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psutil
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))  # tests.servers
from bench_queries import build, ms, pct, samples
from generate_corpus import generate

from luocdo import identity, queries
from luocdo.errors import LuocdoError
from luocdo.graph import document_iri_of, to_graph
from luocdo.remote import MERGE_GRAPH, SparqlServer
from luocdo.store import DEFAULT_GRAPH, Store
from tests.servers import oxigraph_server, virtuoso_server

MERGE_CHUNK = 100_000  # triples of the merged default graph per Graph Store request


def server_process(name: str) -> psutil.Process | None:
    """The server process this one started (its CPU is counted beside ours)."""
    for child in psutil.Process().children(recursive=True):
        try:
            if name in child.name():
                return child
        except psutil.Error:
            continue
    return None


def cpu(process: psutil.Process | None) -> float:
    if process is None:
        return 0.0
    times = process.cpu_times()
    return float(times.user + times.system)


def load_virtuoso(embedded: Store, url: str) -> float:
    """Every named graph of ``embedded`` and its merge into Virtuoso; seconds taken."""
    start = time.perf_counter()
    server = SparqlServer(url)
    inner = embedded.inner
    for graph in embedded.graphs():
        triples = [q.triple for q in inner.quads_for_pattern(None, None, None,
                                                             ox.NamedNode(graph))]
        server.post_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    merge: list[ox.Triple] = []
    for quad in inner.quads_for_pattern(None, None, None, DEFAULT_GRAPH):
        merge.append(quad.triple)
        if len(merge) >= MERGE_CHUNK:
            server.post_graph(MERGE_GRAPH, ox.serialize(merge, format=ox.RdfFormat.N_TRIPLES)
                              or b"")
            merge = []
    if merge:
        server.post_graph(MERGE_GRAPH, ox.serialize(merge, format=ox.RdfFormat.N_TRIPLES) or b"")
    return time.perf_counter() - start


def bench_ingest(count: int, targets: dict[str, tuple[Store, psutil.Process | None]]) -> None:
    graphs = []
    for _text, doc in generate(count, seed=11):
        graphs.append((str(identity.graph_iri(str(document_iri_of(doc)))), to_graph(doc)))
    print(f"ingest {count} documents, one transaction each (Store.replace_graph)")
    for name, (store, process) in targets.items():
        wall, mine, theirs = time.perf_counter(), time.process_time(), cpu(process)
        for iri, graph in graphs:
            store.replace_graph(iri, graph)
        wall, mine = time.perf_counter() - wall, time.process_time() - mine
        theirs = cpu(process) - theirs
        print(f"  {name:<18}{count / wall:8.1f} documents/s   wall {wall:6.1f} s"
              f"   CPU this process {mine:6.1f} s, server {theirs:6.1f} s")


def bench_queries(store: Store, name: str, process: psutil.Process | None,
                  cases: dict[str, Callable[[], dict[str, Any]]], runs: int) -> dict[str, float]:
    p50: dict[str, float] = {}
    for query, params in cases.items():
        times: list[float] = []
        mine = time.process_time()
        theirs = cpu(process)
        try:
            for _ in range(runs):
                t = time.perf_counter()
                queries.run(store, query, **params())
                times.append(time.perf_counter() - t)
                if sum(times) > 120:
                    break
        except LuocdoError as exc:
            print(f"  {name:<18}{query:<12}   refused: {str(exc).splitlines()[0][:150]}")
            continue
        mine = (time.process_time() - mine) / len(times)
        theirs = (cpu(process) - theirs) / len(times)
        p50[query] = pct(times, 0.5)
        print(f"  {name:<18}{query:<12}{ms(pct(times, 0.5))}{ms(pct(times, 0.95))}"
              f"   CPU/call {mine * 1000:7.1f} ms here, {theirs * 1000:7.1f} ms server"
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
    with ExitStack() as servers:
        embedded = Store.open(directory, read_only=True)
        backends: dict[str, tuple[Store, psutil.Process | None]] = {
            "embedded": (embedded, None)}
        oxigraph = servers.enter_context(oxigraph_server(workdir, location=copy))
        backends["oxigraph server"] = (Store.open(oxigraph, read_only=True),
                                       server_process("oxigraph"))
        if "virtuoso" in args.backends:
            url = servers.enter_context(virtuoso_server(workdir / f"virtuoso-{count}",
                                                        buffers=args.virtuoso_buffers))
            print(f"Virtuoso loaded through its Graph Store endpoint in "
                  f"{load_virtuoso(embedded, url):.0f} s")
            backends["virtuoso"] = (Store.open(url, read_only=True),
                                    server_process("virtuoso"))
        rng = random.Random(1)
        fixed = {"trace_down": {"document": rng.choice(s["roots"])},
                 "tasks": {"agency": rng.choice(s["agencies"]), "due_before": "2027"},
                 "gaps": {"document": rng.choice(s["plans"])}}
        for query, params in fixed.items():
            counts = []
            wanted = len(queries.run(embedded, query, **params).rows)
            for name, (target, _process) in backends.items():
                try:
                    got = len(queries.run(target, query, **params).rows)
                    counts.append(f"{name} {got}" + ("" if got == wanted else " DIFFERENT"))
                except LuocdoError:
                    counts.append(f"{name} refused")
            print(f"rows of one {query} call: " + ", ".join(counts))
        cases: dict[str, Callable[[], dict[str, Any]]] = {
            "trace_down": lambda: {"document": rng.choice(s["roots"])},
            "tasks": lambda: {"agency": rng.choice(s["agencies"]), "due_before": "2027"},
            "gaps": lambda: {"document": rng.choice(s["plans"])},
        }
        print(f"{'':<20}{'query':<12}{'p50':>13}{'p95':>13}")
        p50 = {name: bench_queries(target, name, process, cases, args.runs)
               for name, (target, process) in backends.items()}
        for name in list(backends)[1:]:
            for query in cases:
                if query in p50[name] and query in p50["embedded"]:
                    print(f"  ratio {name}/embedded p50 {query:<12} "
                          f"x{p50[name][query] / p50['embedded'][query]:6.1f}")
        embedded.close()
        if args.ingest:
            fresh = Store.open(workdir / f"ingest-{count}")
            writers = {"embedded": (fresh, None)}
            for name, (target, process) in list(backends.items())[1:]:
                assert target.url is not None
                writers[name] = (Store.open(target.url), process)
            bench_ingest(args.ingest, writers)
            fresh.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--ingest", type=int, default=200,
                        help="documents written one by one to each backend (0: skip)")
    parser.add_argument("--backends", default="embedded,oxigraph,virtuoso",
                        help="which servers beside the embedded store (oxigraph always)")
    parser.add_argument("--virtuoso-buffers", type=int, default=100_000,
                        help="Virtuoso's page cache in 8 kB pages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="luocdo-backends-") as tmp:
        for size in (int(x) for x in args.sizes.split(",")):
            bench_size(size, args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
