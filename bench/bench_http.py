"""Throughput of ``luocdo serve`` on traces: requests/s and latency with 16 clients (issue 13).

    python bench/bench_http.py --store /tmp/store-1000            # an existing store
    python bench/bench_http.py --synthetic 1000 --seconds 20      # built first (bench_queries)
    python bench/bench_http.py --store DIR --roots 400 --serve-option=--quick-workers=3

Starts ``luocdo serve`` on a free loopback port, warms it with one trace, then for
``--seconds`` runs ``--clients`` clients, each from its own loopback address (so the
per-client limit does not apply), each sending ``GET /queries/trace_down`` back to back
for a document drawn from ``--roots`` documents that others implement (the most
implemented first). ``--mix`` adds a request of ``tasks`` by an agency's name and a
small SPARQL query to every third and fourth trace.

``--warm`` traces every document once before the timed run (the server's result
cache then holds them). Prints requests/s, latency p50/p95/p99, the count of each
status, the CPU time of the server with its workers and of this load generator over
the run, and the load average. Without ``--warm`` and with many ``--roots``, most
traces are computed by the workers: the cost without the cache.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from load_endpoint import _free_port, _luocdo, _percentile, cpu_seconds

from luocdo.store import Store

LO = "https://w3id.org/luocdo/ontology#"


def trace_roots(store_dir: Path, count: int) -> tuple[list[str], list[str]]:
    """Documents others implement, the most implemented first; and agency names."""
    with Store.open(store_dir, read_only=True) as store:
        roots = [r["d"] for r in store.select(
            f"SELECT ?d (COUNT(?x) AS ?n) WHERE {{ ?x <{LO}implements> ?d }} GROUP BY ?d "
            f"ORDER BY DESC(?n) ?d LIMIT {int(count)}")]
        agencies = sorted({r["l"] for r in store.select(
            f"SELECT ?l WHERE {{ ?t <{LO}lead> ?a . "
            "?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } LIMIT 2000")})
    return roots, agencies[:20]


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: collections.Counter[str] = collections.Counter()

    def add(self, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)


def client(base: str, address: str, deadline: float, tally: Tally, roots: list[str],
           agencies: list[str], mix: bool, seed: int) -> None:
    rng = random.Random(seed)
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=base, timeout=60.0, transport=transport) as c:
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if mix and n % 4 == 3:
                path, params = "/queries/tasks", {"agency": rng.choice(agencies)}
            elif mix and n % 4 == 0:
                path, params = "/sparql", {
                    "query": f"SELECT ?s WHERE {{ ?d <{LO}symbol> ?s }} LIMIT 20"}
            else:
                path, params = "/queries/trace_down", {"document": rng.choice(roots)}
            start = time.perf_counter()
            try:
                status = str(c.get(path, params=params).status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            tally.add(status, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (read only)")
    parser.add_argument("--synthetic", type=int, default=1000,
                        help="without --store: build a store of this many synthetic documents")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--roots", type=int, default=20,
                        help="distinct documents traced (the most implemented)")
    parser.add_argument("--warm", action="store_true",
                        help="trace every document once before the timed run")
    parser.add_argument("--mix", action="store_true",
                        help="also tasks by agency and a small SPARQL query")
    parser.add_argument("--serve-option", action="append", default=[],
                        help="an option for luocdo serve (repeat), e.g. --serve-option=--workers=1")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="luocdo-http-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        store_dir = args.store
        if store_dir is None:
            from bench_queries import build

            store_dir = tmp / "store"
            store, _, triples, seconds = build(args.synthetic, store_dir, False)
            store.close()
            print(f"store: {args.synthetic:,} synthetic documents, {triples:,} triples, "
                  f"built in {seconds:.0f} s")
        roots, agencies = trace_roots(store_dir, args.roots)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*_luocdo(), "serve", "--store", str(store_dir), "--host", "127.0.0.1",
             "--port", str(port), *args.serve_option],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                if httpx.get(base + "/queries", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        warm = roots if args.warm else roots[:1]
        for root in warm:
            httpx.get(base + "/queries/trace_down", params={"document": root}, timeout=60)
        time.sleep(1.0)
        load_before = os.getloadavg()
        cpu_before = cpu_seconds(server.pid)
        own_before = os.times()
        tally = Tally()
        wall = time.monotonic()
        deadline = wall + args.seconds
        threads = [threading.Thread(target=client, args=(
            base, f"127.0.2.{i + 1}", deadline, tally, roots, agencies, args.mix, i))
            for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 120)
        wall_seconds = time.monotonic() - wall
        server_cpu = cpu_seconds(server.pid) - cpu_before
        own_after = os.times()
        own_cpu = (own_after.user + own_after.system) - (own_before.user + own_before.system)
        lat = [s * 1000 for s in tally.latencies]
        what = "traces" + (", tasks by agency, SPARQL" if args.mix else "")
        print(f"serve {' '.join(args.serve_option) or '(defaults)'}; {args.clients} clients, "
              f"{what}; {len(roots)} documents traced"
              f"{', each once before' if args.warm else ''}")
        print(f"{len(lat) / wall_seconds:8.1f} requests/s   p50 {_percentile(lat, 50):8.1f} ms   "
              f"p95 {_percentile(lat, 95):8.1f} ms   p99 {_percentile(lat, 99):8.1f} ms   "
              f"({len(lat)} requests in {wall_seconds:.1f} s)")
        print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
        print(f"CPU: server and workers {server_cpu:.1f} s "
              f"({server_cpu / max(1, len(lat)) * 1000:.2f} ms a request), "
              f"load generator {own_cpu:.1f} s; load average {load_before[0]:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after")
        return 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
