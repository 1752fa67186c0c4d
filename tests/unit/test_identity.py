"""Identity: IRIs of documents and the nodes around them; same input, same IRI."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luocdo import identity
from luocdo.errors import InputError
from luocdo.identity import DocumentKey

ELI = "https://w3id.org/luocdo/id/eli/"


@pytest.mark.parametrize(("symbol", "year", "province", "expected"), [
    # central symbols ignore the citing province
    ("569/QĐ-TTg", 2022, "Tây Ninh", "vn/qd/2022/569/ttg"),
    ("569/QĐ-TTg", 2022, "Đồng Nai", "vn/qd/2022/569/ttg"),
    ("709/QĐ-TTG", 2024, None, "vn/qd/2024/709/ttg"),
    ("57-NQ/TW", 2024, "Tây Ninh", "vn/nq/2024/57/tw"),
    ("69-KL/TW", 2024, None, "vn/kl/2024/69/tw"),
    # local symbols take the province of their context
    ("16/2021/NQ-HĐND", None, "Tây Ninh", "vn-tay-ninh/nq/2021/16/hdnd"),
    ("16/2021/NQ-HĐND", None, "Đồng Nai", "vn-dong-nai/nq/2021/16/hdnd"),
    ("16/2021/NQ-HĐND", None, None, "vn-_/nq/2021/16/hdnd"),
    ("08-NQ/TU", 2023, "Tây Ninh", "vn-tay-ninh/nq/2023/8/tu"),
    ("2502/KH-UBND", 2023, "Tây Ninh", "vn-tay-ninh/kh/2023/2502/ubnd"),
    # the year of the symbol wins over the context's
    ("16/2021/NQ-HĐND", 2023, "Tây Ninh", "vn-tay-ninh/nq/2021/16/hdnd"),
    # no year anywhere
    ("348-KH/TU", None, "Tây Ninh", "vn-tay-ninh/kh/_/348/tu"),
    # laws, official letters, joint issuers, dotted numbers
    ("147/2025/QH15", None, None, "vn/luat/2025/147/qh15"),
    ("9387/UBND-KT", 2025, "Lào Cai", "vn-lao-cai/cv/2025/9387/ubnd-kt"),
    ("04/TTr-BKHCN-BTTTT", 2024, None, "vn/ttr/2024/4/bkhcn-btttt"),
    ("66.19/2026/NQ-CP", None, None, "vn/nq/2026/66.19/cp"),
    ("180-CTr/TU", 2024, "Tây Ninh", "vn-tay-ninh/ctr/2024/180/tu"),
])
def test_document_iri(symbol: str, year: int | None, province: str | None,
                      expected: str) -> None:
    assert str(identity.document_iri(symbol, year=year, province=province)) == ELI + expected


@pytest.mark.parametrize(("a", "b"), [
    ("348/KH-TU", "348-KH/TU"),  # Party symbol written in the state form
    ("709/QĐ-TTG", "709/QĐ-TTg"),  # code case
    ("08-NQ/TU", "8-NQ/TU"),  # leading zero
    ("569/QÐ-TTg", "569/QĐ-TTg"),  # U+00D0 for Đ
])
def test_variants_of_one_symbol_are_one_node(a: str, b: str) -> None:
    assert identity.document_iri(a, year=2023, province="Tây Ninh") == \
        identity.document_iri(b, year=2023, province="Tây Ninh")
    assert identity.symbol_key(a) == identity.symbol_key(b)


def test_symbol_key_is_folded_and_without_leading_zeros() -> None:
    assert identity.symbol_key("569/QĐ-TTg") == "569/qd-ttg"
    assert identity.symbol_key("08-NQ/TU") == "8-nq/tu"
    assert identity.symbol_key("16/2021/NQ-HĐND") == "16/2021/nq-hdnd"


def test_a_blank_number_needs_the_draft_digest() -> None:
    with pytest.raises(InputError, match="draft"):
        identity.document_iri("…/KH-UBND", year=2026, province="Lào Cai")
    iri = identity.document_iri("…/KH-UBND", year=2026, province="Lào Cai", draft="ab12" * 16)
    assert str(iri) == ELI + "vn-lao-cai/kh/2026/draft-ab12ab12ab12/ubnd"


def test_not_a_symbol_is_an_input_error_naming_it() -> None:
    with pytest.raises(InputError, match="Kế hoạch"):
        identity.document_iri("Kế hoạch", year=None, province=None)


def test_parse_document_iri() -> None:
    key = identity.parse_document_iri(ELI + "vn-tay-ninh/nq/2021/16/hdnd")
    assert key == DocumentKey("vn-tay-ninh", "nq", 2021, "16", "hdnd")
    assert identity.parse_document_iri(ELI + "vn/kh/_/348/tu").year is None


@pytest.mark.parametrize("iri", [
    ELI + "vn/qd/2022/569/ttg/task/1",
    ELI + "vn/qd/22/569/ttg",
    ELI + "vn/qd/2022/569",
    "https://example.org/eli/vn/qd/2022/569/ttg",
    ELI + "VN/qd/2022/569/ttg",
])
def test_parse_rejects_what_is_not_a_document_iri(iri: str) -> None:
    with pytest.raises(InputError):
        identity.parse_document_iri(iri)


_slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
keys = st.builds(
    DocumentKey,
    jurisdiction=st.one_of(st.just("vn"), st.just("vn-_"), _slug.map(lambda s: "vn-" + s)),
    type=st.from_regex(r"[a-z]{1,5}", fullmatch=True),
    year=st.one_of(st.none(), st.integers(1945, 2099)),
    number=st.one_of(
        st.integers(1, 99999).map(str),
        st.tuples(st.integers(1, 999), st.integers(1, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.from_regex(r"draft-[0-9a-f]{12}", fullmatch=True),
    ),
    issuer=st.one_of(st.just("_"), _slug),
)


@given(keys)
def test_parse_of_mint_is_identity(key: DocumentKey) -> None:
    assert identity.parse_document_iri(identity.key_iri(key)) == key


@given(
    number=st.integers(0, 999),  # printed numbers have at most 5 digits, zeros included
    zeros=st.integers(0, 2),
    code=st.sampled_from(["QĐ", "NQ", "KH", "CT", "CTr", "TB", "NĐ", "TT"]),
    issuer=st.sampled_from(["TTg", "CP", "UBND", "HĐND", "BKHCN", "UBND-KT"]),
    year=st.one_of(st.none(), st.integers(1990, 2030)),
    province=st.one_of(st.none(), st.sampled_from(["Tây Ninh", "Đồng Nai", "Lào Cai"])),
)
def test_symbols_round_trip_through_their_iri(number: int, zeros: int, code: str, issuer: str,
                                               year: int | None, province: str | None) -> None:
    symbol = f"{'0' * zeros}{number}/{code}-{issuer}"
    key = identity.document_key(symbol, year=year, province=province)
    iri = identity.key_iri(key)
    assert identity.parse_document_iri(iri) == key
    assert key.number == str(number)
    assert key.year == year
    # the same symbol in the same context always gives the same IRI
    assert identity.document_iri(symbol, year=year, province=province) == iri


@given(st.text(max_size=40))
def test_minting_never_crashes_on_any_text(text: str) -> None:
    with contextlib.suppress(InputError):
        identity.document_iri(text, year=2024, province="Tây Ninh")


def test_nodes_under_a_document() -> None:
    doc = identity.document_iri("2502/KH-UBND", year=2023, province="Tây Ninh")
    assert str(identity.graph_iri(doc)) == f"{doc}/graph"
    assert str(identity.task_iri(doc, "3.1")) == f"{doc}/task/3.1"
    assert str(identity.task_iri(doc, identity.prose_task_number(2))) == f"{doc}/task/p2"
    assert str(identity.group_iri(doc, "II")) == f"{doc}/group/ii"
    assert str(identity.target_iri(doc, 4)) == f"{doc}/target/4"
    assert str(identity.reporting_iri(doc, 1)) == f"{doc}/reporting/1"
    assert str(identity.citation_iri(doc, 7)) == f"{doc}/citation/7"
    assert str(identity.statement_iri(doc, 1)) == f"{doc}/statement/1"
    assert str(identity.span_iri(doc, 10, 24)) == f"{doc}/span/10-24"
    assert str(identity.section_iri(doc, "III/1/b")) == f"{doc}/section/iii/1/b"
    assert str(identity.source_iri(doc)) == f"{doc}/source"
    with pytest.raises(InputError):
        identity.span_iri(doc, 24, 10)
    with pytest.raises(InputError):
        identity.task_iri(f"{doc}/task/1", "2")  # not under a document


def test_agencies_are_one_node_per_body_and_province() -> None:
    short = identity.agency_iri("Sở KH&CN", "Tây Ninh")
    assert short == identity.agency_iri("Sở Khoa học và Công nghệ", "Tây Ninh")
    assert short == identity.agency_iri("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Tây Ninh")
    assert short != identity.agency_iri("Sở Khoa học và Công nghệ", "Đồng Nai")
    assert str(short) == "https://w3id.org/luocdo/id/agency/vn-tay-ninh/so-khoa-hoc-va-cong-nghe"
    assert str(identity.agency_iri("Thủ tướng Chính phủ", None)) == \
        "https://w3id.org/luocdo/id/agency/vn/thu-tuong-chinh-phu"


def test_collectives_and_units() -> None:
    assert str(identity.collective_iri("Các sở, ban, ngành tỉnh", "Tây Ninh")).startswith(
        "https://w3id.org/luocdo/id/collective/vn-tay-ninh/")
    assert str(identity.unit_iri(None)) == "https://w3id.org/luocdo/id/unit/vn"
    assert str(identity.unit_iri("Đồng Nai")) == "https://w3id.org/luocdo/id/unit/vn-dong-nai"
    assert identity.unit_iri_of("vn-_") is None
    assert str(identity.inferred_graph_iri()) == "https://w3id.org/luocdo/id/graph/inferred"


def test_resolve_symbol_for_lookups() -> None:
    found = identity.resolve_symbol("709/QĐ-TTG", province="Đồng Nai", year=2024)
    assert found.symbol == "709/QĐ-TTg" and found.year_known
    assert str(found.iri) == ELI + "vn/qd/2024/709/ttg"
    yearless = identity.resolve_symbol("08-NQ/TU", province="Tây Ninh")
    assert not yearless.year_known and yearless.symbol_key == "8-nq/tu"
    assert yearless.jurisdiction == "vn-tay-ninh"
    by_iri = identity.resolve_symbol(ELI + "vn/qd/2024/709/ttg", province=None)
    assert by_iri.iri == found.iri


def test_a_usually_local_code_of_a_central_body() -> None:
    # 402-CV/VPĐU of the Văn phòng Đảng ủy Chính phủ (corpus 004): VPĐU is usually a
    # province's, but this issuer is central.
    assert str(identity.document_iri("402-CV/VPĐU", year=2025, province="Hà Nội",
                                     national=True)) == ELI + "vn/cv/2025/402/vpdu"
    assert str(identity.document_iri("402-CV/VPĐU", year=2025, province="Hà Nội")) == \
        ELI + "vn-ha-noi/cv/2025/402/vpdu"
