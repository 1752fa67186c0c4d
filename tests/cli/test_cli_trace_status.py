"""``luocdo trace down`` shows each task's status and the report that says so (issue 16).

The store holds seed 000 (2502/KH-UBND, Tây Ninh) and corpus 004 (402-CV/VPĐU of
25/5/2025, whose Phụ lục 1 reports on 37 tasks of Nghị quyết 71/NQ-CP, which is not
ingested). Read off the report by hand: row 7 (due "Tháng 3/2025") says "Hoàn thành";
row 5 "Hoàn thành", its result naming the letter the ministry issued (562/BKHCN-VCL);
row 3 (due "Tháng 5/2025") "Đang thực hiện"; row 25 (due "Tháng 3/2025") "Quá hạn".
Read off the seed: task 1 of 2502/KH-UBND is due "Quý III/2023", task 2 "Hằng năm"
(no single due date); no report on them is ingested.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from tests.conftest import SEED_TAY_NINH

runner = CliRunner()
CORPUS_004 = "corpus/004_cv-402-vpdu-2025-bao-cao-thuc-hien-nq57.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("status") / "store"
    result = runner.invoke(app, ["ingest", str(SEED_TAY_NINH), str(shared_dir / CORPUS_004),
                                 "--store", str(path)])
    assert result.exit_code in (0, 1), result.output  # 1: some shape not met
    return path


def trace_text(store: Path, *args: str) -> list[str]:
    result = runner.invoke(app, ["trace", "down", *args, "--store", str(store)],
                           env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def block(lines: list[str], head: str) -> list[str]:
    """The lines of the node whose line contains ``head``, up to the next node."""
    start = next(i for i, line in enumerate(lines) if head in line)
    out = [lines[start]]
    for line in lines[start + 1:]:
        if "── " in line:
            break
        out.append(line)
    return out


def status_of(lines: list[str], head: str) -> str:
    (line,) = [x for x in block(lines, head) if "trạng thái:" in x]
    return line.split("trạng thái:", 1)[1].strip()


def test_the_reported_tasks_of_71_nq_cp_with_the_report_that_says_so(store: Path) -> None:
    lines = trace_text(store, "71/NQ-CP", "--as-of", "2025-05-25")
    head = "Nhiệm vụ (mục {} của 402-CV/VPĐU)"
    # row 7's result names 71/NQ-CP itself: the task was to update the programme it holds
    assert status_of(lines, head.format(7)) == (
        "hoàn thành — theo 402-CV/VPĐU ngày 25/05/2025, mục 7: «Hoàn thành»; "
        "đã ban hành: 71/NQ-CP")
    assert status_of(lines, head.format(3)) == (
        "đang thực hiện — theo 402-CV/VPĐU ngày 25/05/2025, mục 3: «Đang thực hiện»")
    assert status_of(lines, head.format(25)) == (
        "quá hạn — theo 402-CV/VPĐU ngày 25/05/2025, mục 25: «Quá hạn»")
    # row 5: "Ngày 31/3/2025, Bộ Khoa học và Công nghệ đã ban hành Văn bản số 562/BKHCN-VCL"
    assert status_of(lines, head.format(5)) == (
        "hoàn thành — theo 402-CV/VPĐU ngày 25/05/2025, mục 5: «Hoàn thành»; "
        "đã ban hành: 562/BKHCN-VCL")
    reported = [x for x in lines if "Nhiệm vụ (mục " in x]
    assert len(reported) == 37
    # the 37 tasks of 71/NQ-CP, each once (the report's rows are no tasks of the report)
    assert lines[-1] == ("Trạng thái ngày 25/05/2025: 21 hoàn thành, 14 đang thực hiện, "
                         "2 quá hạn")


def test_a_task_under_way_is_late_once_its_due_date_has_passed(store: Path) -> None:
    lines = trace_text(store, "71/NQ-CP", "--as-of", "2025-06-15")
    assert status_of(lines, "Nhiệm vụ (mục 3 của 402-CV/VPĐU)") == (
        "quá hạn — theo 402-CV/VPĐU ngày 25/05/2025, mục 3: «Đang thực hiện»; "
        "hạn 31/05/2025 đã qua")
    assert status_of(lines, "Nhiệm vụ (mục 7 của 402-CV/VPĐU)").startswith("hoàn thành")


def test_before_the_report_only_the_due_dates_speak(store: Path) -> None:
    lines = trace_text(store, "71/NQ-CP", "--as-of", "2025-05-20")
    # with no report by the day, the tasks have no row number to be named by
    statuses = [x.split("trạng thái:", 1)[1].strip() for x in lines if "trạng thái:" in x]
    assert "quá hạn — hạn 31/03/2025 đã qua, chưa có báo cáo hoàn thành" in statuses
    assert "chưa đến hạn — hạn 31/05/2025" in statuses
    assert not any(s.startswith(("hoàn thành", "đang thực hiện")) for s in statuses)


def test_a_plan_with_no_report_overdue_and_no_information(store: Path) -> None:
    lines = trace_text(store, "2502/KH-UBND", "--as-of", "2025-01-01")
    assert status_of(lines, "Nhiệm vụ 1:") == (
        "quá hạn — hạn 30/09/2023 đã qua, chưa có báo cáo hoàn thành")
    assert status_of(lines, "Nhiệm vụ 2:") == "chưa có thông tin"


def test_json_carries_the_status_and_its_evidence(store: Path, shared_dir: Path) -> None:
    result = runner.invoke(app, ["trace", "down", "71/NQ-CP", "--as-of", "2025-05-25",
                                 "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    found = [n["status"] for n in data["nodes"]
             if n["kind"] == "task" and n["status"] and n["status"]["reported_number"] == "7"]
    assert found and all(s["status"] == "done" for s in found)
    text = (shared_dir / CORPUS_004).read_text(encoding="utf-8")
    for status in found:
        start, end = status["evidence_start"], status["evidence_end"]
        assert status["evidence_text"] == text[start:end]
        assert text[start:end].startswith("| 7. |")


def test_a_bad_day_is_bad_input(store: Path) -> None:
    result = runner.invoke(app, ["trace", "down", "71/NQ-CP", "--as-of", "2025-13-01",
                                 "--store", str(store)])
    assert result.exit_code == 2
