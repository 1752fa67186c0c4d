"""Fixture stores for the named-query tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from luocdo.store import Store

DATA = Path(__file__).parent / "data"


def load_store(*names: str) -> ox.Store:
    """A memory store holding the fixture files ``names`` (TriG, one graph per document),
    with the merged default graph luocdo's store keeps."""
    store = Store.memory()
    for name in names:
        store.load_dataset(DATA / name, format=ox.RdfFormat.TRIG)
    return store.inner


@pytest.fixture(scope="session")
def fixture_store() -> Callable[..., ox.Store]:
    """A factory: ``fixture_store("plans.trig", "gaps.trig")``."""
    return load_store


@pytest.fixture(scope="session")
def plans_store() -> ox.Store:
    """The two fixture plans (Tây Ninh 2502/KH-UBND, Đồng Nai 386/KH-UBND)."""
    return load_store("plans.trig")
