"""Extraction speed over the seeds and the corpus: documents/s, MB/s, slowest file.

    .venv/bin/python bench/bench_extract.py [--repeat 3] [--shared ../shared] [--stages]

Prints figures; asserts nothing. The target (issue 2) is every file under one
second on the reference machine (2 cores); issue 13 asks for 50 documents/s/core
with validation. ``--stages`` adds the CPU time of each stage of ``parse`` (the
functions ``loaders/parse.py`` calls, timed where it calls them).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from luocdo.loaders import parse, read

# (module of luocdo.loaders, function) of every stage parse() calls, in its order
_STAGES = (
    ("page_metadata", "page_related"), ("header", "parse_header"), ("header", "body_start"),
    ("structure", "parse_structure"), ("header", "signature_blocks"),
    ("references", "find_references"), ("references", "document_implements"),
    ("tasks", "find_tasks"), ("timeframes", "date_tasks"), ("agencies", "collect_agencies"),
    ("targets", "find_targets"), ("task_tables", "unread_indicator_tables"),
    ("reporting", "find_reporting"), ("timeframes", "date_duties"),
    ("progress", "find_progress"),
)


@contextlib.contextmanager
def _timed_stages(cpu: dict[str, float]) -> Iterator[None]:
    """Time each stage where parse() calls it (its module attribute), nested calls aside."""
    depth = [0]

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:  # a stage called by another stage counts in its caller
                return function(*args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                cpu[name] += time.process_time() - start
                depth[0] -= 1
        return wrapper

    saved = []
    for module_name, name in _STAGES:
        module = importlib.import_module(f"luocdo.loaders.{module_name}")
        function = getattr(module, name)
        saved.append((module, name, function))
        setattr(module, name, timed(f"{module_name}.{name}", function))
    try:
        yield
    finally:
        for module, name, function in saved:
            setattr(module, name, function)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", action="store_true",
                        help="also print the CPU time of each stage of parse (best run)")
    args = parser.parse_args()

    files = (sorted((args.shared / "seeds").glob("*.txt"))
             + sorted((args.shared / "corpus").glob("[0-9]*.txt")))
    per_file: dict[str, list[float]] = {f.name: [] for f in files}
    total_bytes = sum(f.stat().st_size for f in files)
    runs = []
    cpu_runs = []  # CPU time of this process: what a core does, whatever else the machine runs
    stage_runs: list[dict[str, float]] = []
    for _ in range(args.repeat):
        stages: dict[str, float] = defaultdict(float)
        with _timed_stages(stages) if args.stages else contextlib.nullcontext():
            start, cpu_start = time.perf_counter(), time.process_time()
            for f in files:
                t0 = time.perf_counter()
                parse(read(f))
                per_file[f.name].append(time.perf_counter() - t0)
            runs.append(time.perf_counter() - start)
            cpu_runs.append(time.process_time() - cpu_start)
        stage_runs.append(stages)

    best = min(runs)
    cpu = min(cpu_runs)
    print(f"files: {len(files)}  bytes: {total_bytes:,}  repeats: {args.repeat}")
    print(f"whole set (best run): {best:.3f} s  ->  {len(files) / best:.1f} documents/s, "
          f"{total_bytes / best / 1e6:.2f} MB/s")
    print(f"CPU time (best run): {cpu:.3f} s  ->  {len(files) / cpu:.1f} documents/s/core")
    print(f"CPU time (first run, cold caches): {cpu_runs[0]:.3f} s  ->  "
          f"{len(files) / cpu_runs[0]:.1f} documents/s/core")
    if args.stages:
        stages = stage_runs[cpu_runs.index(cpu)]
        print("CPU time per stage (best run, s):")
        for name, seconds in sorted(stages.items(), key=lambda s: -s[1]):
            print(f"  {seconds:7.3f}  {name}")
        print(f"  {cpu - sum(stages.values()):7.3f}  (reading the files, the rest of parse)")
    slowest = sorted(((statistics.median(v), k) for k, v in per_file.items()), reverse=True)[:5]
    print("slowest files (median s):")
    for seconds, name in slowest:
        print(f"  {seconds:7.3f}  {name}")
    over = [k for k, v in per_file.items() if statistics.median(v) >= 1.0]
    print(f"files over 1 s: {len(over)} {over}")


if __name__ == "__main__":
    main()
