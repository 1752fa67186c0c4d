"""Two real processes on one store: the second writer waits, then gives up with exit 2.

RocksDB lets one process at a time open a store read-write. ``luocdo ingest``
(and ``luocdo reason``) wait up to ``--wait`` seconds for the other writer and
then exit 2 with a sentence naming the store, instead of an internal error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "luocdo"


STARTED: list[subprocess.Popen[str]] = []


def luocdo(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # each summary line as soon as it is printed
    process = subprocess.Popen([str(SCRIPT), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    STARTED.append(process)
    return process


def test_a_second_writer_waits_then_gives_up_with_a_plain_sentence(
        tmp_path: Path, shared_dir: Path, seed_files: list[Path]) -> None:
    store = tmp_path / "store"
    seeds = [str(p) for p in seed_files]
    # The writer: the seeds and the corpus, then their validation, in one process.
    writer = luocdo("ingest", str(shared_dir / "seeds"), str(shared_dir / "corpus"),
                    "--store", str(store))
    try:
        assert writer.stdout is not None
        first = writer.stdout.readline()  # printed once the store is open and a file stored
        assert first.startswith("+ added"), first + (writer.stderr.read() if writer.stderr
                                                     else "")
        started = time.monotonic()
        impatient = luocdo("ingest", *seeds, "--store", str(store), "--no-validate",
                           "--wait", "1")
        reasoner = luocdo("reason", "--store", str(store), "--no-hermit", "--wait", "0")
        # a wait well beyond the writer's run, however loaded the machine is
        patient = luocdo("ingest", *seeds, "--store", str(store), "--no-validate",
                         "--wait", "900")

        out, err = impatient.communicate(timeout=120)
        assert impatient.returncode == 2, out + err
        assert writer.poll() is None, "the writer finished too early for the test to tell"
        assert time.monotonic() - started >= 1
        holder = f"another process (pid {writer.pid}: luocdo ingest {shared_dir / 'seeds'}"
        assert f"waiting up to 1 s: {holder}" in err
        assert f"error: {store}: {holder}" in err
        assert ("is writing to this store; gave up after waiting 1 s. Run the command again "
                "when that process has finished, or wait longer with --wait SECONDS.") in err
        assert "Traceback" not in err and "RocksDB" not in err and "LOCK" not in err
        assert out == ""

        out, err = reasoner.communicate(timeout=120)
        assert reasoner.returncode == 2, out + err
        assert f"error: {store}: {holder}" in err
        assert "gave up without waiting" in err

        rest, writer_err = writer.communicate(timeout=600)
        assert writer.returncode == 0, first + rest + writer_err
        out, err = patient.communicate(timeout=900)
        assert patient.returncode == 0, out + err
        assert f"waiting up to 900 s: {holder}" in err  # it came while the writer held the store
        assert "2 files: 0 added, 0 replaced, 2 unchanged, 0 duplicate, 0 failed" in out
    finally:
        for process in STARTED:
            if process.poll() is None:
                process.kill()
                process.communicate()
        STARTED.clear()
