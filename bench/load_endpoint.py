"""Availability under load (issue 11, part 5): quick requests while slow queries pile up.

    python bench/load_endpoint.py                    # the real corpus, 60 s, 64 slow, 16 quick
    python bench/load_endpoint.py --seconds 20 --synthetic 2000
    python bench/load_endpoint.py --vary             # every slow query a new text

Ingests ../shared/seeds and ../shared/corpus (or a synthetic corpus from
bench/generate_corpus.py) into a temporary store, starts ``luocdo serve`` on a
free loopback port with its default limits, and for ``--seconds`` runs at once:

- ``--slow`` clients sending a query that runs past the time limit (a cross
  join), again as soon as they are answered (0.1 s after a 503), spread over 16
  loopback addresses (127.0.0.2-17);
- ``--quick`` clients, each from its own loopback address (127.0.1.x), sending
  ``ASK {}`` and named queries (search, trace_down, documents) back to back.

Prints the quick requests' latency (p50/p95/p99), the count of each status and
error code for both kinds, the server's resident memory (its own process and
with its workers) before, at the peak and after, and wall and CPU time. Only
loopback addresses; every loop ends at the deadline.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LUOCDO_SHARED", ROOT.parent / "shared"))
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_ADDRESSES = [f"127.0.0.{i}" for i in range(2, 18)]
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def _luocdo() -> list[str]:
    script = Path(sys.executable).parent / "luocdo"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from luocdo.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------- the store


def build_store(directory: Path, synthetic: int) -> tuple[list[str], float]:
    """Ingest the real documents (or a synthetic corpus); the files' paths and the time."""
    start = time.perf_counter()
    if synthetic:
        corpus = directory.parent / "corpus"
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate_corpus.py"),
                        "--count", str(synthetic), "--out", str(corpus)], check=True,
                       stdout=subprocess.DEVNULL)
        sources = [str(corpus)]
    else:
        sources = [str(SHARED / "seeds"), str(SHARED / "corpus")]
    subprocess.run([*_luocdo(), "ingest", *sources, "--store", str(directory)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return sources, time.perf_counter() - start


# ---------------------------------------------------------------- the server's resources


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def memory(pid: int) -> tuple[int, int]:
    """Resident bytes of the server process, and of it with its worker processes."""
    own = _rss(pid)
    return own, own + sum(_rss(c) for c in _children(pid))


def cpu_seconds(pid: int) -> float:
    """CPU time of the server, its live workers and the workers it has reaped."""
    def stat(p: int) -> list[str]:
        try:
            return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return []

    fields = stat(pid)
    if not fields:
        return 0.0
    # after ')': state is field 0, utime 11, stime 12, cutime 13, cstime 14
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))
    for child in _children(pid):
        f = stat(child)
        if f:
            total += int(f[11]) + int(f[12])
    return total / TICKS


class Sampler(threading.Thread):
    """The server's memory every 0.25 s, until stopped; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = (0, 0)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            own, tree = memory(self.pid)
            self.peak = (max(self.peak[0], own), max(self.peak[1], tree))
            self.stop.wait(0.25)


# ---------------------------------------------------------------- clients


class Tally:
    """Latencies and outcomes, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.messages: dict[str, str] = {}  # one message of each error, as an example

    def add(self, outcome: str, seconds: float | None = None, message: str = "") -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            if message:
                self.messages.setdefault(outcome, message)
            if seconds is not None:
                self.latencies.append(seconds)


def _outcome(response: httpx.Response) -> tuple[str, str]:
    """The status with the error code, and the error message."""
    if response.status_code < 400:
        return str(response.status_code), ""
    try:
        error = response.json()["error"]
        code, message = error["code"], error["message"]
    except (ValueError, KeyError, TypeError):
        code, message = "?", response.text[:200]
    return f"{response.status_code} {code}", message


def _client(base: str, address: str, timeout: float) -> httpx.Client:
    return httpx.Client(base_url=base, timeout=timeout,
                        transport=httpx.HTTPTransport(local_address=address))


