"""Latency of the named queries on synthetic stores, against rdflib, and HTTP throughput.

    python bench/bench_queries.py                       # 1,000 and 10,000 documents
    python bench/bench_queries.py --sizes 1000 --runs 10 --http-seconds 5
    python bench/bench_queries.py --sizes 15000 --no-rdflib --no-http   # ~5 M triples

For each size: generate the corpus (bench/generate_corpus.py), map each document
to its graph (luocdo.graph.to_graph), load the quads into a pyoxigraph store on
disk and into rdflib's in-memory Dataset, then print p50/p95 latency of
trace_down, tasks and gaps (pyoxigraph), the same on rdflib as a ratio, and
trace_down computed two ways: the breadth-first engine (one query per node) and
one closure-first query (queries/_closure_down.rq). Last, requests per second
and p99 latency with 16 concurrent clients against ``luocdo serve`` on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).parent))
from generate_corpus import generate

from luocdo import identity, queries
from luocdo.graph import document_iri_of, to_graph
from luocdo.store import Store

LO = queries.LO


# ---------------------------------------------------------------- stores


def build(count: int, directory: Path, with_rdflib: bool) -> tuple[Store, Any, int, float]:
    """luocdo's store on disk (and an rdflib Dataset) holding ``count`` documents.

    The quads are bulk-loaded with the merged default graph the store keeps
    (:meth:`Store.bulk_add`), which is what ``luocdo ingest`` writes one
    transaction at a time.
    """
    start = time.perf_counter()
    store = Store.open(directory)
    dataset = rdflib.Dataset(default_union=True) if with_rdflib else None
    quads: list[ox.Quad] = []
    for _text, doc in generate(count):
        graph = to_graph(doc)
        g_iri = str(identity.graph_iri(str(document_iri_of(doc))))
        g = ox.NamedNode(g_iri)
        for s, p, o in graph:
            quads.append(ox.Quad(_ox(s), _ox(p), _ox(o), g))
        if dataset is not None:
            target = dataset.graph(rdflib.URIRef(g_iri))
            for t in graph:
                target.add(t)
        if len(quads) > 200_000:
            store.bulk_add(quads)
            quads = []
    store.bulk_add(quads)
    store.inner.flush()
    return store, dataset, store.stats().triples, time.perf_counter() - start


def _ox(term: Any) -> Any:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class RdflibTarget:
    """rdflib's Dataset behind pyoxigraph's query signature (what the registry calls)."""

    def __init__(self, dataset: rdflib.Dataset):
        self.dataset = dataset

    def query(self, text: str, *, use_default_graph_as_union: bool = True,
              substitutions: dict[ox.Variable, Any] | None = None) -> Any:
        init = {rdflib.Variable(v.value): _rdf(t) for v, t in (substitutions or {}).items()}
        # LATERAL (pyoxigraph's per-row evaluation, SEP-0006) is not rdflib's syntax; a
        # plain group joined on the same variables gives the same rows
        text = text.replace("LATERAL {", "{")
        # rdflib 7 raises NotBoundError when GROUP_CONCAT(DISTINCT ...) meets an unbound
        # value (a task without coordinators); without DISTINCT it skips it, as it should.
        # Same work, possibly repeated names in a cell.
        text = text.replace("GROUP_CONCAT(DISTINCT ", "GROUP_CONCAT(")
        return _Solutions(self.dataset.query(text, initBindings=init))


def _rdf(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))


class _Solutions:
    def __init__(self, result: Any):
        self.variables = [ox.Variable(str(v)) for v in result.vars]
        self._rows = list(result)
        self._names = [str(v) for v in result.vars]

    def __iter__(self) -> Iterable[dict[str, Any]]:
        for row in self._rows:
            yield {n: (None if row[i] is None else _ox(row[i])) for i, n in enumerate(self._names)}


# ---------------------------------------------------------------- timing


def timed(fn: Callable[[], Any], runs: int, budget: float = 120.0) -> list[float]:
    """Seconds of each run (fewer runs when the budget is spent)."""
    out: list[float] = []
    spent = 0.0
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
        spent += out[-1]
        if spent > budget:
            break
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(x: float) -> str:
    return f"{x * 1000:9.2f} ms"


def samples(store: Store) -> dict[str, list[str]]:
    """Parameters to vary: much-implemented documents, agency names, plans."""
    roots = [r["d"] for r in store.select(
        "SELECT ?d (COUNT(?x) AS ?n) WHERE { ?x lo:implements ?d } GROUP BY ?d "
        "ORDER BY DESC(?n) LIMIT 20")]
    agencies = sorted({r["l"] for r in store.select(
        "SELECT ?l WHERE { ?t lo:lead ?a . ?a skos:prefLabel ?l } LIMIT 2000")})
    plans = [r["d"] for r in store.select(
        "SELECT DISTINCT ?d WHERE { ?d lo:hasTask ?t } LIMIT 20")]
    return {"roots": roots, "agencies": agencies[:20], "plans": plans}


# Named queries whose one call on rdflib took longer than the budget at a smaller size:
# not run on rdflib at the larger sizes (a trace takes rdflib minutes at 10,000).
SLOW_ON_RDFLIB: dict[str, float] = {}


def bench_size(count: int, args: argparse.Namespace, workdir: Path) -> Path:
    directory = workdir / f"store-{count}"
    store, dataset, triples, seconds = build(count, directory, not args.no_rdflib)
    print(f"\n== {count:,} documents: {triples:,} distinct triples, built in {seconds:.0f} s")
    s = samples(store)
    rng = random.Random(1)
    cases: dict[str, Callable[[], dict[str, Any]]] = {
        "trace_down": lambda: {"document": rng.choice(s["roots"])},
        "tasks": lambda: {"agency": rng.choice(s["agencies"]), "due_before": "2027"},
        "gaps": lambda: {"document": rng.choice(s["plans"])},
    }
    cases = {k: v for k, v in cases.items() if k in args.queries.split(",")}
    print(f"{'query':<24}{'p50':>13}{'p95':>13}   rows   (pyoxigraph, {args.runs} runs)")
    ox_p50: dict[str, float] = {}
    for name, params in cases.items():
        rows: list[int] = []
        def once(n: str = name, p: Callable[[], dict[str, Any]] = params,
                 rows: list[int] = rows) -> None:
            rows.append(len(queries.run(store, n, **p()).rows))

        times = timed(once, args.runs)
        ox_p50[name] = pct(times, 0.5)
        print(f"{name:<24}{ms(pct(times, 0.5))}{ms(pct(times, 0.95))}"
              f"   {statistics.mean(rows):6.0f}")
    if count <= args.whole_gaps_max:  # gaps of every document at once
        times = timed(lambda: queries.run(store, "gaps", limit=100_000), 3)
        print(f"{'gaps (whole store)':<24}{ms(pct(times, 0.5))}{ms(max(times))}")
    # trace_down two ways
    closure = queries.get("_closure_down")
    for label, fn in (
        ("trace_down BFS engine", lambda: queries.run(store, "trace_down",
                                                     document=rng.choice(s["roots"]))),
        ("trace_down one query", lambda: queries.execute(store, closure,
                                                        {"document": rng.choice(s["roots"])})),
    ):
        if label.endswith("one query") and count > args.closure_max:
            continue
        times = timed(fn, args.runs if label.endswith("engine") else 3, budget=60.0)
        print(f"{label:<24}{ms(pct(times, 0.5))}{ms(max(times))}  ({len(times)} runs)")
    bench_trace_cpu(store, s["roots"], args.runs)
    if dataset is not None and count <= args.rdflib_queries_max:
        target = RdflibTarget(dataset)
        runs = max(3, args.runs // 10)
        print(f"rdflib in-memory Dataset ({runs} runs): p50, ratio to pyoxigraph's p50, and the"
              " rows of one call on both")
        for name, params in cases.items():
            if name in SLOW_ON_RDFLIB:
                print(f"{name:<24}  rdflib not run: over {args.rdflib_budget:.0f} s "
                      "at the smaller size")
                continue
            given = params()
            mine = len(queries.run(store, name, **given).rows)
            outcome = _rdflib_runs(target, name, params, given, runs, args.rdflib_budget)
            if isinstance(outcome, str):
                SLOW_ON_RDFLIB[name] = args.rdflib_budget
                print(f"{name:<24}  rdflib: {outcome}")
                continue
            times, theirs = outcome
            print(f"{name:<24}{ms(pct(times, 0.5))}   x{pct(times, 0.5) / ox_p50[name]:8.1f}"
                  f"   rows {mine} / {theirs}")
    if args.strategies:
        bench_strategies(store, dataset, s["roots"], args.runs)
    store.close()
    return directory


def _rdflib_runs(target: RdflibTarget, name: str, params: Callable[[], dict[str, Any]],
                 given: dict[str, Any], runs: int, budget: float) -> tuple[list[float], int] | str:
    """Time ``runs`` calls of a named query on rdflib in a forked child, killed at ``budget``
    seconds (rdflib cannot be interrupted); the rows of the call with ``given``."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            rows = len(queries.run(target, name, **given).rows)
            times = timed(lambda: queries.run(target, name, **params()), runs, budget=budget)
            send.send((times, rows))
        except Exception as exc:  # rdflib cannot evaluate some queries at all
            send.send(f"failed: {type(exc).__name__}: {str(exc)[:80]}")

    process = context.Process(target=child)
    process.start()
    if receive.poll(budget * 2):
        outcome: tuple[list[float], int] | str = receive.recv()
    else:
        outcome = f"one call did not end within {budget * 2:.0f} s (killed)"
    process.kill()
    process.join()
    return outcome


