"""Ingest benchmark: a synthetic corpus into the pyoxigraph store on disk, and into rdflib.

    .venv/bin/python bench/bench_ingest.py                 # 10,000 documents (a few minutes)
    .venv/bin/python bench/bench_ingest.py --count 1000    # a quick look

Documents come from ``bench/generate_corpus.py`` as model objects (no text
parsing: the extraction has its own benchmark). Each one is mapped to RDF by
``luocdo.graph.to_graph`` and written as its own named graph with
``Store.replace_graph`` (one transaction per document, as ``luocdo ingest``
does). The same graphs are then added to rdflib's in-memory ``Dataset`` in a
second process, so that each side's peak memory is its own. Printed: documents/s
and triples/s of the store write and of mapping + write, the store's size on
disk, peak memory (max RSS), and the rdflib figures with the ratios.

Not run by pytest.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _rss() -> int:
    return int(psutil.Process().memory_info().rss)


def _du(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _peak() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024  # KiB on Linux


def phase_oxigraph(count: int, seed: int, work: Path, with_bulk: bool) -> dict[str, Any]:
    """Map and store ``count`` documents; keep the quads for the rdflib phase."""
    import pyoxigraph as ox
    from generate_corpus import generate

    from luocdo import identity
    from luocdo.graph import document_iri_of, to_graph
    from luocdo.store import Store, to_quads
    from luocdo.trace import trace_down, trace_up

    baseline = _rss()
    map_s = store_s = store_cpu = 0.0
    triples = 0
    statuses: dict[str, int] = {}
    top: str | None = None
    deep_task: str | None = None
    started = time.perf_counter()
    with Store.open(work / "store") as store, open(work / "graphs.nq", "wb") as dump:
        for n, (_, doc) in enumerate(generate(count, seed)):
            t0 = time.perf_counter()
            graph = to_graph(doc)
            doc_iri = str(document_iri_of(doc))
            graph_iri = str(identity.graph_iri(doc_iri))
            t1 = time.perf_counter()
            c1 = time.process_time()
            status = store.replace_graph(graph_iri, graph)
            store_cpu += time.process_time() - c1
            t2 = time.perf_counter()
            map_s += t1 - t0
            store_s += t2 - t1
            triples += len(graph)
            statuses[status] = statuses.get(status, 0) + 1
            if n == 1:
                top = doc_iri  # the first theme's central Party resolution
            if deep_task is None and doc.document.type_code == "KH" and doc.tasks and \
                    doc.document.issuer and doc.document.issuer.code not in ("UBND", "TU"):
                deep_task = str(identity.task_iri(doc_iri, doc.tasks[-1].number or "1"))
            dump.write(ox.serialize(list(to_quads(graph, graph_iri)), format=ox.RdfFormat.N_QUADS)
                       or b"")
        total_s = time.perf_counter() - started
        stored = len(store)
        t0 = time.perf_counter()
        stats = store.stats()
        stats_s = time.perf_counter() - t0
        traces: dict[str, Any] = {}
        if top:
            t0 = time.perf_counter()
            down = trace_down(store, [top])
            traces["down"] = {"ms": (time.perf_counter() - t0) * 1000,
                              "nodes": len(down.nodes), "hops": len(down.hops)}
        if deep_task:
            t0 = time.perf_counter()
            up = trace_up(store, [deep_task])
            traces["up"] = {"ms": (time.perf_counter() - t0) * 1000, "nodes": len(up.nodes),
                            "hops": len(up.hops)}
    writes = {mode: _time_writes(work, mode) for mode in ("batch", "bulk")}
    size = _du(work / "store")
    # RocksDB deletes its obsolete write-ahead logs when the store is next opened.
    Store.open(work / "store").close()
    size_reopened = _du(work / "store")
    bulk: dict[str, float] = {}
    if with_bulk:
        # The ceiling: one non-transactional bulk load of the same quads into a fresh store.
        target = ox.Store(str(work / "bulk"))
        t0, c0 = time.perf_counter(), time.process_time()
        target.bulk_load(path=str(work / "graphs.nq"), format=ox.RdfFormat.N_QUADS)
        target.flush()
        bulk = {"s": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                "quads": len(target)}
        del target
    return {"documents": count, "triples": triples, "quads_stored": stored, "bulk": bulk,
            "writes": writes,
            "store_cpu": store_cpu,
            "map_s": map_s, "store_s": store_s, "total_s": total_s, "statuses": statuses,
            "size_bytes": size, "size_reopened": size_reopened,
            "baseline_rss": baseline, "peak_rss": _peak(),
            "tasks": stats.tasks, "cited_only": stats.cited_only, "graphs": stats.graphs,
            "stats_s": stats_s, "traces": traces}


def _graphs_in(path: Path) -> Any:
    """The named graphs of an N-Quads file written graph after graph: (IRI, quads)."""
    import pyoxigraph as ox

    current: str | None = None
    quads: list[Any] = []
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value
        if name != current and quads:
            yield current, quads
            quads = []
        current = name
        quads.append(quad)
    if quads:
        yield current, quads


def _time_writes(work: Path, mode: str) -> dict[str, Any]:
    """The same graphs written as ``luocdo ingest`` writes new documents: in transactions
    of about BATCH_QUADS quads ("batch"), or by the bulk loader (``--bulk``)."""
    from luocdo.ingest import BATCH_QUADS, BULK_BATCH_QUADS
    from luocdo.store import Store

    limit = BULK_BATCH_QUADS if mode == "bulk" else BATCH_QUADS
    wall = cpu = 0.0
    quads = 0
    with Store.open(work / f"store-{mode}") as store:
        batch: list[tuple[str, list[Any]]] = []
        size = 0

        def write() -> None:
            nonlocal wall, cpu, batch, size
            t0, c0 = time.perf_counter(), time.process_time()
            store.add_graphs(batch, bulk=mode == "bulk")
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            batch, size = [], 0

        for iri, graph in _graphs_in(work / "graphs.nq"):
            batch.append((iri, graph))
            size += len(graph)
            quads += len(graph)
            if size >= limit:
                write()
        write()
        t0, c0 = time.perf_counter(), time.process_time()
        store.inner.flush()
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        stored = len(store)
    return {"s": wall, "cpu": cpu, "quads": quads, "stored": stored}


def phase_rdflib(work: Path) -> dict[str, Any]:
    """Add the same graphs to rdflib's in-memory Dataset, one named graph per document."""
    import pyoxigraph as ox
    import rdflib

    baseline = _rss()
    dataset = rdflib.Dataset()
    cache: dict[str, Any] = {}

    def convert(term: Any) -> Any:
        key = str(term)
        found = cache.get(key)
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode):
            found = rdflib.URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            found = rdflib.BNode(term.value)
        else:
            lang = term.language
            found = rdflib.Literal(term.value, lang=lang) if lang else rdflib.Literal(
                term.value, datatype=rdflib.URIRef(term.datatype.value))
        if len(cache) < 2_000_000:
            cache[key] = found
        return found

    load_s = load_cpu = 0.0
    triples = documents = 0
    current: str | None = None
    batch: list[tuple[Any, Any, Any]] = []

    def flush() -> None:
        nonlocal load_s, load_cpu, triples, documents
        if current is None:
            return
        t0, c0 = time.perf_counter(), time.process_time()
        context = dataset.graph(rdflib.URIRef(current))
        context.addN((s, p, o, context) for s, p, o in batch)
        load_s += time.perf_counter() - t0
        load_cpu += time.process_time() - c0
        triples += len(batch)
        documents += 1

    for quad in ox.parse(path=str(work / "graphs.nq"), format=ox.RdfFormat.N_QUADS):
        name = quad.graph_name.value
        if name != current:
            flush()
            current, batch = name, []
        batch.append((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    flush()
    cache.clear()
    return {"documents": documents, "triples": triples, "load_s": load_s, "load_cpu": load_cpu,
            "in_dataset": len(dataset), "baseline_rss": baseline, "peak_rss": _peak()}


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def report(ox_: dict[str, Any], rdf: dict[str, Any] | None) -> str:
    docs, triples = ox_["documents"], ox_["triples"]
    write, cpu, mapped = ox_["store_s"], ox_["store_cpu"], ox_["map_s"]
    lines = [
        f"synthetic corpus: {docs:,} documents, {triples:,} triples "
        f"({triples / docs:,.0f} per document), {ox_['tasks']:,} tasks, "
        f"{ox_['cited_only']:,} documents known only from citations, "
        f"{ox_['graphs']:,} named graphs; write statuses {ox_['statuses']}",
        "",
        "pyoxigraph store on disk (Store.replace_graph, one transaction per document):",
        f"  store write      {write:8.1f} s  {docs / write:10,.0f} documents/s "
        f"{triples / write:12,.0f} triples/s   (CPU {cpu:.1f} s: {triples / cpu:,.0f} triples/s)",
        f"  mapping + write  {mapped + write:8.1f} s  {docs / (mapped + write):10,.0f} documents/s "
        f"{triples / (mapped + write):12,.0f} triples/s   (to_graph alone {mapped:.1f} s)",
        f"  store size on disk {_mib(ox_['size_reopened'])} ({_mib(ox_['size_bytes'])} before "
        f"RocksDB dropped its write-ahead logs on reopening); peak memory (max RSS) "
        f"{_mib(ox_['peak_rss'])} (at start {_mib(ox_['baseline_rss'])})",
        f"  stats query {ox_['stats_s'] * 1000:.0f} ms",
    ]
    for mode, title in (("batch", "new documents in transactions of ~20,000 quads (ingest)"),
                        ("bulk", "new documents by the bulk loader (ingest --bulk)")):
        w = ox_["writes"][mode]
        lines.append(f"  {title}: {w['s']:.1f} s, {w['quads'] / w['s']:,.0f} triples/s "
                     f"(CPU {w['cpu']:.1f} s: {w['quads'] / w['cpu']:,.0f} triples/s); "
                     f"x{cpu / w['cpu']:.1f} per-document CPU; as many quads as per document: "
                     f"{w['stored'] == ox_['quads_stored']}")
    for name, t in ox_["traces"].items():
        lines.append(f"  trace {name:<4} {t['ms']:8.1f} ms  {t['nodes']:,} nodes, "
                     f"{t['hops']:,} hops")
    if ox_.get("bulk"):
        b = ox_["bulk"]
        lines.append(f"  bulk_load of the same quads (not transactional): {b['s']:.1f} s, "
                     f"{b['quads'] / b['s']:,.0f} triples/s (CPU {b['cpu']:.1f} s)")
    if rdf:
        growth_rdf = rdf["peak_rss"] - rdf["baseline_rss"]
        growth_ox = max(1, ox_["peak_rss"] - ox_["baseline_rss"])
        lines += [
            "",
            "rdflib in-memory Dataset (the same graphs, addN per named graph):",
            f"  load             {rdf['load_s']:8.1f} s  {rdf['documents'] / rdf['load_s']:10,.0f} "
            f"documents/s {rdf['triples'] / rdf['load_s']:12,.0f} triples/s   "
            f"(CPU {rdf['load_cpu']:.1f} s)",
            f"  peak memory (max RSS) {_mib(rdf['peak_rss'])} "
            f"(at start {_mib(rdf['baseline_rss'])})",
            "",
            f"ratios: rdflib load time / pyoxigraph store write time = "
            f"{rdf['load_s'] / write:.2f} (wall), {rdf['load_cpu'] / cpu:.2f} (CPU); "
            f"to the batched write {rdf['load_cpu'] / ox_['writes']['batch']['cpu']:.2f}, to "
            f"the bulk write {rdf['load_cpu'] / ox_['writes']['bulk']['cpu']:.2f} (CPU); "
            f"memory growth rdflib / pyoxigraph = {growth_rdf / growth_ox:.1f}",
        ]
        if rdf["triples"] != triples:
            lines.append(f"WARNING: rdflib loaded {rdf['triples']:,} triples, expected {triples:,}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison")
    parser.add_argument("--bulk", action="store_true",
                        help="also time one non-transactional bulk_load of the same quads")
    parser.add_argument("--phase", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "oxigraph":
        print(json.dumps(phase_oxigraph(args.count, args.seed, args.work, args.bulk)))
        return 0
    if args.phase == "rdflib":
        print(json.dumps(phase_rdflib(args.work)))
        return 0
    with tempfile.TemporaryDirectory(prefix="luocdo-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)

        def run(phase: str) -> dict[str, Any]:
            out = subprocess.run(
                [sys.executable, __file__, "--phase", phase, "--count", str(args.count),
                 "--seed", str(args.seed), "--work", str(work),
                 *(["--bulk"] if args.bulk else [])],
                check=True, capture_output=True, text=True)
            return dict(json.loads(out.stdout.strip().splitlines()[-1]))

        print(f"ingesting {args.count:,} synthetic documents into {work}/store ...", flush=True)
        ox_ = run("oxigraph")
        rdf = None if args.no_rdflib else run("rdflib")
        print(report(ox_, rdf))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
