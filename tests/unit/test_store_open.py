"""Opening a store that another handle holds read-write: wait for it, then a plain StoreBusy."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from luocdo.errors import StoreBusy
from luocdo.store import Store, _lock_holder


def test_a_held_store_is_busy_after_the_wait(tmp_path: Path) -> None:
    path = tmp_path / "store"
    calls: list[str | None] = []
    with Store.open(path):
        started = time.monotonic()
        with pytest.raises(StoreBusy) as caught:
            Store.open(path, wait=0.4, on_wait=calls.append)
        waited = time.monotonic() - started
    assert 0.4 <= waited < 5
    assert str(caught.value) == (
        f"{path}: this process already has the store open for writing; gave up after "
        "waiting 0.4 s. Close the other handle first.")
    assert calls == ["this process, through another handle"]  # said once, not per retry


def test_without_a_wait_a_held_store_is_busy_at_once(tmp_path: Path) -> None:
    path = tmp_path / "store"
    calls: list[str | None] = []
    with Store.open(path):
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="without waiting"):
            Store.open(path, on_wait=calls.append)
        assert time.monotonic() - started < 1
    assert calls == []


def test_the_open_goes_through_once_the_holder_closes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    holder = Store.open(path)
    closer = threading.Timer(0.5, holder.close)
    closer.start()
    try:
        started = time.monotonic()
        with Store.open(path, wait=30) as store:
            assert store.stats().graphs == 0
        assert 0.4 < time.monotonic() - started < 10
    finally:
        closer.cancel()
        holder.close()


def test_a_read_only_open_does_not_wait_for_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store.open(path) as writer:
        writer.write_log({"files": []})
        with Store.open(path, read_only=True) as reader:
            assert reader.read_log() == {"files": []}


def test_the_holder_of_a_lock_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "store"
    Store.open(path).close()
    script = ("import sys, time; from luocdo.store import Store\n"
              "s = Store.open(sys.argv[1]); print('held', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", script, str(path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "held\n"
        holder = _lock_holder(path / "LOCK")
        if not Path("/proc/locks").is_file():
            assert holder is None
        else:
            assert holder is not None and holder.startswith(f"pid {child.pid}: ")
        with pytest.raises(StoreBusy) as caught:
            Store.open(path)
        assert str(caught.value).startswith(f"{path}: another process (pid {child.pid}")
        assert "is writing to this store; gave up without waiting." in str(caught.value)
    finally:
        child.kill()
        child.wait()


def test_an_ingest_with_validation_releases_the_store_when_it_ends(
        tmp_path: Path, seed_files: list[Path]) -> None:
    # A validation leaves garbage cycles that hold its frames (rdflib's SPARQL parser
    # raises pyparsing exceptions), the store handle among their locals. With the
    # collector off, only Store.close collecting them lets another process write at once
    # (the browser test's server stored nothing: 503 store_busy).
    import gc

    from typer.testing import CliRunner

    from luocdo.cli import app

    path = tmp_path / "store"
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = CliRunner().invoke(app, ["ingest", *map(str, seed_files), "--store", str(path)])
        assert result.exit_code == 0, result.output
        assert "kiểm tra 2 văn bản" in result.output  # validated: the cycles exist
        other = subprocess.run(
            [sys.executable, "-c", "from luocdo.store import Store\n"
             f"Store.open({str(path)!r}).close()\nprint('written')"],
            capture_output=True, text=True, timeout=120)
    finally:
        if was_enabled:
            gc.enable()
    assert other.stdout.strip() == "written", other.stderr[-800:]