# ---------------------------------------------------------------- trace strategies


def timed_cpu(fn: Callable[[], Any], runs: int, budget: float = 120.0
              ) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run (fewer runs when the budget of wall time is spent):
    on a shared machine the CPU time says what the wall time of a loaded run hides."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
        if sum(walls) > budget:
            break
    return walls, cpus


def bench_trace_cpu(store: Store, roots: list[str], runs: int) -> None:
    """trace_down wall and CPU time, p50 and p95 over the same documents: the named query
    (walk, details, one row per hop) and the tree ``luocdo trace down`` prints."""
    from rich.console import Console

    from luocdo import trace as tracing
    from luocdo.cli.trace import render

    rng = random.Random(5)
    picks = [rng.choice(roots) for _ in range(runs)]
    console = Console(file=open("/dev/null", "w"), width=120)  # noqa: SIM115

    def each(fn: Callable[[str], Any]) -> Callable[[], Any]:
        it = iter(picks * 2)
        return lambda: fn(next(it))

    print(f"{'trace_down wall / CPU':<24}{'p50':>13}{'p95':>13}{'CPU p50':>13}{'CPU p95':>13}"
          f"   hops ({len(picks)} documents)")
    hops: list[int] = []
    for label, fn in (
        ("named query", lambda root: hops.append(
            len(queries.run(store, "trace_down", document=root).rows))),
        ("CLI tree", lambda root: console.print(render(tracing.trace_down(store, (root,))))),
    ):
        walls, cpus = timed_cpu(each(fn), len(picks))
        print(f"{label:<24}{ms(pct(walls, 0.5))}{ms(pct(walls, 0.95))}"
              f"{ms(pct(cpus, 0.5))}{ms(pct(cpus, 0.95))}"
              + (f"   {statistics.mean(hops):6.0f}" if hops and label == "named query" else ""))
    console.file.close()

