"""A store on disk with the query fixtures, and clients of the app over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from luocdo.api.app import create_app
from luocdo.store import Store

DATA = Path(__file__).parent.parent / "queries" / "data"
# Graphs named like the W3C protocol tests' data files, each holding one triple
# about itself, so that the dataset tests can be replayed on a local store.
PROTOCOL_GRAPHS = [f"http://example.org/data{i}.rdf" for i in (1, 2, 3)]


def build_store(path: Path) -> Path:
    """A store directory holding the fixture plans and the protocol-test graphs."""
    with Store.open(path) as store:
        store.load_dataset(DATA / "plans.trig", format=ox.RdfFormat.TRIG)
        store.bulk_add(
            ox.Quad(ox.NamedNode(iri), ox.NamedNode("http://purl.org/dc/terms/title"),
                    ox.Literal(f"graph {iri[-5]}"), ox.NamedNode(iri))
            for iri in PROTOCOL_GRAPHS)
    return path


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def client(store_dir: Path) -> Iterator[TestClient]:
    """A read-only app (the default), 2 workers, 3 s time limit."""
    app = create_app(store_dir, workers=2, timeout=3.0)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """A factory of clients over a fresh copy of the store, with given options."""
    made: list[TestClient] = []

    def make(source: Path | None = None, **options: Any) -> TestClient:
        path = tmp_path / f"store{len(made)}"
        if source is not None:
            shutil.copytree(source, path)
        else:
            build_store(path)
        options.setdefault("workers", 1)
        c = TestClient(create_app(path, **options), raise_server_exceptions=False)
        c.__enter__()
        made.append(c)
        return c

    yield make
    for c in made:
        c.__exit__(None, None, None)
