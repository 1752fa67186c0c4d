"""Build an archive with ``luocdo ingest`` end to end: files read, parsed, stored, validated.

    .venv/bin/python bench/bench_archive.py --real                 # ../shared: 1 core and all
    .venv/bin/python bench/bench_archive.py --count 40000          # the issue's archive
    .venv/bin/python bench/bench_archive.py --count 100000         # a country's worth

``--real`` ingests the seeds and the corpus of ../shared into a new store with
one worker process and with every core, with and without validation. ``--count``
writes that many synthetic documents as text files (``bench/generate_corpus.py``),
then ingests the folder with ``--bulk`` and validation over every core, as one
would build a large archive. Printed for each run: wall and CPU time (of the
command and its worker processes), documents per second and per CPU-second, the
largest process's peak memory and the store's size on disk.

Not run by pytest.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LUOCDO = Path(sys.executable).with_name("luocdo")


def _du(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def run_ingest(paths: list[Path], store: Path, *, jobs: int, validate: bool = True,
               bulk: bool = False) -> dict[str, float]:
    """One ``luocdo ingest`` in a new process: its wall and CPU time and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(
        [str(LUOCDO), "ingest", *map(str, paths), "--store", str(store), "--jobs", str(jobs),
         "--validate" if validate else "--no-validate", *(["--bulk"] if bulk else [])],
        capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-500:]
    if out.returncode not in (0, 1):
        raise SystemExit(f"luocdo ingest failed ({out.returncode}): {last}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "maxrss": after.ru_maxrss * 1024, "last": last,
            "size": _du(store)}


def _line(label: str, documents: int, r: dict[str, float]) -> str:
    return (f"  {label:<34} {r['wall']:8.1f} s wall {r['cpu']:8.1f} s CPU   "
            f"{documents / r['wall']:7.1f} documents/s   {documents / r['cpu']:6.1f} per CPU-s   "
            f"peak {r['maxrss'] / 2**20:,.0f} MiB   store {r['size'] / 2**20:,.0f} MiB")


def real(shared: Path, work: Path) -> None:
    paths = [shared / "seeds", shared / "corpus"]
    documents = sum(1 for p in paths for f in p.rglob("*")
                    if f.suffix.lower() in (".txt", ".docx", ".html", ".htm", ".pdf"))
    cores = _cores()
    print(f"real documents of {shared}: {documents} files, {cores} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    runs = {}
    for validate in (False, True):
        for jobs in sorted({1, cores}):
            store = work / f"real-{jobs}-{validate}"
            r = run_ingest(paths, store, jobs=jobs, validate=validate)
            runs[(jobs, validate)] = r
            label = f"{jobs} worker{'s' if jobs > 1 else ''}, " + \
                ("with validation" if validate else "without validation")
            print(_line(label, documents, r), flush=True)
            shutil.rmtree(store)
    if cores > 1:
        for validate in (False, True):
            one, all_ = runs[(1, validate)], runs[(cores, validate)]
            print(f"  {cores} workers / 1, {'with' if validate else 'without'} validation: "
                  f"wall x{one['wall'] / all_['wall']:.2f}, CPU x{all_['cpu'] / one['cpu']:.2f}")
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


def archive(count: int, seed: int, work: Path, jobs: int) -> None:
    files = work / "files"
    print(f"writing {count:,} synthetic documents to {files} ...", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--count", str(count),
                    "--seed", str(seed), "--out", str(files)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  written in {time.perf_counter() - started:.0f} s "
          f"({_du(files) / 2**20:,.0f} MiB of text)", flush=True)
    print(f"luocdo ingest --bulk --jobs {jobs}, with validation; load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    r = run_ingest([files], work / "store", jobs=jobs, bulk=True)
    print(_line(f"{count:,} documents, {jobs} workers", count, r))
    print(f"  {r['last']}")
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", action="store_true",
                        help="ingest ../shared (seeds and corpus) with 1 and all cores")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--count", type=int, help="build a synthetic archive of this size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=_cores())
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if not args.real and not args.count:
        parser.error("give --real, --count N or both")
    with tempfile.TemporaryDirectory(prefix="luocdo-archive-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.real:
            real(args.shared, work)
        if args.count:
            archive(args.count, args.seed, work, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