BELOW = "lo:implements|lo:alignsWith|^lo:hasTask|lo:parentTask"


def bench_strategies(store: Store, dataset: Any, roots: list[str], runs: int) -> None:
    """The nodes below a document (what trace_down walks), computed four ways.

    1. breadth first over batched indexed lookups (luocdo.trace's walk, what the
       engine uses; also timed with the details each node's row shows);
    2. one property-path query on pyoxigraph;
    3. a lookup in the materialized ``lo:contributesTo`` closure (``luocdo reason``),
       after paying for the materialization once;
    4. the same property path on rdflib's in-memory Dataset.
    The walk also reaches the plan of a task as context, so its node count can
    be a little higher than the path's.
    """
    from luocdo import reason
    from luocdo import trace as tracing

    path = f"SELECT DISTINCT ?doc ?x WHERE {{ ?x ({BELOW})+ ?doc }}"
    rng = random.Random(3)
    picks = [rng.choice(roots) for _ in range(runs)]

    def each(fn: Callable[[str], int]) -> tuple[list[float], list[int]]:
        times: list[float] = []
        sizes: list[int] = []
        for root in picks:
            t = time.perf_counter()
            sizes.append(fn(root))
            times.append(time.perf_counter() - t)
        return times, sizes

    def walk(root: str) -> int:
        state = tracing._Walk(store, "down", (root,), tracing.DEFAULT_RELATIONS)
        state.down(None)
        return len(state.mode) - 1

    def full(root: str) -> int:
        return len(tracing.trace_down(store, (root,)).nodes) - 1

    def one_path(root: str) -> int:
        return len(store.select(path, bindings={"doc": ox.NamedNode(root)}))

    print(f"\nnodes below a document, {len(picks)} documents"
          f"{'':<6}{'p50':>13}{'p95':>13}   nodes")
    results: dict[str, float] = {}
    for label, fn in (("breadth-first lookups", walk), ("one path query", one_path),
                      ("trace_down with details", full)):
        times, sizes = each(fn)
        results[label] = pct(times, 0.5)
        print(f"{label:<40}{ms(pct(times, 0.5))}{ms(pct(times, 0.95))}   "
              f"{statistics.mean(sizes):6.0f}")
    started = time.perf_counter()
    run = reason.reason(store, hermit=False, consistency=False)
    spent = time.perf_counter() - started
    print(f"{'materialize the closure (once)':<40}{spent:9.1f} s    "
          f"{run.triples:,} inferred triples")
    lookup = "SELECT ?doc ?x WHERE { ?x lo:contributesTo ?doc }"
    times, sizes = each(lambda root: len(store.select(
        lookup, bindings={"doc": ox.NamedNode(root)})))
    results["closure lookup"] = pct(times, 0.5)
    print(f"{'materialized closure lookup':<40}{ms(pct(times, 0.5))}{ms(pct(times, 0.95))}   "
          f"{statistics.mean(sizes):6.0f}")
    if dataset is not None:
        from rdflib.plugins.sparql import prepareQuery

        prepared = prepareQuery(path, initNs={"lo": LO})
        times, sizes = each(lambda root: len(list(dataset.query(
            prepared, initBindings={"doc": rdflib.URIRef(root)}))))
        results["rdflib path"] = pct(times, 0.5)
        print(f"{'rdflib: one path query':<40}{ms(pct(times, 0.5))}{ms(pct(times, 0.95))}   "
              f"{statistics.mean(sizes):6.0f}")
    base = results["breadth-first lookups"]
    print("ratio to breadth first (p50): " + ", ".join(
        f"{k} x{v / base:.2f}" for k, v in results.items() if k != "breadth-first lookups"))
    # the closure is a derived graph: leave the store as the other measurements found it
    from luocdo import identity

    store.remove_graph(str(identity.inferred_graph_iri()))


