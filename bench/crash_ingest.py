"""Crash test of ``luocdo ingest``: ``kill -9`` at random moments, then check the store.

    .venv/bin/python bench/crash_ingest.py                        # 20 kills, seed 11
    .venv/bin/python bench/crash_ingest.py --kills 5 --seed 3     # a quick look
    .venv/bin/python bench/crash_ingest.py --converge last        # re-ingest once, at the end

Every command runs the installed CLI (``.venv/bin/luocdo``) in its own process.

Setup, in a temporary folder (or ``--work DIR``, kept):

- the *new edition*: ../shared/seeds and ../shared/corpus, what every killed run ingests;
- an *old edition* of the same files, under the same names: every other corpus
  file cut to its first 60 % of lines (a document that later grew), the others
  and the seeds as they are;
- the *baseline* store: the old edition, ingested without interruption. ``B``
  maps each of its named graphs to a hash (sha256 of its sorted N-Quads);
- the *target*: the new edition ingested into a fresh store; ``C`` maps each
  named graph to its hash, i.e. what one clean ingest of a file writes;
- the *reference* store: the baseline, then the new edition, both without
  interruption: what the store must hold once an ingest has completed.

Each trial copies the baseline store, starts ``luocdo ingest seeds corpus`` on
the copy and kills it (SIGKILL) at a moment drawn uniformly between the first
stored file and the end of an uninterrupted run (timed during the setup, and
shortened to the length of any run that ends before its kill, as the load of
the machine changes), so that kills land while documents are being written.
Then:

1. ``luocdo stats`` on the store exits 0;
2. the store is checked as readers see it (read-only, like ``stats`` and the
   server's query workers) and as the next writer sees it (read-write, after
   RocksDB's recovery):
   - every named graph is the old version or the new one: its hash is ``B[g]``
     or ``C[g]``; a mix of two versions, a half-written graph or a graph of
     neither edition has another hash. Since each document is written in one
     transaction, this is the "old or new, never a mix" property;
   - every graph of the baseline is still there, and the graphs that the new
     edition does not write (the old versions of cut drafts, whose identity
     comes from their text) are exactly as before: nothing stored earlier was
     lost or changed by the interrupted run;
   - the default graph is exactly the merge of the named graphs (the invariant
     the store keeps in the same transaction as each graph it writes);
3. the same ingest, run again to its end, makes the store equal to the
   reference store, quad for quad (named graphs and merge): it converges
   (``--converge each``, the default, after every kill; ``last``: only after
   the last one).

Others change the working tree while this runs, so by default the CLI runs a
snapshot of the code committed at HEAD (``--code head``). With ``--code tree``
it runs the tree as it is: the expected stores are rebuilt when the code
changes, and a trial during which it changed is repeated (its runs did not all
run the same extraction).

Printed: one line per kill (moment, files reported done, graphs found in their
old and new versions, the checks), then totals, wall and CPU time (this
process and its children). Exit status 1 when any check failed. Not run by
pytest.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from luocdo.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LUOCDO = Path(sys.executable).parent / "luocdo"
CUT = 0.6  # the old edition keeps this share of the lines of the files it cuts
CODE = ("luocdo", "loaders", "api", "ontology", "shapes", "queries")  # what the CLI runs
# The environment of every CLI process; PYTHONPATH points at the snapshot of HEAD
# (see snapshot), and lines are printed as they come (to count the files done).
ENV: dict[str, str] = {**os.environ, "PYTHONUNBUFFERED": "1"}
CODE_FOLDERS: list[Path] = [ROOT / folder for folder in CODE]


@dataclass
class Trial:
    """What one kill found."""

    number: int
    delay: float
    killed: bool = False
    finished: float | None = None  # seconds the run took, when it ended before the kill
    done: int = 0  # files the killed run reported done
    old: int = 0  # graphs found in their baseline version (and changed by the new edition)
    new: int = 0  # graphs the killed run wrote (added, or replaced by their new version)
    stats_ok: bool = False
    problems: list[str] = field(default_factory=list)
    converged: bool | None = None


def run(args: Sequence[str], *, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LUOCDO), *args], capture_output=True, text=True,
                          timeout=timeout, check=False, env=ENV)


def ingest(store: Path, sources: Sequence[Path]) -> None:
    """An uninterrupted ``luocdo ingest``, which must reach its summary line."""
    result = run(["ingest", *map(str, sources), "--store", str(store), "--no-validate"])
    # exit 1: some file failed and the others are stored; a crash at start-up is also
    # exit 1, hence the summary line
    if result.returncode not in (0, 1) or f"; store {store}" not in result.stdout:
        raise SystemExit(f"luocdo ingest --store {store} exited {result.returncode}: "
                         f"{result.stdout[-2000:]}{result.stderr[-2000:]}")


def snapshot(work: Path) -> Path:
    """The code committed at HEAD, laid out as installed (one ``luocdo`` package).

    Others commit to the working tree while this runs; the installed CLI then
    runs this snapshot (PYTHONPATH comes before the editable install's finder).
    """
    folder = work / "code"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", *CODE],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    for name in CODE[1:]:
        (folder / name).rename(folder / "luocdo" / name)
    return folder


def old_edition(work: Path, sources: Sequence[Path]) -> list[Path]:
    """Copies of ``sources`` under the same names, every other corpus file cut short."""
    out = []
    for source in sources:
        target = work / "old" / source.name
        target.mkdir(parents=True)
        for n, path in enumerate(sorted(p for p in source.iterdir() if p.is_file())):
            if source.name == "corpus" and path.suffix == ".txt" and n % 2 == 0:
                lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
                (target / path.name).write_text("".join(lines[:int(len(lines) * CUT)]),
                                                encoding="utf-8")
            else:
                shutil.copy2(path, target / path.name)
        out.append(target)
    return out


def graph_hashes(store: Store) -> dict[str, str]:
    """Each named graph's sha256 over its sorted N-Quads lines."""
    hashes = {}
    for iri in store.graphs():
        lines = sorted(str(q) for q in store.graph_quads(iri))
        hashes[iri] = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return hashes


def merge_problem(store: Store) -> str | None:
    """Why the default graph is not the merge of the named graphs, or None."""
    inner = store.inner
    merged = {q.triple for q in inner.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    named = {q.triple for q in inner if not isinstance(q.graph_name, ox.DefaultGraph)}
    if merged == named:
        return None
    return (f"the default graph is not the merge: {len(named - merged)} triples missing, "
            f"{len(merged - named)} extra")


def dump_hash(path: Path) -> str:
    with Store.open(path, read_only=True) as store:
        return hashlib.sha256(store.dump()).hexdigest()


def check(path: Path, before: dict[str, str], clean: dict[str, str], trial: Trial,
          *, read_only: bool) -> None:
    """The checks of step 2 on the store at ``path``; problems go to ``trial.problems``."""
    view = "read-only" if read_only else "read-write"
    with Store.open(path, read_only=read_only) as store:
        found = graph_hashes(store)
        merge = merge_problem(store)
    if merge:
        trial.problems.append(f"{view}: {merge}")
    old = new = 0
    for iri, digest in found.items():
        if digest == before.get(iri):
            old += int(iri in clean and clean[iri] != digest)
        elif digest == clean.get(iri):
            new += 1
        else:
            trial.problems.append(f"{view}: <{iri}> is neither its old nor its new version")
    for iri, digest in before.items():
        if iri not in found:
            trial.problems.append(f"{view}: <{iri}>, stored before the run, is gone")
        elif iri not in clean and found[iri] != digest:
            trial.problems.append(f"{view}: <{iri}>, not in the files ingested, changed")
    if read_only:
        trial.old, trial.new = old, new


def kill_during_ingest(store: Path, sources: Sequence[Path], delay: float, trial: Trial) -> None:
    """Start ``luocdo ingest`` on ``store`` and SIGKILL it ``delay`` seconds later."""
    process = subprocess.Popen(
        [str(LUOCDO), "ingest", *map(str, sources), "--store", str(store), "--no-validate"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    started = time.monotonic()
    try:
        process.wait(timeout=delay)
        trial.finished = time.monotonic() - started
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        trial.killed = True
    out, _ = process.communicate(timeout=60)
    marks = ("+ added", "~ replaced", "= unchanged", "≡ duplicate", "✗ failed")
    trial.done = sum(1 for line in out.splitlines() if line.startswith(marks))


def first_file_time(store: Path, sources: Sequence[Path]) -> tuple[float, float]:
    """Seconds until an uninterrupted run reports its first file, and until it ends."""
    started = time.monotonic()
    process = subprocess.Popen(
        [str(LUOCDO), "ingest", *map(str, sources), "--store", str(store), "--no-validate"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV)
    assert process.stdout is not None
    process.stdout.readline()
    first = time.monotonic() - started
    process.communicate(timeout=900)
    return first, time.monotonic() - started


@dataclass(frozen=True)
class Expected:
    """What the checks compare with, for the code the CLI runs now."""

    code: str  # fingerprint of the code (see code_fingerprint)
    clean: dict[str, str]  # graph hashes of a clean ingest of the new edition
    reference: str  # hash of the whole reference store
    first: float  # seconds until an uninterrupted run stores its first file
    whole: float  # seconds of an uninterrupted run


def code_fingerprint() -> str:
    """A hash of the code and data the installed CLI runs (an editable install: the tree).

    Other people commit to this working tree while the test runs; a run of
    the CLI before and one after a change of the extraction write different
    graphs, which is no fault of the store. The script rebuilds what it
    expects when the fingerprint changes, and discards a trial it changed under.
    """
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode("utf-8"))
                digest.update(path.read_bytes())
    return digest.hexdigest()


def expect(work: Path, baseline: Path, sources: Sequence[Path]) -> Expected:
    """Build the target and reference stores with the code as it is now."""
    code = code_fingerprint()
    target, reference = work / "target", work / "reference"
    for old in (target, reference):
        shutil.rmtree(old, ignore_errors=True)
    ingest(target, sources)
    shutil.copytree(baseline, reference)
    first, whole = first_file_time(reference, sources)
    with Store.open(target, read_only=True) as store:
        clean = graph_hashes(store)
    return Expected(code=code, clean=clean, reference=dump_hash(reference),
                    first=first, whole=whole)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="number of kill -9 (default 20)")
    parser.add_argument("--seed", type=int, default=11, help="seed of the kill moments")
    parser.add_argument("--converge", choices=("each", "last"), default="each",
                        help="re-ingest to the end after each kill (default) or the last")
    parser.add_argument("--work", type=Path, help="work folder (kept; default: a temporary one)")
    parser.add_argument("--code", choices=("head", "tree"), default="head",
                        help="run the code committed at HEAD (default: a snapshot) or the "
                             "working tree as it is (trials it changes under are repeated)")
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="folder holding seeds/ and corpus/ (default ../shared)")
    args = parser.parse_args(argv)

    started = time.monotonic()
    sources = [args.shared / "seeds", args.shared / "corpus"]
    for source in sources:
        if not source.is_dir():
            print(f"{source}: no such folder", file=sys.stderr)
            return 2
    keep = args.work is not None
    work = args.work or Path(tempfile.mkdtemp(prefix="luocdo-crash-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.code == "head":
            code = snapshot(work)
            ENV["PYTHONPATH"] = str(code)
            CODE_FOLDERS[:] = [code]
        baseline = work / "baseline"
        ingest(baseline, old_edition(work, sources))
        with Store.open(baseline, read_only=True) as store:
            before = graph_hashes(store)
        expected = expect(work, baseline, sources)
        clean = expected.clean
        changed = sum(1 for g in before if g in clean and clean[g] != before[g])
        to_write = sum(1 for g in clean if clean[g] != before.get(g))
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=False).stdout.strip()
        print(f"code: {'HEAD ' + head if args.code == 'head' else 'the working tree'}; "
              f"CLI {LUOCDO}")
        print(f"files: {', '.join(map(str, sources))} (new edition); old edition: every other "
              f"corpus file cut to {CUT:.0%} of its lines")
        print(f"baseline: {len(before)} graphs, {changed} of them changed by the new edition, "
              f"{len(set(before) - set(clean))} only in the baseline; new edition: "
              f"{len(clean)} graphs, {len(set(clean) - set(before))} new")
        print(f"an uninterrupted ingest: first file stored after {expected.first:.2f} s, "
              f"end after {expected.whole:.2f} s; kill moments drawn uniformly from "
              f"[{max(expected.first - 0.3, 0):.2f}, {expected.whole:.2f}] s, seed {args.seed}",
              flush=True)

        rng = random.Random(args.seed)
        end = expected.whole  # the window's end: shortened when a run ends before its kill
        trials: list[Trial] = []
        attempts = 0
        while sum(t.killed for t in trials) < args.kills and attempts < args.kills * 5:
            attempts += 1
            if code_fingerprint() != expected.code:
                print("the code changed in the working tree: expected stores rebuilt", flush=True)
                expected = expect(work, baseline, sources)
                end = expected.whole
            trial = Trial(number=len(trials) + 1,
                          delay=rng.uniform(max(expected.first - 0.3, 0.0), end))
            copy = work / "trial"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(baseline, copy)
            kill_during_ingest(copy, sources, trial.delay, trial)
            if trial.finished is not None:  # the machine is faster now than when timed
                end = max(trial.finished, expected.first + 1.0)
            trial.stats_ok = run(["stats", "--store", str(copy)]).returncode == 0
            check(copy, before, expected.clean, trial, read_only=True)
            check(copy, before, expected.clean, trial, read_only=False)
            last = sum(t.killed for t in trials) + trial.killed == args.kills
            if args.converge == "each" or last:
                ingest(copy, sources)
                trial.converged = dump_hash(copy) == expected.reference
            if code_fingerprint() != expected.code:
                print(f"trial {trial.number:2}  the code changed during the trial: not counted",
                      flush=True)
                continue
            trials.append(trial)
            print(report_line(trial, to_write=to_write, to_replace=changed), flush=True)
            for problem in trial.problems[:10]:
                print(f"    {problem}")
        return summary(trials, started)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def report_line(trial: Trial, *, to_write: int, to_replace: int) -> str:
    kill = (f"kill -9 at {trial.delay:5.2f} s" if trial.killed
            else f"ended at {trial.finished or 0:5.2f} s, before its kill at {trial.delay:.2f} s")
    converged = {None: "-", True: "ok", False: "FAILED"}[trial.converged]
    return (f"trial {trial.number:2}  {kill}  files reported done {trial.done:2}  "
            f"graphs: {trial.new:2} of {to_write} written, {trial.old:2} of {to_replace} "
            f"to replace still old  stats {'ok' if trial.stats_ok else 'FAILED'}  "
            f"checks {'ok' if not trial.problems else f'{len(trial.problems)} FAILED'}  "
            f"converged {converged}")


def summary(trials: list[Trial], started: float) -> int:
    killed = [t for t in trials if t.killed]
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (self_usage.ru_utime + self_usage.ru_stime + children.ru_utime + children.ru_stime)
    converged = [t for t in trials if t.converged is not None]
    failed = [t for t in trials if not t.stats_ok or t.problems or t.converged is False]
    done = [t.done for t in killed] or [0]
    print(f"{len(killed)} kills ({len(trials) - len(killed)} runs finished first): "
          f"stats ok {sum(t.stats_ok for t in trials)}/{len(trials)}, "
          f"checks ok {sum(not t.problems for t in trials)}/{len(trials)}, "
          f"converged {sum(bool(t.converged) for t in converged)}/{len(converged)}; "
          f"files done at the kill: min {min(done)}, median {statistics.median(done):g}, "
          f"max {max(done)}; {sum(1 for t in killed if t.old and t.new)} kills stopped the run "
          "half-way (some documents old, others new)")
    print(f"wall {time.monotonic() - started:.1f} s, CPU {cpu:.1f} s (this process and its "
          "children)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
