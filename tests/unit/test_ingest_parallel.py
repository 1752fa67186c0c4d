"""Ingest over worker processes, in batches and with the bulk loader: the same store and
the same report as one file at a time (issue 13)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pyoxigraph as ox
import pytest

from luocdo.errors import StoreError
from luocdo.ingest import POOL_MIN_FILES, Prepared, ingest_paths, prepare
from luocdo.store import Store
from luocdo.validate import validate
from tests.conftest import SEED_TAY_NINH
from tests.unit.test_ingest import fake_converter


def _files(seed_files: list[Path], corpus_files: list[Path]) -> list[Path]:
    # the seeds and the six smallest corpus files: enough files to start the pool
    chosen = list(seed_files) + sorted(corpus_files, key=lambda p: p.stat().st_size)[:6]
    assert len(chosen) >= POOL_MIN_FILES  # else the run would not start the pool
    return chosen


def _outcome(report_files: list) -> list[tuple[str, str, str | None, int, int, dict | None]]:
    return [(Path(f.path).name, f.status, f.symbol, f.tasks, f.references, f.validation)
            for f in report_files]


def test_workers_and_bulk_loading_give_the_store_one_file_at_a_time_gives(
        tmp_path: Path, seed_files: list[Path], corpus_files: list[Path]) -> None:
    files = _files(seed_files, corpus_files)
    runs = {}
    for name, jobs, bulk in (("serial", 1, False), ("pool", 2, False), ("bulk", 2, True)):
        with Store.open(tmp_path / name) as store:
            report = ingest_paths(files, store, jobs=jobs, bulk=bulk, validate=True)
            runs[name] = (_outcome(report.files), store.quads(), store.stats())
    serial = runs["serial"]
    assert all(status == "added" for _, status, *_ in serial[0])
    assert all(validation is not None for *_, validation in serial[0])
    assert serial[2].documents == len(files)
    for name in ("pool", "bulk"):
        assert runs[name][0] == serial[0], name  # same files, statuses, counts, validation
        assert runs[name][1] == serial[1], name  # the same quads, merge included
    # no snapshot folder is left beside the store after validating in workers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bulk", "pool", "serial"]


def test_a_second_run_over_workers_finds_everything_unchanged(
        tmp_path: Path, seed_files: list[Path], corpus_files: list[Path]) -> None:
    files = _files(seed_files, corpus_files)
    with Store.open(tmp_path / "s") as store:
        ingest_paths(files, store, jobs=2)
        before = store.quads()
        again = ingest_paths(files, store, jobs=2)
        assert [f.status for f in again.files] == ["unchanged"] * len(files)
        assert store.quads() == before
    with Store.open(tmp_path / "s", read_only=True) as store:
        here, pooled = validate(store).to_json(), validate(store, jobs=2).to_json()
    for report in (here, pooled):
        report.pop("seconds", None)
    assert pooled == here
    assert len(here["documents"]) == len(files)


def test_a_prepared_file_travels_between_processes_as_it_is() -> None:
    prepared = prepare(SEED_TAY_NINH)
    assert isinstance(prepared, Prepared)
    back = pickle.loads(pickle.dumps(prepared))
    assert back.result("added") == prepared.result("added")
    assert set(back.quads) == set(prepared.quads) and len(back.quads) > 1000
    assert back.size == len(prepared.quads)
    # the merge: the same triples in the default graph
    merge = set(ox.parse(back.merge, format=ox.RdfFormat.N_TRIPLES))
    assert merge == {ox.Quad(q.subject, q.predicate, q.object) for q in back.quads}
    assert {q.graph_name for q in back.quads} == {ox.NamedNode(prepared.graph_iri)}


class _FailingBatches(Store):
    """A store whose batch writes fail, as a full disk would, for one bad graph."""

    bad = ""

    def add_serialized(self, graphs, data, *, bulk=False):  # type: ignore[no-untyped-def]
        raise StoreError("batch refused")

    def replace_quads(self, graph_iri, new):  # type: ignore[no-untyped-def]
        if graph_iri == self.bad:
            raise StoreError("disk full")
        return super().replace_quads(graph_iri, new)


def test_when_a_batch_fails_only_the_failing_document_fails(tmp_path: Path) -> None:
    for number, tasks in (("1", 2), ("2", 3), ("3", 1)):
        (tmp_path / f"{number}.txt").write_text(f"{number} {tasks}", encoding="utf-8")
    store = _FailingBatches(ox.Store())
    bad = fake_converter(tmp_path / "2.txt")
    store.bad = bad.graph_iri
    report = ingest_paths([tmp_path], store, converter=fake_converter)
    assert [(Path(f.path).name, f.status) for f in report.files] == [
        ("1.txt", "added"), ("2.txt", "failed"), ("3.txt", "added")]
    assert "disk full" in (report.files[1].error or "")
    assert str(tmp_path / "2.txt") in (report.files[1].error or "")
    assert store.graphs() == sorted([fake_converter(tmp_path / "1.txt").graph_iri,
                                     fake_converter(tmp_path / "3.txt").graph_iri])
    assert store.stats().tasks == 3


def test_add_graphs_refuses_a_graph_already_stored_and_changes_nothing() -> None:
    store = Store.memory()
    first = prepare(SEED_TAY_NINH)
    assert isinstance(first, Prepared)
    store.add_graphs([(first.graph_iri, first.quads)])
    before = store.quads()
    with pytest.raises(StoreError, match="already stored"):
        store.add_graphs([("https://example.org/new/graph", []),
                          (first.graph_iri, first.quads)])
    assert store.quads() == before


def _children(pid: int) -> set[int]:
    out = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            out.add(int(status.parent.name))
    return out


def test_workers_end_when_the_ingest_is_killed(tmp_path: Path, corpus_files: list[Path]) -> None:
    # SIGKILL gives the parent no chance to stop its pool: the workers must not go on
    # reading files (and holding the terminal's output open) after it.
    import os
    import signal
    import subprocess
    import sys
    import time

    luocdo = Path(sys.executable).with_name("luocdo")
    process = subprocess.Popen([str(luocdo), "ingest", *map(str, corpus_files), "--store",
                                str(tmp_path / "s"), "--jobs", "2", "--no-validate"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        workers |= _children(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the ingest never started its workers"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.05)
    alive = [w for w in workers if Path(f"/proc/{w}/status").exists()
             and "State:\tZ" not in Path(f"/proc/{w}/status").read_text()]
    assert alive == []
