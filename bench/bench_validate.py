"""Validating one new document against a small and a large store: the time should not grow.

    .venv/bin/python bench/bench_validate.py [--small 100] [--large 10000] [--repeat 5]
                                             [--keep DIR] [--reason] [--batch 100]

Both stores hold the first documents of one synthetic corpus (bench/generate_corpus.py:
national resolutions, provincial plans citing them, task tables...); the document
validated is the first provincial plan with tasks after the first ``--small``
documents, present in both. Validation reads that document's graph and the context its
rules need by indexed look-ups (luocdo/validate.py), so the two times should be about
equal. ``--batch N`` also validates the first N documents of the small store one
after the other (``validate_documents``), as ``luocdo ingest`` and ``luocdo validate``
do: documents per second of wall and of CPU time (the machine is shared: CPU time says
what a loaded run's wall time hides). ``--reason`` also times the reasoning steps
(graph closure on both stores, HermiT on the small one). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from luocdo import identity
from luocdo.graph import document_iri_of, to_graph
from luocdo.model import Document
from luocdo.store import Store
from luocdo.validate import validate_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_corpus import generate


def target_index(docs: list[tuple[str, Document]], after: int) -> int:
    """The first provincial plan with tasks at or after position ``after``."""
    for i in range(after, len(docs)):
        doc = docs[i][1]
        if doc.tasks and doc.document.type_code == "KH":
            return i
    raise SystemExit(f"no plan with tasks after document {after}")


def build(path: Path, docs: list[tuple[str, Document]]) -> tuple[Store, float]:
    """A store holding ``docs`` (reused when ``path`` already holds as many graphs)."""
    started = time.perf_counter()
    store = Store.open(path)
    if len(store.graphs()) >= len(docs):
        return store, 0.0
    for n, (text, doc) in enumerate(docs, start=1):
        iri = str(document_iri_of(doc))
        store.add(to_graph(doc, text=text), named_graph=str(identity.graph_iri(iri)))
        if n % 1000 == 0:
            print(f"  {path.name}: {n} documents, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
    return store, time.perf_counter() - started


def timed(stores: list[Store], doc: str, repeat: int
          ) -> tuple[list[list[float]], list[list[float]]]:
    """Wall and CPU seconds of ``repeat`` validations of ``doc`` in each store, the stores
    taking turns (so that a change of load on a shared machine hits both alike)."""
    for store in stores:
        validate_document(store, doc)  # warm caches (shapes, ontology) once
    times: list[list[float]] = [[] for _ in stores]
    cpu: list[list[float]] = [[] for _ in stores]
    for _ in range(repeat):
        for i, store in enumerate(stores):
            started, cpu_started = time.perf_counter(), time.process_time()
            validate_document(store, doc)
            times[i].append(time.perf_counter() - started)
            cpu[i].append(time.process_time() - cpu_started)
    return times, cpu


def batch(store: Store, count: int) -> None:
    """Validate the first ``count`` stored documents in one batch: documents per second."""
    import os

    from luocdo import validate as validation

    docs = validation.ingested_documents(store)[:count]
    run = getattr(validation, "validate_documents", None)
    if run is None:  # before issue 13: one document after the other
        run = lambda s, ds: (validate_document(s, d) for d in ds)  # noqa: E731
    started, cpu_started = time.perf_counter(), time.process_time()
    results = sum(len(r.results) for r in run(store, docs))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"batch: {len(docs)} documents, {results} results in {wall:.2f} s "
          f"({len(docs) / wall:.1f} documents/s), CPU {cpu:.2f} s "
          f"({len(docs) / cpu:.1f} documents per CPU-second); "
          f"load average {os.getloadavg()[0]:.2f}")


def context_size(store: Store, doc: str) -> int:
    """Triples of the data graph validation builds for ``doc`` (its graph plus context)."""
    from luocdo.validate import _Context

    return len(_Context(store, doc).build())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the stores in this folder")
    parser.add_argument("--reason", action="store_true", help="also time the reasoning steps")
    parser.add_argument("--batch", type=int, default=0,
                        help="also validate this many documents of the small store in a batch")
    args = parser.parse_args()

    docs = list(generate(args.large + 50))
    index = target_index(docs, args.small)
    small_docs = docs[: max(args.small, index + 1)]
    large_docs = docs[: max(args.large, index + 1)]
    new_doc = str(document_iri_of(docs[index][1]))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="luocdo-bench-"))
    folder.mkdir(parents=True, exist_ok=True)

    built = [(name, subset, *build(folder / f"store-{len(subset)}", subset))
             for name, subset in (("small", small_docs), ("large", large_docs))]
    all_times, all_cpu = timed([store for _n, _s, store, _b in built], new_doc, args.repeat)
    rows = [(name, len(subset), len(store), build_seconds, times, store)
            for (name, subset, store, build_seconds), times in zip(built, all_times, strict=True)]

    print(f"document validated: {new_doc} ({docs[index][1].document.symbol}, "
          f"{len(docs[index][1].tasks)} tasks, {len(docs[index][1].references)} references)")
    for (name, count, quads, build_seconds, times, _store), cpu in zip(rows, all_cpu,
                                                                       strict=True):
        median = statistics.median(times)
        print(f"{name:>5}: {count:>6} documents, {quads:>9} quads "
              f"(built in {build_seconds:.0f} s); validate: median {median:.3f} s, "
              f"min {min(times):.3f} s over {len(times)} runs, CPU median "
              f"{statistics.median(cpu):.3f} s; "
              f"data graph {context_size(_store, new_doc)} triples")
    ratio = statistics.median(rows[1][4]) / statistics.median(rows[0][4])
    cpu_ratio = statistics.median(all_cpu[1]) / statistics.median(all_cpu[0])
    print(f"ratio large/small (median): {ratio:.2f} wall, {cpu_ratio:.2f} CPU")
    if args.batch:
        batch(rows[0][5], args.batch)

    if args.reason:
        from luocdo.reason import closure, contribution_edges, document_module, realise

        for name, _count, _quads, _b, _t, store in rows:
            started = time.perf_counter()
            pairs = closure(contribution_edges(store))
            print(f"{name:>5}: contributesTo closure {len(pairs)} pairs in "
                  f"{time.perf_counter() - started:.2f} s")
        small_store = rows[0][5]
        started = time.perf_counter()
        module = document_module(small_store)
        check, members = realise(module)
        print(f"small: HermiT class membership on {len(module)} module triples: "
              f"{len(members)} memberships, consistent={check.consistent}, "
              f"{time.perf_counter() - started:.1f} s")
    for row in rows:
        row[5].close()


if __name__ == "__main__":
    main()
