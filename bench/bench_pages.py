"""How long the pages wait for the API: the document page of 03/NQ-CP and the trace of
569/QĐ-TTg, on the seeds + corpus and on the same with N synthetic documents beside them.

    python bench/bench_pages.py                       # seeds + corpus, and + 10,000 synthetic
    python bench/bench_pages.py --synthetic 1000 --runs 5

Each page first asks for the document, then sends its other requests at once (as
api/static/app/document.js and trace.js do); the time a page waits is the first
request plus the slowest of the others. Printed: p50 and max over ``--runs`` visits,
with each request's time, against ``luocdo serve`` on a loopback port. The budget of
issue 12: 1 s on seeds + corpus, 2 s with 10,000 synthetic documents.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_queries import build

from luocdo.ingest import ingest_paths
from luocdo.store import Store

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
LUOCDO = str(Path(sys.executable).parent / "luocdo")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(client: httpx.Client, path: str, params: dict[str, str] | None = None
         ) -> tuple[float, Any]:
    start = time.perf_counter()
    r = client.get(path, params=params, timeout=120)
    r.raise_for_status()
    return time.perf_counter() - start, r.json()


def document_page(client: httpx.Client, symbol: str) -> dict[str, float]:
    first, data = _get(client, f"/documents/{symbol}")
    iri = data["document"]["iri"]
    calls = {"related": ("/queries/related", {"document": iri}),
             "document_tasks": ("/queries/document_tasks", {"document": iri}),
             "validate": ("/validate", {"document": iri}),
             "document_targets": ("/queries/document_targets", {"document": iri})}
    return {"document": first, **_together(client, calls)}


def trace_page(client: httpx.Client, symbol: str) -> dict[str, float]:
    calls = {"trace_down": ("/queries/trace_down",
                            {"document": symbol, "relations": "implements alignsWith"}),
             "document": (f"/documents/{symbol}", {}),
             "provinces": ("/queries/provinces", {})}
    return _together(client, calls)


def _together(client: httpx.Client, calls: dict[str, tuple[str, dict[str, str]]]
              ) -> dict[str, float]:
    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        futures = {name: pool.submit(_get, client, path, params)
                   for name, (path, params) in calls.items()}
        return {name: f.result()[0] for name, f in futures.items()}


def visit(base: str, runs: int) -> None:
    with httpx.Client(base_url=base) as client:
        for label, page in (("document page 03/NQ-CP", lambda: document_page(client, "03/NQ-CP")),
                            ("trace page 569/QĐ-TTg", lambda: trace_page(client, "569/QĐ-TTg"))):
            totals: list[float] = []
            parts: dict[str, list[float]] = {}
            for _ in range(runs):
                times = page()
                first = times.get("document", 0.0) if label.startswith("document") else 0.0
                rest = [t for k, t in times.items() if not (label.startswith("document")
                                                           and k == "document")]
                totals.append(first + max(rest))
                for k, t in times.items():
                    parts.setdefault(k, []).append(t)
            detail = ", ".join(f"{k} {statistics.median(v) * 1000:.0f} ms"
                               for k, v in parts.items())
            print(f"  {label:<26} p50 {statistics.median(totals) * 1000:7.0f} ms   "
                  f"max {max(totals) * 1000:7.0f} ms   ({detail})")


def serve(store: Path, runs: int) -> None:
    port = _free_port()
    process = subprocess.Popen([LUOCDO, "serve", "--store", str(store), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        visit(base, 1)  # warm the workers and the store's caches
        visit(base, runs)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="luocdo-pages-") as tmp:
        real = Path(tmp) / "real"
        with Store.open(real) as store:
            ingest_paths([SHARED / "seeds", SHARED / "corpus"], store, validate=False)
        print(f"seeds + corpus ({len(list((SHARED / 'corpus').glob('*.txt'))) + 2} files)")
        serve(real, args.runs)
        if args.synthetic:
            both = Path(tmp) / "both"
            wall, cpu = time.perf_counter(), time.process_time()
            store, _dataset, triples, _seconds = build(args.synthetic, both, False)
            ingest_paths([SHARED / "seeds", SHARED / "corpus"], store, validate=False)
            store.close()
            print(f"seeds + corpus + {args.synthetic:,} synthetic documents ({triples:,} "
                  f"synthetic triples; built in {time.perf_counter() - wall:.0f} s wall, "
                  f"{time.process_time() - cpu:.0f} s CPU)")
            serve(both, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
