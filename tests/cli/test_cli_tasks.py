"""``luocdo tasks``: what is due or late on a day, on a store of the two seeds (issue 16).

Expected values are read from the appendix of seed 000 (Kế hoạch 2502/KH-UBND of
Tây Ninh, 08/8/2023), column "Thời gian thực hiện": row 1 "Quý III/2023", row 22
"2023", row 29 "2023 - 2025", rows 6 "Giai đoạn 2025-2030" and 12 "2025-2030", row 8
"Thực hiện từ năm 2023", rows 9 and 21 "Sau khi ...", row 30 "Hằng tháng Hằng quý",
rows 14-18 and 27 "... và các năm tiếp theo", the others "Hằng năm" (row 3 prints
none: its sub-tasks 3.1 and 3.2 are "Hằng năm"). Of its 39 prose assignments one states
a time frame: V.1's report "báo cáo định kỳ hằng năm ... trước ngày 05/12" (yearly).
Seed 002 (Đồng Nai 386/KH-UBND) prints no time frame for its tasks but the yearly report
of IV.1 ("định kỳ hàng năm trước ngày 05/12 tổng hợp, báo cáo").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luocdo.cli import app

RUNNER = CliRunner()
ANNUAL = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    store = tmp_path_factory.mktemp("tasks-store") / "store"
    result = RUNNER.invoke(app, ["ingest", str(shared_dir / "seeds"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _json(store: Path, *args: str) -> dict[str, Any]:
    result = RUNNER.invoke(app, ["tasks", *args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _numbers(rows: list[dict[str, Any]], status: str) -> list[str]:
    return [r["number"] for r in rows if r["status"] == status]


def test_overdue_in_tay_ninh_on_2025_01_01(seeds_store: Path) -> None:
    data = _json(seeds_store, "--overdue", "--as-of", "2025-01-01", "--province", "Tây Ninh")
    rows = data["tasks"]
    assert data["as_of"] == "2025-01-01" and data["overdue"] is True
    # Due before 01/01/2025: row 1 (Quý III/2023, by 30/09/2023) and row 22 (2023, by
    # 31/12/2023). Row 29 (2023 - 2025) is due 31/12/2025, rows 6 and 12 in 2030.
    overdue = [(r["number"], r["due"], r["timeframe"]) for r in rows if r["status"] == "overdue"]
    assert overdue == [("1", "2023-09-30", "Quý III/2023"), ("22", "2023-12-31", "2023")]
    assert {r["symbol"] for r in rows} == {"2502/KH-UBND"}
    # recurring and ongoing tasks follow, never overdue; nothing else is listed
    assert [r["status"] for r in rows][:2] == ["overdue", "overdue"]
    assert {r["status"] for r in rows[2:]} == {"recurring", "ongoing"}
    assert _numbers(rows, "ongoing") == ["8"]
    recurring = {r["number"]: r for r in rows if r["status"] == "recurring"}
    # 25 yearly rows (3 from 3.1, 3.2), row 30 and the yearly report of prose task V.1-1
    assert len(recurring) == 27
    assert recurring["V.1-1"]["timeframe"] == "định kỳ hằng năm"
    assert "9" not in recurring and "21" not in recurring and "29" not in recurring
    two = recurring["2"]
    assert (two["timeframe"], two["rrule"], two["rrule_start"]) == ("Hằng năm", ANNUAL,
                                                                    "2023-08-08")
    assert (two["last_due"], two["next_due"]) == ("2024-12-31", "2025-12-31")
    thirty = recurring["30"]  # "Hằng tháng Hằng quý": monthly, the finer one
    assert (thirty["last_due"], thirty["next_due"]) == ("2024-12-31", "2025-01-31")
    assert recurring["14"]["next_due"] == "2025-12-31"


def test_every_status_of_the_plan(seeds_store: Path) -> None:
    rows = _json(seeds_store, "--as-of", "2025-01-01", "--document", "2502/kh-ubnd")["tasks"]
    assert len(rows) == 73  # 34 rows of the appendix, 39 prose assignments
    assert _numbers(rows, "overdue") == ["1", "22"]
    assert _numbers(rows, "not_due") == ["29", "6", "12"]  # by due date: 2025, then 2030
    assert _numbers(rows, "after_event") == ["9", "21"]
    assert _numbers(rows, "ongoing") == ["8"]
    assert len(_numbers(rows, "recurring")) == 27  # with prose task V.1-1's yearly report
    unknown = [r for r in rows if r["status"] == "unknown"]
    assert len(unknown) == 38 and all(r["timeframe"] is None for r in unknown)


def test_the_due_day_itself_is_not_late(seeds_store: Path) -> None:
    on_the_day = _json(seeds_store, "--overdue", "--as-of", "2023-09-30")["tasks"]
    assert _numbers(on_the_day, "overdue") == []
    day_after = _json(seeds_store, "--overdue", "--as-of", "2023-10-01")["tasks"]
    assert _numbers(day_after, "overdue") == ["1"]
    # before the first 31/12 after the plan's date, a yearly task has no last due date
    first = {r["number"]: r for r in day_after if r["status"] == "recurring"}["2"]
    assert (first["last_due"], first["next_due"]) == (None, "2023-12-31")


def test_agency_and_another_province(seeds_store: Path) -> None:
    rows = _json(seeds_store, "--overdue", "--as-of", "2025-01-01",
                 "--agency", "So Khoa hoc va Cong nghe")["tasks"]
    # row 1 is led by the departments and districts as a whole, row 22 by the Sở KH&CN
    assert _numbers(rows, "overdue") == ["22"]
    assert {r["role"] for r in rows if r["status"] == "overdue"} == {"lead"}
    # Đồng Nai: nothing late; its yearly report (IV.1) follows, never overdue
    dong_nai = _json(seeds_store, "--overdue", "--as-of", "2025-01-01",
                     "--province", "Đồng Nai")["tasks"]
    assert [(r["number"], r["status"]) for r in dong_nai] == [("IV.1", "recurring")]


def test_text_and_csv(seeds_store: Path) -> None:
    text = RUNNER.invoke(app, ["tasks", "--overdue", "--as-of", "2025-01-01", "--province",
                               "Tây Ninh", "--store", str(seeds_store)])
    assert text.exit_code == 0
    assert text.stdout.startswith("Nhiệm vụ quá hạn tính đến ngày 01/01/2025\n")
    assert "quá hạn (2)" in text.stdout
    assert "2502/KH-UBND nhiệm vụ 1: hạn 30/09/2023 «Quý III/2023»" in text.stdout
    assert "định kỳ (27): không tính là quá hạn khi chưa có thông tin tiến độ" in text.stdout
    assert "nhiệm vụ 2: kỳ hạn tới 31/12/2025, kỳ trước 31/12/2024 «Hằng năm»" in text.stdout
    out = RUNNER.invoke(app, ["tasks", "--overdue", "--as-of", "2025-01-01", "--province",
                              "Tây Ninh", "--store", str(seeds_store), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["number"], r["due"]) for r in rows if r["status"] == "overdue"] == [
        ("1", "2023-09-30"), ("22", "2023-12-31")]
    assert rows[0]["rrule"] == "" and rows[0]["kind"] == "deadline"


def test_today_by_default_and_bad_dates(seeds_store: Path) -> None:
    assert _json(seeds_store, "--overdue")["as_of"] == dt.date.today().isoformat()
    bad = RUNNER.invoke(app, ["tasks", "--as-of", "2025-13-01", "--store", str(seeds_store)])
    assert bad.exit_code == 2
    assert "--as-of '2025-13-01' is not a date" in bad.output


def test_help_says_recurring_tasks_are_not_overdue() -> None:
    result = RUNNER.invoke(app, ["tasks", "--help"], terminal_width=200)
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "never overdue without progress information" in flat
    assert "listed with their next due date instead" in flat
    assert "--overdue" in flat and "--as-of" in flat and "--document" in flat
