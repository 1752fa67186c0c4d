"""``luocdo tasks --as-of``: who answers for each task on the day, and the whole province
after the 2025 merger (issue 16, "who is responsible now").

The store holds the two seeds and a short invented plan of Long An (below; no real
document's text). Seed 000 (Kế hoạch 2502/KH-UBND of Tây Ninh, 08/8/2023), appendix
rows checked by hand: row 17 is led by "Sở Kế hoạch và Đầu tư", row 23 by "Sở Thông tin
và Truyền thông", row 29 ("2023 - 2025") by "Sở Nông nghiệp và Phát triển nông thôn",
row 1 ("Quý III/2023") by "Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố".
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luocdo.cli import app

RUNNER = CliRunner()

# Invented: a Long An plan of 2024 whose tasks fell due before the merger.
_ROWS = (
    ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện",
     "Sản phẩm"),
    ("1", "Xây dựng cơ sở dữ liệu hồ sơ đầu tư công của tỉnh", "Sở Kế hoạch và Đầu tư",
     "Sở Tài chính", "Quý IV/2024", "Cơ sở dữ liệu"),
    ("2", "Rà soát hồ sơ đầu tư công cấp huyện", "Ủy ban nhân dân các huyện, thị xã, thành phố",
     "Sở Kế hoạch và Đầu tư", "Năm 2025", "Báo cáo"),
)
LONG_AN_PLAN = """\
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
TỈNH LONG AN | Độc lập - Tự do - Hạnh phúc |
Số: 999/KH-UBND | Long An, ngày 10 tháng 3 năm 2024 |
KẾ HOẠCH
Thí điểm số hóa hồ sơ đầu tư công trên địa bàn tỉnh năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Số hóa hồ sơ đầu tư công của tỉnh.
II. NHIỆM VỤ
Các nhiệm vụ cụ thể tại Phụ lục kèm theo.
PHỤ LỤC
""" + "".join(" | ".join(row) + " |\n" for row in _ROWS)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    root = tmp_path_factory.mktemp("as-of")
    docs = root / "docs"
    docs.mkdir()
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        shutil.copy(seed, docs / seed.name)
    (docs / "long_an_999.txt").write_text(LONG_AN_PLAN, encoding="utf-8")
    result = RUNNER.invoke(app, ["ingest", str(docs), "--store", str(root / "store")])
    assert result.exit_code == 0, result.output
    return root / "store"


def _tasks(store: Path, *args: str) -> list[dict[str, Any]]:
    result = RUNNER.invoke(app, ["tasks", *args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)["tasks"]
    return rows


def _row(rows: list[dict[str, Any]], symbol: str, number: str) -> dict[str, Any]:
    (row,) = [r for r in rows if r["symbol"] == symbol and r["number"] == number]
    return row


def _lead(row: dict[str, Any], agency: str) -> dict[str, Any]:
    (lead,) = [lead for lead in row["leads_as_of"] if lead["agency"] == agency]
    return lead


def test_tay_ninh_after_the_merger_includes_former_long_an(store: Path) -> None:
    rows = _tasks(store, "--overdue", "--as-of", "2026-01-01", "--province", "Tây Ninh")
    late = [(r["symbol"], r["number"], r["due"]) for r in rows if r["status"] == "overdue"]
    # 2502/KH-UBND rows 1 (30/09/2023), 22 (31/12/2023), 29 (31/12/2025); the Long An
    # plan's rows 1 (Quý IV/2024) and 2 (Năm 2025)
    assert late == [("2502/KH-UBND", "1", "2023-09-30"), ("2502/KH-UBND", "22", "2023-12-31"),
                    ("999/KH-UBND", "1", "2024-12-31"), ("2502/KH-UBND", "29", "2025-12-31"),
                    ("999/KH-UBND", "2", "2025-12-31")]
    assert {r["province"] for r in rows} == {"Tây Ninh", "Long An"}


def test_before_the_merger_the_provinces_stand_apart(store: Path) -> None:
    tay_ninh = _tasks(store, "--overdue", "--as-of", "2025-01-01", "--province", "Tây Ninh")
    assert {r["symbol"] for r in tay_ninh} == {"2502/KH-UBND"}
    long_an = _tasks(store, "--overdue", "--as-of", "2025-01-01", "--province", "Long An")
    assert [(r["number"], r["status"]) for r in long_an] == [("1", "overdue")]
    # nothing had been reorganized yet: no lead has a successor
    assert all(not lead["changed"] for r in tay_ninh + long_an for lead in r["leads_as_of"])
    assert all(r["responsible"] is None for r in tay_ninh + long_an)


def test_a_long_an_planning_department_task_is_now_tay_ninh_finance_s(store: Path) -> None:
    rows = _tasks(store, "--as-of", "2026-01-01", "--document", "999/KH-UBND")
    row = _row(rows, "999/KH-UBND", "1")
    assert row["responsible"] == "Sở Tài chính tỉnh Tây Ninh"
    lead = _lead(row, "Sở Kế hoạch và Đầu tư")
    assert lead["changed"] and not lead["split"]
    (now,) = lead["responsible"]
    assert [(s["on"], s["before"], s["after"]) for s in now["steps"]] == [
        ("2025-03-01", "Sở Kế hoạch và Đầu tư tỉnh Long An", "Sở Tài chính tỉnh Long An"),
        ("2025-07-01", "Sở Tài chính tỉnh Long An", "Sở Tài chính tỉnh Tây Ninh")]
    assert [b["symbol"] for b in now["steps"][1]["basis"]] == ["202/2025/QH15", "72/2025/QH15"]
    assert now["steps"][1]["basis"][0]["review"] == "not reviewed against a text in ../shared"


def test_seed_task_23_of_the_information_department_as_of_2026(store: Path) -> None:
    rows = _tasks(store, "--as-of", "2026-01-01", "--document", "2502/KH-UBND")
    row = _row(rows, "2502/KH-UBND", "23")
    lead = _lead(row, "Sở Thông tin và Truyền thông")
    assert lead["split"] and lead["changed"] and not lead["certain"]
    bodies = {r["body"]: r for r in lead["responsible"]}
    assert sorted(bodies) == ["Sở Khoa học và Công nghệ tỉnh Tây Ninh",
                              "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh"]
    assert "công nghệ số" in bodies["Sở Khoa học và Công nghệ tỉnh Tây Ninh"]["scope"]
    (step,) = bodies["Sở Khoa học và Công nghệ tỉnh Tây Ninh"]["steps"]
    assert step["on"] == "2025-03-01" and step["kind"] == "split"
    assert [b["cite"] for b in step["basis"]] == [
        "Nghị quyết số 190/2025/QH15 ngày 19/02/2025", "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025"]
    assert row["responsible"] == ("Sở Khoa học và Công nghệ tỉnh Tây Ninh | "
                                  "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh")
    # the planning department's row 17 and the agriculture department's row 29
    assert _row(rows, "2502/KH-UBND", "17")["responsible"] == "Sở Tài chính tỉnh Tây Ninh"
    assert _row(rows, "2502/KH-UBND", "29")["responsible"] == \
        "Sở Nông nghiệp và Môi trường tỉnh Tây Ninh"
    # the Sở KH&CN itself was not reorganized: no successor beside it
    assert _row(rows, "2502/KH-UBND", "22")["responsible"] is None


def test_seed_task_1_of_the_district_committees_as_of_2026(store: Path) -> None:
    rows = _tasks(store, "--as-of", "2026-01-01", "--document", "2502/KH-UBND")
    row = _row(rows, "2502/KH-UBND", "1")
    district = _lead(row, "Ủy ban nhân dân huyện, thị xã, thành phố")
    assert district["split"]
    assert sorted(r["body"] for r in district["responsible"]) == [
        "Ủy ban nhân dân cấp xã tỉnh Tây Ninh", "Ủy ban nhân dân tỉnh Tây Ninh"]
    symbols = {b["symbol"] for r in district["responsible"] for s in r["steps"]
               for b in s["basis"]}
    assert symbols == {"72/2025/QH15", "139/2025/NĐ-CP"}
    departments = _lead(row, "Các sở, ban, ngành")
    assert not departments["changed"]


def test_text_and_csv_show_who_answers_now(store: Path) -> None:
    text = RUNNER.invoke(app, ["tasks", "--as-of", "2026-01-01", "--document", "2502/KH-UBND",
                               "--store", str(store)])
    assert text.exit_code == 0, text.output
    assert ("nay (01/01/2026) Sở Thông tin và Truyền thông → chia theo lĩnh vực: "
            "Sở Khoa học và Công nghệ tỉnh Tây Ninh [") in text.stdout
    assert ("nay (01/01/2026) Sở Kế hoạch và Đầu tư → Sở Tài chính tỉnh Tây Ninh\n"
            "      qua: Sở Kế hoạch và Đầu tư tỉnh Tây Ninh → Sở Tài chính tỉnh Tây Ninh "
            "(01/03/2025)\n"
            "      căn cứ: Nghị quyết số 190/2025/QH15 ngày 19/02/2025, Nghị định số "
            "45/2025/NĐ-CP ngày 28/02/2025 (chưa đối chiếu văn bản); chưa chắc chắn") \
        in text.stdout
    out = RUNNER.invoke(app, ["tasks", "--as-of", "2026-01-01", "--document", "2502/KH-UBND",
                              "--store", str(store), "--format", "csv"])
    rows = {r["number"]: r for r in csv.DictReader(io.StringIO(out.stdout)) if r["role"] == ""}
    assert "leads_as_of" not in next(iter(rows.values()))
    assert rows["17"]["responsible"] == "Sở Tài chính tỉnh Tây Ninh"
    assert rows["22"]["responsible"] == ""


def test_an_agency_answers_for_what_it_took_over(store: Path) -> None:
    rows = _tasks(store, "--agency", "Sở Tài chính", "--province", "Tây Ninh",
                  "--as-of", "2026-01-01")
    led = sorted((r["symbol"], r["number"], r["lead"]) for r in rows if r["role"] == "lead")
    # seed 000 rows 17, 18, 25 and the prose task of III.4.2.3 (Sở Kế hoạch và Đầu tư),
    # row 26 (Sở Tài chính); the Long An plan's row 1
    assert led == [("2502/KH-UBND", "17", "Sở Kế hoạch và Đầu tư"),
                   ("2502/KH-UBND", "18", "Sở Kế hoạch và Đầu tư"),
                   ("2502/KH-UBND", "25", "Sở Kế hoạch và Đầu tư"),
                   ("2502/KH-UBND", "26", "Sở Tài chính"),
                   ("2502/KH-UBND", "III.4.2.3-1", "Sở Kế hoạch và Đầu tư"),
                   ("999/KH-UBND", "1", "Sở Kế hoạch và Đầu tư")]
    # before 1 March 2025 the finance department answers for its own tasks only
    before = _tasks(store, "--agency", "Sở Tài chính", "--province", "Tây Ninh",
                    "--as-of", "2025-01-01")
    assert sorted(r["number"] for r in before if r["role"] == "lead") == ["26"]
