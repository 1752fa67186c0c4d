"""find_tasks as the parser calls it: every real file, exclusions, implements, any input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luocdo.loaders import symbols
from luocdo.loaders.tasks import effective_exclusions, find_tasks, task_implements
from luocdo.model import Reference, Section, Task
from tests.unit.tasks_support import normalized, references


def _ref(text: str, symbol: str, relation: str = "cites") -> Reference:
    start = text.index(symbol)
    return Reference(text=symbol, start=start, end=start + len(symbol), symbol=symbol,
                     number=None, year=None, type=None, type_code=None, issuer_code=None,
                     date=None, issuer=None, relation=relation)


def test_every_real_file_gives_tasks_whose_spans_point_at_their_text(
        corpus_files: list[Path], seed_files: list[Path]) -> None:
    counts = {}
    for path in [*seed_files, *corpus_files]:
        text = normalized(path)
        tasks, warnings = find_tasks(text, province=None, references=references(text))
        assert isinstance(warnings, list)
        for task in tasks:
            assert isinstance(task, Task) and 0 <= task.start < task.end <= len(text)
            assert task.content.strip(), (path.name, task.number)
            for span in task.spans.values():
                assert text[span.start:span.end] == span.text, (path.name, task.number)
            for agency in (*task.lead, *task.coordinators):
                assert agency.name.strip()
        counts[path.name[:3]] = sum(t.source == "table" for t in tasks)
    assert counts["000"] == 34 and counts["002"] == 140 and counts["011"] == 14
    assert counts["004"] == 37


def test_an_exclusion_stops_at_the_appendix() -> None:
    # A signature block before the appendix must not hide the appendix's task table.
    text = ("V. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì theo dõi việc thực hiện kế hoạch này.\n"
            "| TM. ỦY BAN NHÂN DÂN |\nPHỤ LỤC\n"
            "TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện\n"
            "1 | Rà soát quy chế | Sở Tư pháp | Quý IV/2025\n")
    signature = text.index("| TM.")
    assert effective_exclusions(text, [(signature, len(text))]) == [
        (signature, text.index("PHỤ LỤC"))]
    tasks, _ = find_tasks(text, exclude=[(signature, len(text))])
    assert [(t.number, t.source) for t in tasks] == [("1", "table"), ("V.1", "prose")]
    tasks, _ = find_tasks(text, exclude=[(0, signature)])
    assert [t.source for t in tasks] == ["table"]


def test_section_of_a_task_comes_from_the_structure() -> None:
    text = "TT | Nội dung nhiệm vụ | Cơ quan chủ trì\n1 | Rà soát quy chế | Sở Tư pháp\n"
    units = (Section("appendix", "PHỤ LỤC", "", 0, len(text), None, "PL"),)
    tasks, _ = find_tasks(text, structure=units)
    assert tasks[0].section == "PL"


@pytest.mark.parametrize(
    ("content", "relations", "expected"),
    [
        ("Triển khai Nghị quyết 16/2021/NQ-HĐND ngày 09/12/2021 của HĐND tỉnh", {},
         ("16/2021/NQ-HĐND",)),
        ("Tham mưu ban hành Kế hoạch thay thế Kế hoạch số 431/KH-UBND",
         {"431/KH-UBND": "replaces"}, ()),
        ("Triển khai xây dựng Nghị định thay thế Nghị định 80/2020/NĐ-CP",
         {"80/2020/NĐ-CP": "replaces"}, ()),
        ("Xây dựng kế hoạch thực hiện Nghị quyết số 57-NQ/TW", {"57-NQ/TW": "implements"},
         ("57-NQ/TW",)),
        ("Đẩy mạnh hỗ trợ theo Nghị quyết số 17/2023/NQ-HĐND và Nghị quyết số 31/2023/NQ-HĐND",
         {}, ()),
        ("Đẩy mạnh triển khai thực hiện Nghị quyết số 17/2023/NQ-HĐND ngày 29/9/2023 ban hành "
         "Quy định hỗ trợ và Nghị quyết số 31/2023/NQ-HĐND", {},
         ("17/2023/NQ-HĐND", "31/2023/NQ-HĐND")),
        ("Tiếp tục triển khai Kế hoạch số 1962/KH-UBND về triển khai thực hiện Quyết định số "
         "696/QĐ-TTg", {"696/QĐ-TTg": "implements"}, ("1962/KH-UBND",)),
    ],
)
def test_task_implements(content, relations, expected) -> None:
    refs = [_ref(content, m.group(), relations.get(m.group(), "cites"))
            for m in symbols.SYMBOL_RE.finditer(content)]
    assert [symbols.from_match(m).canonical for m in symbols.SYMBOL_RE.finditer(content)] == [
        r.symbol for r in refs]
    assert task_implements(content, 0, len(content), refs) == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("| \n-.:;)(abcIVX1234567890Sở Tàichínhphốợp"
                                             "NộidungnhiệmvụCơquanchủtrìThờigian"))) | st.text())
def test_find_tasks_never_raises(text: str) -> None:
    tasks, warnings = find_tasks(text, exclude=[(0, len(text) // 2)])
    assert isinstance(tasks, tuple) and isinstance(warnings, list)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện",
    "| TT | Tên nhiệm vụ | Cơ quan chủ trì | Kết quả |", "I | Nhóm |  |  |", "1 | Việc | Sở Y tế",
    "3.1 | Việc con | Các sở, ban, ngành; UBND huyện |  | Quý III/2023", "|  | tiếp |  |",
    "III. NHIỆM VỤ, GIẢI PHÁP", "a) Sở Tài chính phối hợp Sở Nội vụ rà soát.",
    "b) Sở Y tế chủ trì, phối hợp với các cơ quan liên quan:", "- Xây dựng đề án.", "",
    "PHỤ LỤC", "Nơi nhận:", "1.2 Sở Khoa học và Công nghệ", "Điều 1. Phạm vi"]), max_size=25))
def test_find_tasks_on_shuffled_real_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    tasks, _ = find_tasks(text)
    numbers = [t.number for t in tasks if t.number]
    assert len(numbers) == len(set(numbers))
    for task in tasks:
        for span in task.spans.values():
            assert text[span.start:span.end] == span.text