def slow_client(base: str, address: str, deadline: float, tally: Tally, vary: bool,
                number: int, flood: bool) -> None:
    with _client(base, address, 120.0) as client:
        n = 0
        while time.monotonic() < deadline:
            n += 1
            query = SLOW_QUERY + (f" # {number}.{n}" if vary else "")
            try:
                response = client.get("/sparql", params={"query": query})
            except httpx.HTTPError as exc:
                tally.add(f"failed {type(exc).__name__}")
                time.sleep(0.1)
                continue
            outcome, message = _outcome(response)
            tally.add(outcome, message=message)
            if response.status_code in (429, 503):
                wait = 0.1 if flood else float(response.headers.get("Retry-After", "1"))
                time.sleep(min(wait, max(0.0, deadline - time.monotonic())))


def quick_client(base: str, address: str, deadline: float, tally: Tally,
                 requests: list[Request]) -> None:
    with _client(base, address, 60.0) as client:
        i = 0
        while time.monotonic() < deadline:
            path, params = requests[i % len(requests)]
            i += 1
            start = time.perf_counter()
            try:
                response = client.get(path, params=params)
            except httpx.HTTPError as exc:
                tally.add(f"failed {type(exc).__name__}")
                continue
            seconds = time.perf_counter() - start
            outcome, message = _outcome(response)
            tally.add(outcome, seconds, message)


Request = tuple[str, dict[str, str]]


def quick_requests(base: str, budget_ms: float) -> list[tuple[Request, float]]:
    """ASK {} and the named queries on the store's documents that take under
    ``budget_ms`` on the idle server (median of 3), with that time."""
    rows = httpx.get(base + "/queries/documents", timeout=60).json().get("rows", [])
    symbols = [r["symbol"] for r in rows if r.get("symbol")][:12] or ["1/QĐ-TTg"]
    candidates: list[Request] = [("/sparql", {"query": "ASK {}"})]
    for symbol in symbols:
        candidates += [("/queries/trace_down", {"document": symbol}),
                       ("/queries/trace_up", {"document": symbol}),
                       ("/documents/" + symbol, {}),
                       ("/queries/search", {"text": symbol.split("/")[0]})]
    chosen: list[tuple[Request, float]] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for path, params in candidates:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                ok = client.get(path, params=params).status_code == 200
                times.append((time.perf_counter() - start) * 1000)
            if ok and statistics.median(times) < budget_ms:
                chosen.append(((path, params), statistics.median(times)))
    return chosen


