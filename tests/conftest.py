"""Shared fixtures: where the real documents are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _shared_dir() -> Path:
    env = os.environ.get("LUOCDO_SHARED")
    return Path(env) if env else REPO.parent / "shared"


SHARED = _shared_dir()
SEED_TAY_NINH = SHARED / "seeds" / "000_d593de9037b50973.txt"
SEED_DONG_NAI = SHARED / "seeds" / "002_562158e10022e258.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The folder of real documents (``../shared`` beside the checkout, or $LUOCDO_SHARED)."""
    if not SHARED.is_dir():
        pytest.fail(f"real documents not found at {SHARED}; set LUOCDO_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def corpus_files(shared_dir: Path) -> list[Path]:
    """Every document of ../shared/corpus."""
    return sorted(p for p in (shared_dir / "corpus").glob("*.txt"))


@pytest.fixture(scope="session")
def seed_files(shared_dir: Path) -> list[Path]:
    """The two seed plans."""
    return sorted((shared_dir / "seeds").glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current extraction (review before committing)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when golden files are to be rewritten."""
    return bool(request.config.getoption("--update-golden"))
