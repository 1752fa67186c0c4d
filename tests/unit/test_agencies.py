"""Agencies: assignee cells of the seeds and the corpus split into bodies and
collectives, names expanded and scoped, every body of a document once."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.loaders import patterns
from luocdo.loaders.agencies import (
    agency_key,
    canonical_name,
    collect_agencies,
    expand_abbreviations,
    mentions,
    parse_assignees,
)
from luocdo.loaders.vietnamese import nfc
from luocdo.model import AgencyRef, Task

TN = "Tây Ninh"
DN = "Đồng Nai"


def _names(cell: str, province: str | None = TN) -> list[str]:
    """Names of the assignees, collectives marked with a leading '*'."""
    return [("*" if r.collective else "") + r.name
            for r in parse_assignees(cell, start=0, province=province)]


# Cells of seed 000's appendix (tasks 1, 9, 30, 6, 13, 5, 25), section III's prose headings,
# and cells of corpus 002's Phụ lục II.
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
        ("Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường Chất lượng)",
         ["Sở Khoa học và Công nghệ", "Chi cục Tiêu chuẩn Đo lường Chất lượng"]),
        ("Sở Nội vụ và các cơ quan liên quan;", ["Sở Nội vụ", "*Các cơ quan liên quan"]),
        ("Các đơn vị liên quan", ["*Các đơn vị liên quan"]),
        ("Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình Tây Ninh, Báo Tây Ninh",
         ["Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình Tây Ninh",
          "Báo Tây Ninh"]),
        ("Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố, các Hội, hiệp hội, liên "
         "minh HTX,....",
         ["*Các sở, ban, ngành tỉnh", "*Ủy ban nhân dân huyện, thị xã, thành phố",
          "*Các Hội, hiệp hội, liên minh hợp tác xã"]),
        ("Các sở, ban, ngành tỉnh UBND huyện, thị xã, thành phố",  # task 32: no separator
         ["*Các sở, ban, ngành tỉnh", "*Ủy ban nhân dân huyện, thị xã, thành phố"]),
        ("Liên hiệp các Hội khoa học và kỹ thuật", ["Liên hiệp các Hội Khoa học và Kỹ thuật"]),
        # commas inside one name
        ("Bộ Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội",
         ["Bộ Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"]),
    ],
)
def test_seed_cells(cell: str, names: list[str]) -> None:
    assert _names(cell) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Bộ Khoa học và Công nghệ", ["Bộ Khoa học và Công nghệ"]),
        ("Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
         ["*Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"]),
        ("Các bộ, ngành, địa phương", ["*Các bộ, ngành, địa phương"]),
        ("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ",  # row 8: no separator
         ["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]),
        ("Ban Tuyên giáo Trung ương; các bộ, ngành, địa phương; VTV, VOV, TTXVN",
         ["Ban Tuyên giáo Trung ương", "*Các bộ, ngành, địa phương", "Đài Truyền hình Việt Nam",
          "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam"]),
        ("Bộ Công an, Bộ Thông tin và Truyền thông và các bộ, ngành",
         ["Bộ Công an", "Bộ Thông tin và Truyền thông", "*Các bộ, ngành"]),
    ],
)
def test_national_cells(cell: str, names: list[str]) -> None:
    assert _names(cell, province=None) == names
    assert all(r.province is None for r in parse_assignees(cell, start=0, province=None))


def test_spans_are_absolute_and_exact() -> None:
    cell = "Sở Khoa học và Công nghệ (Trung tâm Khoa học và Công nghệ)"
    refs = parse_assignees(cell, start=1000, province=TN)
    for ref in refs:
        assert ref.start is not None and ref.end is not None
        assert cell[ref.start - 1000:ref.end - 1000] == ref.text
    # the bracketed sub-unit keeps its brackets in `text`
    assert [r.text for r in refs] == ["Sở Khoa học và Công nghệ",
                                     "(Trung tâm Khoa học và Công nghệ)"]


def test_distributed_head_keeps_the_printed_field() -> None:
    cell = "Các Sở: Khoa học và Công nghệ; Thông tin và Truyền thông"
    refs = parse_assignees(cell, start=0, province=TN)
    assert [(r.name, r.text) for r in refs] == [
        ("Sở Khoa học và Công nghệ", "Khoa học và Công nghệ"),
        ("Sở Thông tin và Truyền thông", "Thông tin và Truyền thông")]


def test_scope() -> None:
    so, bo, ubnd = parse_assignees("Sở KH&CN, Bộ Khoa học và Công nghệ, UBND tỉnh",
                                   start=0, province=TN)
    assert (so.name, so.province) == ("Sở Khoa học và Công nghệ", TN)
    assert (bo.name, bo.province) == ("Bộ Khoa học và Công nghệ", None)
    assert (ubnd.name, ubnd.province) == ("Ủy ban nhân dân tỉnh Tây Ninh", TN)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [("Sở KH&CN", "Sở Khoa học và Công nghệ"), ("Sở y tế", "Sở Y tế"),
     ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
     ("Sở Khoa học và công nghệ", "Sở Khoa học và Công nghệ"),
     ("Sở KH&CN Tây Ninh", "Sở Khoa học và Công nghệ"),
     ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
     ("Bộ Văn hóa - Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch")],
)
def test_canonical_name(printed: str, canonical: str) -> None:
    assert canonical_name(printed) == canonical


def test_keys() -> None:
    assert agency_key("Sở KH&CN", TN) == agency_key("Sở Khoa học và Công nghệ", TN)
    assert agency_key("Sở KH&CN Tây Ninh", TN) == agency_key("Sở Khoa học và Công nghệ", TN)
    assert agency_key("Sở Khoa học và Công nghệ", TN) != agency_key(
        "Sở Khoa học và Công nghệ", DN)
    assert agency_key("Sở Khoa học và Công nghệ", TN) != agency_key("Sở Nội vụ", TN)
    assert agency_key("UBND tỉnh", TN) == agency_key("Ủy ban nhân dân tỉnh Tây Ninh", TN)


def _pattern_examples() -> list[tuple[str, str, str]]:
    data = patterns.load("agencies")
    out = []
    for group in ("abbreviations", "bodies"):
        for entry in data[group]:
            for ex in entry["examples"]:
                kind = "name" if "name" in ex else "expanded"
                out.append((kind, ex["text"], ex[kind]))
    return out


@pytest.mark.parametrize(("kind", "printed", "expected"), _pattern_examples())
def test_pattern_examples(kind: str, printed: str, expected: str) -> None:
    if kind == "name":
        assert canonical_name(printed) == expected
    else:
        assert expand_abbreviations(printed) == expected


@pytest.mark.parametrize("example", patterns.load("agencies")["collective_examples"])
def test_collective_examples(example: dict) -> None:
    assert _names(example["cell"]) == example["names"]


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_parse_assignees_never_raises(text: str) -> None:
    refs = parse_assignees(text, start=7, province=TN)
    for ref in refs:
        assert ref.start is not None and ref.end is not None
        assert text[ref.start - 7:ref.end - 7] == ref.text


@given(st.lists(st.sampled_from(["Sở", "Bộ", "KH&CN", "các", "sở", ",", ";", "(", ")", " ",
                                 "UBND", "huyện", "Các Sở:", "-", "và", "Tây Ninh", "y tế"]),
                max_size=40))
@settings(max_examples=300, deadline=None)
def test_parse_assignees_on_genre_words(words: list[str]) -> None:
    text = " ".join(words)
    for ref in parse_assignees(text, start=0, province=None):
        assert text[ref.start:ref.end] == ref.text


def _text(path: Path) -> str:
    return nfc(path.read_text(encoding="utf-8"))


def test_seed_tay_ninh_bodies(seed_files: list[Path]) -> None:
    text = _text(seed_files[0])
    found = {a.name: a for a in collect_agencies(text, tasks=(), province=TN, exclude=[])}
    so = found["Sở Khoa học và Công nghệ"]
    assert (so.kind, so.province, so.collective) == ("so", TN, False)
    assert "Sở KH&CN" in so.aliases
    assert so.start is not None and so.end is not None
    assert text[so.start:so.end] in ("Sở Khoa học và Công nghệ", *so.aliases)
    bo = found["Bộ Khoa học và Công nghệ"]
    assert (bo.kind, bo.province, bo.aliases) == ("bo", None, ("Bộ KH&CN",))
    assert "UBND tỉnh" in found["Ủy ban nhân dân tỉnh Tây Ninh"].aliases
    assert found["Đài Phát thanh và Truyền hình Tây Ninh"].kind == "media"
    assert found["Liên hiệp các Hội Khoa học và Kỹ thuật"].kind == "union"
    assert found["Tỉnh ủy Tây Ninh"].kind == "party"
    for name in ("Sở Thông tin và Truyền thông", "Sở Nông nghiệp và Phát triển nông thôn",
                 "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nội vụ", "Báo Tây Ninh"):
        assert found[name].province == TN
    # once each: no two entries share a key
    keys = [agency_key(a.name, a.province) for a in found.values()]
    assert len(keys) == len(set(keys))


def test_recipients_are_not_bodies_of_the_text(seed_files: list[Path]) -> None:
    # Seed 002 names "Bộ Khoa học và Công nghệ" only in its "Nơi nhận:" list.
    text = _text(seed_files[1])
    names = {a.name for a in collect_agencies(text, tasks=(), province=DN, exclude=[])}
    assert "Bộ Khoa học và Công nghệ" not in names
    assert {"Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ", "Báo Đồng Nai",
            "Ban Tuyên giáo Tỉnh ủy", "Sở Ngoại vụ"} <= names


def _task(lead: tuple[AgencyRef, ...], coordinators: tuple[AgencyRef, ...]) -> Task:
    return Task(number="1", parent=None, group=None, group_title=None, content="x",
                lead=lead, coordinators=coordinators, timeframe=None, due=None,
                start_date=None, end_date=None, recurrence=None, product=None,
                implements=(), source="table", start=0, end=1)


def test_task_assignees_and_collectives() -> None:
    text = "Sở KH&CN | Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành phố"
    lead = parse_assignees(text[:8], start=0, province=TN)
    coord = parse_assignees(text[11:], start=11, province=TN)
    found = collect_agencies(text, tasks=(_task(lead, coord),), province=TN, exclude=[])
    assert [(a.name, a.collective, a.kind) for a in found] == [
        ("Sở Khoa học và Công nghệ", False, "so"),
        ("Các sở, ban, ngành tỉnh", True, "so"),
        ("Ủy ban nhân dân huyện, thị xã, thành phố", True, "ubnd"),
    ]
    assert found[0].aliases == ("Sở KH&CN",)


def test_exclude_is_honoured(seed_files: list[Path]) -> None:
    text = _text(seed_files[0])
    found = collect_agencies(text, tasks=(), province=TN, exclude=[(0, len(text))])
    assert found == ()


def test_every_file_runs(corpus_files: list[Path], seed_files: list[Path]) -> None:
    for path in [*corpus_files, *seed_files]:
        text = _text(path)
        for agency in collect_agencies(text, tasks=(), province=None, exclude=[]):
            assert agency.name, path.name
            assert agency.start is not None and agency.end is not None
            assert agency.end <= len(text)


def test_mentions_in_prose() -> None:
    text = ("Giao Uỷ ban nhân dân tỉnh chủ trì; Văn phòng UBND tỉnh; Ban hành kế hoạch; "
            "Số liệu do Sở Tài chính cung cấp; Tây Ban Nha; Bộ trưởng Bộ KH&CN ký.")
    found = [(r.name, r.text) for r in mentions(text, province=TN)]
    assert found == [
        ("Ủy ban nhân dân tỉnh Tây Ninh", "Uỷ ban nhân dân tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("Bộ Khoa học và Công nghệ", "Bộ KH&CN"),
    ]