# ---------------------------------------------------------------- the run


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--slow", type=int, default=64)
    parser.add_argument("--quick", type=int, default=16)
    parser.add_argument("--synthetic", type=int, default=0,
                        help="documents of a synthetic corpus instead of ../shared")
    parser.add_argument("--store", type=Path,
                        help="use (or ingest once into) this store rather than a temporary one")
    parser.add_argument("--quick-ms", type=float, default=20.0,
                        help="a quick request takes under this on the idle server")
    parser.add_argument("--flood", action="store_true",
                        help="slow clients resend 0.1 s after a 503 instead of Retry-After")
    parser.add_argument("--server-log", type=Path, help="write the server's log here")
    parser.add_argument("--vary", action="store_true",
                        help="make every slow query a new text (none is remembered as slow)")
    parser.add_argument("--serve-option", action="append", default=[],
                        help="an option for luocdo serve (repeat), e.g. --serve-option=--queue=8")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="luocdo-load-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        store = args.store or tmp / "store"
        if store.is_dir() and any(store.iterdir()):
            print(f"store: {store} (as it is)")
        else:
            sources, ingest_seconds = build_store(store, args.synthetic)
            print(f"store: {', '.join(sources)} ingested in {ingest_seconds:.1f} s")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(args.server_log, "wb") if args.server_log else subprocess.DEVNULL  # noqa: SIM115
        server = subprocess.Popen(
            [*_luocdo(), "serve", "--store", str(store), "--host", "127.0.0.1",
             "--port", str(port), *args.serve_option],
            stdout=subprocess.DEVNULL, stderr=log)
        for _ in range(600):
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        timed = quick_requests(base, args.quick_ms)  # also warms the workers up
        requests = [r for r, _ in timed]
        print(f"quick requests: {len(requests)} kinds under {args.quick_ms:g} ms on the idle "
              f"server: " + ", ".join(
                  f"{path}{'?' + '&'.join(f'{k}={v}' for k, v in params.items()) if params else ''}"
                  f" {ms:.0f} ms" for (path, params), ms in timed))
        time.sleep(1.0)
        before = memory(server.pid)
        cpu_before = cpu_seconds(server.pid)
        print(f"server: luocdo serve {' '.join(args.serve_option) or '(default limits)'} "
              f"on {base}, pid {server.pid}")
        texts = "a new text each time" if args.vary else "one text"
        texts += ", resent 0.1 s after a 503" if args.flood else ", resent after Retry-After"
        print(f"load: {args.slow} slow clients ({texts}) from {len(SLOW_ADDRESSES)} "
              f"addresses, {args.quick} quick clients each from "
              f"its own address, {args.seconds:g} s")

        sampler = Sampler(server.pid)
        sampler.start()
        slow, quick = Tally(), Tally()
        wall = time.monotonic()
        deadline = wall + args.seconds
        threads = [threading.Thread(target=slow_client, args=(
            base, SLOW_ADDRESSES[i % len(SLOW_ADDRESSES)], deadline, slow, args.vary, i,
            args.flood))
            for i in range(args.slow)]
        threads += [threading.Thread(target=quick_client, args=(
            base, f"127.0.1.{i + 1}", deadline, quick, requests)) for i in range(args.quick)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.seconds + 180)
        wall_seconds = time.monotonic() - wall
        cpu_load = cpu_seconds(server.pid) - cpu_before
        time.sleep(5.0)  # killed workers replaced, queues drained
        sampler.stop.set()
        sampler.join()
        after = memory(server.pid)

        lat = [s * 1000 for s in quick.latencies]
        mean = statistics.fmean(lat) if lat else 0.0
        print()
        print(f"quick requests: {len(lat)} ({len(lat) / args.seconds:.0f}/s); latency "
              f"p50 {_percentile(lat, 50):.1f} ms, p95 {_percentile(lat, 95):.1f} ms, "
              f"p99 {_percentile(lat, 99):.1f} ms, max {max(lat, default=0):.0f} ms, "
              f"mean {mean:.1f} ms")
        for name, tally in (("quick", quick), ("slow", slow)):
            counts = ", ".join(f"{k}: {v}" for k, v in sorted(tally.outcomes.items()))
            print(f"{name} outcomes: {counts}")
            for outcome, message in sorted(tally.messages.items()):
                print(f"  {outcome}: {message}")
        errors = {k: v for t in (quick, slow) for k, v in t.outcomes.items()
                  if not k.startswith(("200", "503 busy", "503 query_timeout"))}
        print(f"other errors: {errors or 'none'}")
        print(f"memory (server / with workers): before {_mib(before[0])} / {_mib(before[1])}, "
              f"peak {_mib(sampler.peak[0])} / {_mib(sampler.peak[1])}, "
              f"after {_mib(after[0])} / {_mib(after[1])} "
              f"({(after[1] - before[1]) / before[1] * 100:+.1f} % with workers)")
        usage = os.times()
        print(f"time: wall {wall_seconds:.1f} s; CPU of the server and its workers "
              f"{cpu_load:.1f} s; CPU of this load generator "
              f"{usage.user + usage.system:.1f} s")
        p95 = _percentile(lat, 95)
        print(f"target quick p95 < 200 ms: {'met' if p95 < 200 else 'NOT met'} "
              f"({p95:.1f} ms); no error but documented 503s: "
              f"{'met' if not errors else 'NOT met'}")
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
