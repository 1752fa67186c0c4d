"""CI step: export the seeds and the corpus as GEXF and GraphML; print sizes and counts.

    .venv/bin/python bench/export_corpus.py [--shared ../shared] [--out DIR]

Ingests ``seeds/`` and ``corpus/`` into a temporary store, writes the whole visual
graph as GEXF and GraphML (into ``--out``, else a temporary folder), reads each file
back with networkx and prints its size, node and edge counts beside the counts of
``queries/export_counts.rq`` over the store. Exit 1 when a file's counts differ from
the SPARQL counts or an input file failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from luocdo import export
from luocdo.export.selection import query_text
from luocdo.ingest import ingest_paths
from luocdo.store import Store

READERS = {"gexf": nx.read_gexf,
           "graphml": lambda path: nx.read_graphml(path, force_multigraph=True)}


def sparql_totals(store: Store) -> dict[str, int]:
    """Nodes and edges of the visual graph by ``queries/export_counts.rq``."""
    totals = {"node": 0, "edge": 0}
    for row in store.select(query_text("export_counts")):
        if row["what"] in totals:
            totals[row["what"]] += int(row["count"])
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder to keep the files in (default: a temporary folder)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="luocdo-export-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        with Store.open(Path(tmp) / "store") as store:
            start = time.perf_counter()
            report = ingest_paths([args.shared / "seeds", args.shared / "corpus"], store)
            print(f"ingest: {len(report.files)} files, {len(report.failed)} failed, "
                  f"{time.perf_counter() - start:.1f} s")
            for failure in report.failed:
                print(f"  failed: {failure.path}: {failure.error}")
            expected = sparql_totals(store)
            print(f"SPARQL counts: {expected['node']} nodes, {expected['edge']} edges")
            ok = not report.failed
            for fmt in ("gexf", "graphml"):
                path = out / f"luocdo-corpus{export.SUFFIXES[fmt]}"
                start = time.perf_counter()
                written = export.export_file(store, export.whole(), fmt, path)
                seconds = time.perf_counter() - start
                graph = READERS[fmt](path)
                same = (graph.number_of_nodes(), graph.number_of_edges()) == (
                    expected["node"], expected["edge"])
                ok = ok and same and (written.nodes, written.edges) == (
                    graph.number_of_nodes(), graph.number_of_edges())
                print(f"{fmt:8} {path.stat().st_size:>10,} bytes  "
                      f"{graph.number_of_nodes():>6} nodes  {graph.number_of_edges():>6} edges  "
                      f"written in {seconds:.2f} s  {'ok' if same else 'COUNTS DIFFER'}"
                      f"  {path if args.out else ''}".rstrip())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
