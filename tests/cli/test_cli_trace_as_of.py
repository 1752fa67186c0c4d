"""``luocdo trace`` says who answers today for a task given to a body the 2025
reorganization changed (issue 16), with the chain of changes and their legal basis.

Read off seed 000 (2502/KH-UBND, Tây Ninh, 2023): task 23 ("Triển khai Kế hoạch số
2383/KH-UBND … doanh nghiệp công nghệ số") is led by "Sở Thông tin và Truyền thông";
task 1 by "Các sở, ban, ngành" and "Ủy ban nhân dân huyện, thị xã, thành phố". From
1 March 2025 the provincial Sở Thông tin và Truyền thông was merged into Sở Khoa học và
Công nghệ, its press and publishing fields going to Sở Văn hóa, Thể thao và Du lịch
(a split: no single successor); from 1 July 2025 the district level ended.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from tests.cli.test_cli_trace_status import block, trace_text
from tests.conftest import SEED_TAY_NINH

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("as-of") / "store"
    result = runner.invoke(app, ["ingest", str(SEED_TAY_NINH), "--store", str(path),
                                 "--no-validate"])
    assert result.exit_code == 0, result.output
    return path


def test_a_task_of_a_merged_department_names_who_answers_on_the_day(store: Path) -> None:
    lines = block(trace_text(store, "2502/KH-UBND", "--as-of", "2026-01-01"), "Nhiệm vụ 23:")
    text = "\n".join(lines)
    assert "chủ trì: Sở Thông tin và Truyền thông" in text
    (now,) = [line for line in lines if "nay (01/01/2026)" in line]
    assert "Sở Thông tin và Truyền thông → chia theo lĩnh vực:" in now
    assert "Sở Khoa học và Công nghệ tỉnh Tây Ninh" in now
    assert "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh" in now
    (basis,) = [line for line in lines if "căn cứ:" in line]
    assert "190/2025/QH15" in basis  # the National Assembly's resolution on the Government


def test_before_the_reorganization_the_lead_stands_alone(store: Path) -> None:
    lines = block(trace_text(store, "2502/KH-UBND", "--as-of", "2025-01-01"), "Nhiệm vụ 23:")
    assert not [line for line in lines if "nay (" in line]


def test_a_district_committee_after_july_2025(store: Path) -> None:
    before = block(trace_text(store, "2502/KH-UBND", "--as-of", "2025-06-30"), "Nhiệm vụ 1:")
    after = block(trace_text(store, "2502/KH-UBND", "--as-of", "2025-07-01"), "Nhiệm vụ 1:")
    assert not [line for line in before if "Ủy ban nhân dân cấp xã" in line]
    (now,) = [line for line in after if "nay (01/07/2025)" in line]
    assert now.split("nay (01/07/2025) ", 1)[1].startswith(
        "Ủy ban nhân dân huyện, thị xã, thành phố → chia theo lĩnh vực:")
    assert "Ủy ban nhân dân cấp xã tỉnh Tây Ninh" in now


def test_json_gives_each_changed_lead_with_its_chain(store: Path) -> None:
    result = runner.invoke(app, ["trace", "down", "2502/KH-UBND", "--as-of", "2026-01-01",
                                 "--format", "json", "--store", str(store)])
    assert result.exit_code == 0, result.output
    nodes = {n["number"]: n for n in json.loads(result.stdout)["nodes"]
             if n["kind"] == "task" and n["number"]}
    (lead,) = nodes["23"]["leads_as_of"]
    assert lead["agency"] == "Sở Thông tin và Truyền thông" and lead["split"] is True
    assert {r["body"] for r in lead["responsible"]} == {
        "Sở Khoa học và Công nghệ tỉnh Tây Ninh", "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh"}
    steps = [s for r in lead["responsible"] for s in r["steps"]]
    assert {s["on"] for s in steps} == {"2025-03-01"} and all(s["basis"] for s in steps)
    # a task whose lead no change touched carries none
    assert nodes["6"]["leads"] == ["Sở Khoa học và Công nghệ"]
    assert nodes["6"]["leads_as_of"] == []
