"""``luocdo tasks --page-size N --after CURSOR`` on a store of the two seeds (issue 13).

Seed 000 (2502/KH-UBND) gives 73 tasks as of 2025-01-01: the 34 rows of its appendix
and 39 prose assignments (tests/cli/test_cli_tasks.py checks them against the text);
late that day in Tây Ninh are rows 1 (Quý III/2023) and 22 (2023).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luocdo.cli import app

RUNNER = CliRunner()
PLAN = ("--as-of", "2025-01-01", "--document", "2502/kh-ubnd")


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    store = tmp_path_factory.mktemp("tasks-paging") / "store"
    result = RUNNER.invoke(app, ["ingest", str(shared_dir / "seeds"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _run(store: Path, *args: str) -> Any:
    return RUNNER.invoke(app, ["tasks", *args, "--store", str(store)])


def _json(store: Path, *args: str) -> dict[str, Any]:
    result = _run(store, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("options", [PLAN, ("--overdue", "--as-of", "2025-01-01", "--province",
                                            "Tây Ninh")])
def test_pages_end_to_end_are_the_whole_list(seeds_store: Path, options: tuple[str, ...]) -> None:
    whole = _json(seeds_store, *options)
    assert "next" not in whole and "total" not in whole  # unpaged: as before
    rows: list[dict[str, Any]] = []
    after: list[str] = []
    pages = 0
    while True:
        page = _json(seeds_store, *options, "--page-size", "20", *after)
        pages += 1
        assert page["total"] == len(whole["tasks"])
        rows.extend(page["tasks"])
        if page["next"] is None:
            break
        assert len(page["tasks"]) == 20
        after = ["--after", page["next"]]
    assert rows == whole["tasks"]
    assert pages == -(-len(whole["tasks"]) // 20)


def test_the_plan_in_four_pages_of_text(seeds_store: Path) -> None:
    first = _run(seeds_store, *PLAN, "--page-size", "20")
    assert first.exit_code == 0, first.output
    last_line = first.stdout.strip().splitlines()[-1]
    assert last_line.startswith("20/73 nhiệm vụ; trang sau: --after ")
    cursor = last_line.split("--after ", 1)[1]
    second = _run(seeds_store, *PLAN, "--page-size", "60", "--after", cursor)
    assert second.exit_code == 0, second.output
    assert second.stdout.strip().splitlines()[-1] == "53/73 nhiệm vụ"  # the last page


def test_overdue_first_page_holds_rows_1_and_22(seeds_store: Path) -> None:
    page = _json(seeds_store, "--overdue", "--as-of", "2025-01-01", "--province", "Tây Ninh",
                 "--page-size", "2")
    assert [(r["status"], r["number"]) for r in page["tasks"]] == [("overdue", "1"),
                                                                    ("overdue", "22")]
    assert page["next"] is not None and page["total"] > 2


def test_csv_pages_say_the_next_cursor_on_stderr(seeds_store: Path) -> None:
    result = RUNNER.invoke(app, ["tasks", *PLAN, "--page-size", "70", "--format", "csv",
                                 "--store", str(seeds_store)])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1 + 70
    assert result.stderr.startswith("next page: --after ")


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJzb29uIiwiIiwiIiwiIiwiIiwiIiwiIl0"])
def test_a_bad_cursor_exits_2_naming_after(seeds_store: Path, cursor: str) -> None:
    result = _run(seeds_store, *PLAN, "--after", cursor)
    assert result.exit_code == 2
    assert "--after" in result.stderr and "not a cursor" in result.stderr


AGRICULTURE = ("--agency", "Sở Nông nghiệp và Phát triển nông thôn", "--as-of", "2025-01-01",
               "--document", "2502/kh-ubnd")


def test_a_role_keeps_the_department_s_rows_of_that_role(seeds_store: Path) -> None:
    """2502's appendix: Sở Nông nghiệp và Phát triển nông thôn leads rows 8 and 29 (lines
    133, 159) and is among the coordinators of rows 6 and 9 (lines 130, 134); the duties
    of its sections 2.3 and 4.2.2 (prose, numbered III.…) are its own too."""
    every = _json(seeds_store, *AGRICULTURE)["tasks"]
    lead = _json(seeds_store, *AGRICULTURE, "--role", "lead")["tasks"]
    coordinator = _json(seeds_store, *AGRICULTURE, "--role", "coordinator")["tasks"]
    assert {r["role"] for r in lead} == {"lead"} and {r["role"] for r in coordinator} == {
        "coordinator"}
    assert {r["number"] for r in lead if r["number"].isdigit()} == {"8", "29"}
    assert {r["number"] for r in coordinator} == {"6", "9"}
    assert lead == [r for r in every if r["role"] == "lead"]
    assert coordinator == [r for r in every if r["role"] == "coordinator"]
    first = _json(seeds_store, *AGRICULTURE, "--role", "lead", "--page-size", "5")
    assert first["tasks"] == lead[:5] and first["total"] == len(lead) and first["next"]


@pytest.mark.parametrize(("options", "message"), [
    (("--role", "lead"), "give --agency too"),
    (("--agency", "so tai chinh", "--role", "owner"), "'owner' is not one of"),
])
def test_a_role_without_an_agency_or_unknown_exits_2(seeds_store: Path,
                                                     options: tuple[str, ...],
                                                     message: str) -> None:
    result = _run(seeds_store, *options)
    assert result.exit_code == 2
    assert message in result.stderr
