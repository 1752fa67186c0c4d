"""Agencies: assignee cells of the seeds split into bodies and collectives, names expanded."""

from __future__ import annotations

import pytest
from luocdo.loaders.agencies import agency_key, canonical_name, parse_assignees

TN = "Tây Ninh"


def _names(cell: str, province: str | None = TN) -> list[str]:
    """Names of the assignees, collectives marked with a leading '*'."""
    return [("*" if r.collective else "") + r.name
            for r in parse_assignees(cell, start=0, province=province)]


# Cells of seed 000's appendix (tasks 1, 9, 30, 6, 13, 5, 25) and section III's prose.
@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố",
         ["*Các sở, ban, ngành tỉnh", "*Ủy ban nhân dân huyện, thị xã, thành phố"]),
        ("Sở Nông nghiệp và Phát triển nông thôn; UBND huyện, thị xã, thành phố; "
         "Sở y tế, các sở ngành liên quan",
         ["Sở Nông nghiệp và Phát triển nông thôn", "*Ủy ban nhân dân huyện, thị xã, thành phố",
          "Sở Y tế", "*Các sở ngành liên quan"]),
        ("Các Sở: Khoa học và Công nghệ; Thông tin và Truyền thông; "
         "Đài Phát thanh và Truyền hình Tây Ninh; Báo Tây Ninh",
         ["Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông",
          "Đài Phát thanh và Truyền hình Tây Ninh", "Báo Tây Ninh"]),
        ("- Các cơ quan liên quan - Các Sở: Thông tin và Truyền thông, Tài nguyên và Môi "
         "trường, Nông nghiệp và Phát triển nông thôn, y tế, Văn hóa - Thể thao và Du lịch, "
         "Công Thương,... (các tổ chức có triển khai các nhiệm vụ khoa học)",
         ["*Các cơ quan liên quan", "Sở Thông tin và Truyền thông", "Sở Tài nguyên và Môi trường",
          "Sở Nông nghiệp và Phát triển nông thôn", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch",
          "Sở Công Thương", "*Các tổ chức có triển khai các nhiệm vụ khoa học"]),
        ("Sở Khoa học và Công nghệ (Trung tâm Khoa học và Công nghệ)",
         ["Sở Khoa học và Công nghệ", "Trung tâm Khoa học và Công nghệ"]),
        ("Sở Nội vụ và các cơ quan liên quan;", ["Sở Nội vụ", "*Các cơ quan liên quan"]),
        ("Các đơn vị liên quan", ["*Các đơn vị liên quan"]),
        ("Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình Tây Ninh, Báo Tây Ninh",
         ["Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình Tây Ninh",
          "Báo Tây Ninh"]),
        ("Bộ Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội",
         ["Bộ Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"]),
    ],
)
def test_seed_cells(cell: str, names: list[str]) -> None:
    assert _names(cell) == names


def test_spans_are_absolute_and_exact() -> None:
    cell = "Sở Khoa học và Công nghệ (Trung tâm Khoa học và Công nghệ)"
    refs = parse_assignees(cell, start=1000, province=TN)
    for ref in refs:
        assert ref.start is not None and ref.end is not None
        assert cell[ref.start - 1000:ref.end - 1000] == ref.text
    assert refs[1].text == "(Trung tâm Khoa học và Công nghệ)"


def test_scope() -> None:
    sở, bộ = parse_assignees("Sở KH&CN, Bộ Khoa học và Công nghệ", start=0, province=TN)
    assert (sở.name, sở.province) == ("Sở Khoa học và Công nghệ", TN)
    assert (bộ.name, bộ.province) == ("Bộ Khoa học và Công nghệ", None)


def test_keys() -> None:
    assert canonical_name("Sở KH&CN") == canonical_name("Sở Khoa học và Công nghệ")
    assert agency_key("Sở KH&CN", TN) == agency_key("Sở Khoa học và Công nghệ", TN)
    assert agency_key("Sở Khoa học và Công nghệ", TN) != agency_key(
        "Sở Khoa học và Công nghệ", "Đồng Nai")
