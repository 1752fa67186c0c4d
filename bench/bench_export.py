"""How long ``luocdo export --focus`` takes, query by query (issue 13).

    python bench/bench_export.py --store /tmp/store-3000 --focus 50/QĐ-TTg --depth 2
    python bench/bench_export.py --synthetic 3000 --depth 2 --formats graphml,xlsx --runs 3

Without ``--focus``, the document that most documents implement or align with is
the focus. For each format, each run selects the focus and writes the export to
memory, as ``luocdo export`` does; the first run prints each query it made (rows,
wall and CPU time), then every run's total. CPU time is this process's, the store
being embedded; the load average is printed beside.
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from luocdo.export import formats, selection, sheets, visual
from luocdo.store import Store


def most_implemented(store: Store) -> str:
    """The document with the most relations to it along the focus's relations."""
    counts = collections.Counter(r.target for r in selection.relations(
        store, selection.FOCUS_RELATIONS))
    return counts.most_common(1)[0][0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (read only)")
    parser.add_argument("--synthetic", type=int, default=3000,
                        help="without --store: build a store of this many synthetic documents")
    parser.add_argument("--focus", help="the focus document (number and symbol, or IRI)")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--formats", default="graphml,xlsx,csv")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="luocdo-export-"))
    try:
        directory = args.store
        if directory is None:
            from bench_queries import build

            directory = tmp / "store"
            built, _, triples, seconds = build(args.synthetic, directory, False)
            built.close()
            print(f"store: {args.synthetic:,} synthetic documents, {triples:,} triples, "
                  f"built in {seconds:.0f} s")
        store = Store.open(directory, read_only=True)
        focus = args.focus or most_implemented(store)
        calls: list[tuple[str, int, int, float, float]] = []
        plain = selection.rows

        def rows(store: Store, name: str, column: str | None = None,
                 nodes: Any = None) -> list[dict[str, Any]]:
            wanted = None if nodes is None else set(nodes)
            wall, cpu = time.perf_counter(), time.process_time()
            found = plain(store, name, column, wanted)
            calls.append((name, -1 if wanted is None else len(wanted), len(found),
                          time.perf_counter() - wall, time.process_time() - cpu))
            return found

        for module in (selection, visual, sheets, formats):
            module.rows = rows  # type: ignore[attr-defined]
        print(f"focus {focus}, depth {args.depth}; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        for fmt in args.formats.split(","):
            walls: list[float] = []
            cpus: list[float] = []
            for run in range(args.runs):
                calls.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                chosen = selection.select(store, focus_on=focus, depth=args.depth)
                out = io.BytesIO()
                written = formats.export(store, chosen, fmt, out)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                if run == 0:
                    print(f"{fmt}: {len(chosen.nodes or ())} nodes selected, "
                          f"{written.bytes:,} bytes")
                    for name, asked, found, w, c in calls:
                        nodes = "all" if asked < 0 else f"{asked:,}"
                        print(f"  {name:24} nodes {nodes:>6}  rows {found:7,}  "
                              f"wall {w * 1000:8.1f} ms  CPU {c * 1000:8.1f} ms")
                    print(f"  queries: wall {sum(c[3] for c in calls) * 1000:.1f} ms, "
                          f"CPU {sum(c[4] for c in calls) * 1000:.1f} ms")
            print(f"  whole export, {args.runs} runs: wall median "
                  f"{statistics.median(walls) * 1000:.0f} ms, CPU median "
                  f"{statistics.median(cpus) * 1000:.0f} ms (min {min(cpus) * 1000:.0f})")
        store.close()
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
