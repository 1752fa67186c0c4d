"""Extraction speed over the seeds and the corpus: documents/s, MB/s, slowest file.

    .venv/bin/python bench/bench_extract.py [--repeat 3] [--shared ../shared]

Prints figures; asserts nothing. The target (issue 2) is every file under one
second on the reference machine (2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from luocdo import loaders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    files = (sorted((args.shared / "seeds").glob("*.txt"))
             + sorted((args.shared / "corpus").glob("[0-9]*.txt")))
    per_file: dict[str, list[float]] = {f.name: [] for f in files}
    total_bytes = sum(f.stat().st_size for f in files)
    runs = []
    cpu_runs = []  # CPU time of this process: what a core does, whatever else the machine runs
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        for f in files:
            t0 = time.perf_counter()
            loaders.parse(loaders.read(f))
            per_file[f.name].append(time.perf_counter() - t0)
        runs.append(time.perf_counter() - start)
        cpu_runs.append(time.process_time() - cpu_start)

    best = min(runs)
    cpu = min(cpu_runs)
    print(f"files: {len(files)}  bytes: {total_bytes:,}  repeats: {args.repeat}")
    print(f"whole set (best run): {best:.3f} s  ->  {len(files) / best:.1f} documents/s, "
          f"{total_bytes / best / 1e6:.2f} MB/s")
    print(f"CPU time (best run): {cpu:.3f} s  ->  {len(files) / cpu:.1f} documents/s/core")
    slowest = sorted(((statistics.median(v), k) for k, v in per_file.items()), reverse=True)[:5]
    print("slowest files (median s):")
    for seconds, name in slowest:
        print(f"  {seconds:7.3f}  {name}")
    over = [k for k, v in per_file.items() if statistics.median(v) >= 1.0]
    print(f"files over 1 s: {len(over)} {over}")


if __name__ == "__main__":
    main()