# ---------------------------------------------------------------- HTTP


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _load(base: str, seconds: float, clients: int, roots: list[str],
                agencies: list[str]) -> tuple[int, list[float], int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    rng = random.Random(2)

    async def client(c: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            kind = rng.random()
            if kind < 0.4:
                req = c.get("/queries/trace_down", params={"document": rng.choice(roots)})
            elif kind < 0.7:
                req = c.get("/queries/tasks", params={"agency": rng.choice(agencies)})
            else:
                req = c.get("/sparql", params={
                    "query": f"SELECT ?s WHERE {{ ?d <{LO}symbol> ?s }} LIMIT 20"})
            t = time.perf_counter()
            r = await req
            latencies.append(time.perf_counter() - t)
            if r.status_code != 200:
                errors += 1

    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        await asyncio.gather(*(client(c) for _ in range(clients)))
    return len(latencies), latencies, errors


def bench_http(directory: Path, args: argparse.Namespace) -> None:
    with Store.open(directory, read_only=True) as store:
        s = samples(store)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "luocdo"), "serve", "--store", str(directory), "--port",
         str(port), "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx

        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(base + "/queries", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for root in s["roots"][:4]:  # start the workers
            httpx.get(base + "/queries/trace_down", params={"document": root}, timeout=60)
        count, lat, errors = asyncio.run(_load(base, args.http_seconds, args.clients,
                                               s["roots"], s["agencies"]))
        print(f"\n== HTTP: {args.clients} concurrent clients, {args.http_seconds:.0f} s, "
              f"{args.workers} query workers, loopback")
        print(f"{count / args.http_seconds:8.1f} requests/s   p50 {ms(pct(lat, 0.5))}   "
              f"p99 {ms(pct(lat, 0.99))}   non-200: {errors}")
    finally:
        server.terminate()
        server.wait(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--rdflib-budget", type=float, default=60.0,
                        help="seconds of rdflib runs per query at most; a query whose one "
                             "call takes longer is not run on rdflib at the next size")
    parser.add_argument("--rdflib-queries-max", type=int, default=10_000,
                        help="time the named queries on rdflib up to this many documents "
                             "(a trace takes rdflib minutes at 10,000)")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--closure-max", type=int, default=1000,
                        help="time the one-query trace up to this many documents")
    parser.add_argument("--whole-gaps-max", type=int, default=1000,
                        help="run gaps over the whole store up to this many documents")
    parser.add_argument("--queries", default="trace_down,tasks,gaps",
                        help="the named queries to time")
    parser.add_argument("--strategies", action="store_true",
                        help="also compare ways of finding the nodes below a document")
    parser.add_argument("--http-seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="luocdo-bench-"))
    try:
        last = None
        for size in (int(x) for x in args.sizes.split(",")):
            last = bench_size(size, args, workdir)
        if last is not None and not args.no_http:
            bench_http(last, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
