"""The look-ups a trace keeps (issue 13): once per trace, and across traces of one read-only
store while its files stay the same; never for a store that may change under them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from luocdo import identity
from luocdo import trace as tracing
from luocdo.store import Store
from tests.unit.test_trace import (
    P2502,
    Q386,
    S569,
    dong_nai_plan,
    letter,
    tay_ninh_plan,
)


def _write(folder: Path, builders: list[Any]) -> None:
    with Store.open(folder) as store:
        for b in builders:
            store.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The nodes each trace reads from the store (not from what was kept)."""
    seen: list[str] = []
    read, whole = tracing._Lookup._read, tracing._Lookup._read_whole

    def counted_read(self: tracing._Lookup, name: str, unique: list[Any],
                     *args: Any) -> Any:
        seen.extend(n.value for n in unique)
        return read(self, name, unique, *args)

    def counted_whole(self: tracing._Lookup, name: str, nodes: list[Any]) -> None:
        seen.extend(n.value for n, _ in nodes)
        whole(self, name, nodes)

    monkeypatch.setattr(tracing._Lookup, "_read", counted_read)
    monkeypatch.setattr(tracing._Lookup, "_read_whole", counted_whole)
    yield seen


def test_a_read_only_store_is_read_once_for_two_traces(tmp_path: Path,
                                                        reads: list[str]) -> None:
    _write(tmp_path / "s", [tay_ninh_plan(), dong_nai_plan(), letter()])
    with Store.open(tmp_path / "s", read_only=True) as store:
        first = tracing.trace_down(store, (str(S569),))
        assert reads and str(Q386) in first.nodes
        reads.clear()
        again = tracing.trace_down(store, (str(S569),))
        assert again.to_json() == first.to_json()
        assert reads == []
        # Another trace, half of whose look-ups were kept, is that of a fresh handle.
        up = tracing.trace_up(store, (str(P2502),))
        assert str(S569) in up.nodes
    with Store.open(tmp_path / "s", read_only=True) as fresh:
        assert tracing.trace_up(fresh, (str(P2502),)).to_json() == up.to_json()


def test_a_new_handle_on_changed_files_reads_again(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    _write(folder, [tay_ninh_plan(), letter()])
    with Store.open(folder, read_only=True) as store:
        before = tracing.trace_down(store, (str(S569),))
    assert str(Q386) not in before.nodes
    _write(folder, [dong_nai_plan()])
    with Store.open(folder, read_only=True) as store:
        after = tracing.trace_down(store, (str(S569),))
    assert str(Q386) in after.nodes


def test_nothing_is_kept_for_a_store_that_may_change(tmp_path: Path, reads: list[str]) -> None:
    with Store.open(tmp_path / "s") as store:
        for b in (tay_ninh_plan(), letter()):
            store.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)
        before = tracing.trace_down(store, (str(S569),))
        assert str(Q386) not in before.nodes
        reads.clear()
        b = dong_nai_plan()
        store.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)
        after = tracing.trace_down(store, (str(S569),))
        assert str(Q386) in after.nodes and str(S569) in reads
    memory = Store.memory()
    for b in (tay_ninh_plan(), dong_nai_plan(), letter()):
        memory.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)
    assert tracing._memo(memory) is not tracing._memo(memory)


def test_what_is_kept_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "s", [tay_ninh_plan(), dong_nai_plan(), letter()])
    monkeypatch.setattr(tracing, "_KEPT_NODES", 5)
    with Store.open(tmp_path / "s", read_only=True) as store:
        first = tracing.trace_down(store, (str(S569),))
        kept = tracing._memo(store)
        assert len(kept) == 0  # more than 5 nodes: emptied before the next trace
        assert tracing.trace_down(store, (str(S569),)).to_json() == first.to_json()


def test_a_server_worker_keeps_the_look_ups_of_the_named_trace(tmp_path: Path,
                                                                reads: list[str]) -> None:
    # the API's query worker opens the store with pyoxigraph read-only and runs named
    # queries on it: its traces keep what they read for the next ones, as the CLI's do
    import pyoxigraph as ox

    from luocdo.api.worker import _Runner

    _write(tmp_path / "s", [tay_ninh_plan(), dong_nai_plan(), letter()])
    runner = _Runner(str(tmp_path / "s"))
    job = ("named", 0, {"name": "trace_down", "params": {"document": str(S569)}})
    first = runner.run(job)
    assert first[0] == "ok" and reads
    assert isinstance(runner.store, ox.Store)
    reads.clear()
    again = runner.run(job)
    assert again == first
    assert reads == []
