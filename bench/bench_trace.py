"""trace_down on a store built beforehand: CPU and wall time, cold and with look-ups kept.

    python bench/bench_trace.py STORE                      # the 20 most implemented documents
    python bench/bench_trace.py STORE --against 2e5fbd8    # and luocdo/trace.py of a commit

The store is opened read-only. Each root is traced cold (the look-ups kept for the
store emptied first: what a fresh process, or the first trace of a root, pays), then
again with the look-ups kept (luocdo.trace keeps them while the store's files stay the
same: what a process answering many traces pays for a root it has seen, or for the
nodes two traces share). With ``--against``, luocdo/trace.py of that commit is loaded
beside the current one and run on the same roots, interleaved (old, cold, warm for each
root), and each trace is checked to be the same (``Trace.to_json``). In the first pass,
each root is also traced with what the traces of the roots before it kept (not its own):
a first trace in a process that answered others. CPU time is this
process's (``time.process_time``): on a shared machine it says what wall time hides.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from luocdo import trace as tracing
from luocdo.store import Store

ROOTS = """
SELECT ?d (COUNT(?x) AS ?n) WHERE { ?x lo:implements ?d } GROUP BY ?d ORDER BY DESC(?n) ?d
LIMIT %d
"""


def _old_module(commit: str) -> ModuleType:
    """luocdo/trace.py as it was at ``commit``, loaded under another name."""
    text = subprocess.run(["git", "show", f"{commit}:luocdo/trace.py"], check=True,
                          capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1]).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench-trace-"))
    path = folder / "trace_old.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("luocdo_trace_old", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--roots", type=int, default=20, help="most implemented documents")
    parser.add_argument("--passes", type=int, default=2, help="times over the roots")
    parser.add_argument("--against", help="a commit whose luocdo/trace.py runs beside")
    args = parser.parse_args(argv)
    old = _old_module(args.against) if args.against else None
    store = Store.open(args.store, read_only=True)
    roots = [r["d"] for r in store.select(ROOTS % args.roots)]
    runs: dict[str, tuple[list[float], list[float]]] = {
        k: ([], []) for k in ("old", "cold", "warm", "shared")}
    # A process answering many traces: each root's first trace with the look-ups of the
    # roots traced before it kept (what traces share: agencies, units, plans), first pass.
    shared: dict[Any, Any] = {}
    hops: list[int] = []
    different = 0
    for _ in range(args.passes):
        for root in roots:
            reference = None
            if old is not None:
                wall, cpu, reference = _timed(partial(old.trace_down, store, (root,)))
                runs["old"][0].append(wall)
                runs["old"][1].append(cpu)
            tracing._kept.clear()
            wall, cpu, new = _timed(partial(tracing.trace_down, store, (root,)))
            runs["cold"][0].append(wall)
            runs["cold"][1].append(cpu)
            wall, cpu, again = _timed(partial(tracing.trace_down, store, (root,)))
            runs["warm"][0].append(wall)
            runs["warm"][1].append(cpu)
            if len(hops) < len(roots):
                tracing._kept.clear()
                tracing._kept.update(shared)
                wall, cpu, _ = _timed(partial(tracing.trace_down, store, (root,)))
                runs["shared"][0].append(wall)
                runs["shared"][1].append(cpu)
                shared = dict(tracing._kept)
            hops.append(len(new.hops))
            if again.to_json() != new.to_json() or (
                    reference is not None and reference.to_json() != new.to_json()):
                different += 1
    load = os.getloadavg()
    print(f"{len(roots)} roots x {args.passes} passes, hops p50 {statistics.median(hops):.0f} "
          f"max {max(hops)}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"{'trace_down':<34}{'wall p50':>10}{'wall p95':>10}{'CPU p50':>10}{'CPU p95':>10}")
    labels = {"old": f"luocdo/trace.py at {args.against}",
              "cold": "now, cold (look-ups emptied)",
              "warm": "now, the same root again",
              "shared": "now, first trace, others' kept"}
    for key, (walls, cpus) in runs.items():
        if not walls:
            continue
        print(f"{labels[key]:<34}" + "".join(
            f"{pct(v, q) * 1000:8.1f}ms" for v in (walls, cpus) for q in (0.5, 0.95)))
    if old is not None:
        print(f"CPU ratio old/cold, p50 x{pct(runs['old'][1], .5) / pct(runs['cold'][1], .5):.2f}"
              f", p95 x{pct(runs['old'][1], .95) / pct(runs['cold'][1], .95):.2f}")
    print(f"traces different from the old or from the first: {different}")
    store.close()
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
