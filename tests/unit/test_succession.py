"""Who is responsible now: the 2025 reorganization as data (issue 16).

The seed cases are read from seed 000 (Kế hoạch 2502/KH-UBND of Tây Ninh, 08/8/2023),
its appendix table (checked by hand): row 17 "Triển khai các nội dung ký kết Chương
trình hợp tác ... Vùng Đông Nam Bộ | Sở Kế hoạch và Đầu tư | ..."; row 23 "Triển khai
Kế hoạch số 2383/KH-UBND ... phát triển doanh nghiệp công nghệ số ... | Sở Thông tin và
Truyền thông | ..."; row 8 "... vùng sản xuất nông nghiệp ứng dụng công nghệ cao ... |
Sở Nông nghiệp và Phát triển nông thôn | ..."; row 1 "... | Các sở, ban, ngành tỉnh;
UBND huyện, thị xã, thành phố | ..." (the district People's Committees lead with the
departments).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest

from luocdo import identity, succession
from luocdo.loaders import parse, patterns, read
from luocdo.model import Document

SEED_000 = "seeds/000_d593de9037b50973.txt"
DAY = dt.date(2026, 1, 1)
REVIEW = {"text", "cited", succession.NOT_REVIEWED}


@functools.cache
def _seed(shared: Path) -> Document:
    return parse(read(shared / SEED_000))


def _lead(shared: Path, number: str) -> tuple[str, str | None]:
    task = next(t for t in _seed(shared).tasks if t.number == number)
    (lead,) = [a for a in task.lead if not a.collective] or task.lead[:1]
    return lead.name, lead.province


# ---------------------------------------------------------------- the data


def test_every_change_has_a_date_a_legal_basis_and_a_review_status() -> None:
    changes = succession.changes()
    assert len(changes) == 36  # 6 ministries, 6 departments, the district level, 23 provinces
    for change in changes:
        assert isinstance(change.on, dt.date), change.iri
        assert change.basis, f"{change.iri} has no legal basis"
        assert change.review in REVIEW, change.iri
        assert change.shares and all(s.name for s in change.shares), change.iri
        assert change.predecessors, change.iri
        for basis in change.basis:
            assert basis.symbol and basis.title and isinstance(basis.date, dt.date), basis.iri
            assert basis.review in REVIEW, basis.iri


def test_a_basis_or_change_said_reviewed_shows_its_evidence_and_one_not_reviewed_says_so() -> None:
    for basis in succession.legal_bases().values():
        assert bool(basis.evidence) == basis.reviewed, basis.iri
    for change in succession.changes():
        if change.review == "text":
            assert change.evidence or any(b.review == "text" for b in change.basis), change.iri
    assert succession.legal_bases()[
        "https://w3id.org/luocdo/id/succession/2025/nq-176-2025-qh15"].review == \
        "not reviewed against a text in ../shared"


def test_every_evidence_line_holds_its_key(shared_dir: Path) -> None:
    evidence = [e for b in succession.legal_bases().values() for e in b.evidence]
    evidence += [e for c in succession.changes() for e in c.evidence]
    assert len(evidence) >= 12
    for e in evidence:
        lines = (shared_dir / e.file).read_text(encoding="utf-8").splitlines()
        assert e.key in lines[e.line - 1], f"{e.file}:{e.line} lacks {e.key!r}"


def test_bases_checked_against_the_corpus_have_the_numbers_and_dates_it_prints() -> None:
    bases = {b.symbol: b for b in succession.legal_bases().values()}
    # corpus/018 line 17: "Nghị quyết số 190/2025/QH15 ngày 19 tháng 02 năm 2025"
    assert bases["190/2025/QH15"].date == dt.date(2025, 2, 19)
    # corpus/032 line 19: "Nghị định số 35/2025/NĐ-CP ngày 25 tháng 02 năm 2025"
    assert bases["35/2025/NĐ-CP"].date == dt.date(2025, 2, 25)
    # corpus/019 line 11 "số 72/2025/QH15", corpus/026 line 17 "ngày 16 tháng 6 năm 2025"
    assert bases["72/2025/QH15"].date == dt.date(2025, 6, 16)
    # corpus/018 header: "Số: 139/2025/NĐ-CP", "Hà Nội, ngày 12 tháng 6 năm 2025"
    assert bases["139/2025/NĐ-CP"].date == dt.date(2025, 6, 12)
    assert bases["72/2025/QH15"].cite() == "Luật số 72/2025/QH15 ngày 16/06/2025"


def test_split_duties_have_no_single_successor() -> None:
    splits = [c for c in succession.changes() if c.kind == "split"]
    assert {c.predecessors[0] for c in splits} == {
        "Bộ Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội",
        "Bộ Thông tin và Truyền thông", "Sở Thông tin và Truyền thông",
        "Ủy ban nhân dân cấp huyện"}
    for change in splits:
        assert len(change.shares) >= 2 and all(s.scope for s in change.shares), change.iri
        assert not change.certain, change.iri
    for change in succession.changes():
        if change.kind != "split":
            assert len(change.shares) == 1, change.iri
    answer = succession.responsible_as_of("Bộ Lao động - Thương binh và Xã hội", DAY)
    assert answer is not None and answer.split and answer.responsible is None
    assert sorted(o.body.label for o in answer.outcomes) == [
        "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ", "Bộ Y tế"]
    vocational = next(o for o in answer.outcomes if o.body.label == "Bộ Giáo dục và Đào tạo")
    assert vocational.scope == "giáo dục nghề nghiệp"


def test_the_district_pattern_recognizes_its_examples_only() -> None:
    (district,) = [c for c in succession.changes() if c.level == succession.DISTRICT]
    assert len(district.examples) == 5 and len(district.counter_examples) == 4
    for name in district.examples:
        assert succession.pattern_matches(district, name), name
    for name in district.counter_examples:
        assert not succession.pattern_matches(district, name), name


def test_province_mergers_agree_with_the_provinces_pattern_file() -> None:
    merged: dict[str, set[str]] = {}
    for item in patterns.load("provinces")["provinces"]:
        if item.get("merged_on") == "2025-07-01":
            merged.setdefault(item["merged_into"], {item["merged_into"]}).add(item["name"])
    data = {c.shares[0].name: set(c.predecessors) for c in succession.changes()
            if c.level == succession.UNIT}
    assert data == merged
    assert len(data) == 23
    # 63 provinces became 34: 23 formed by mergers, 11 unchanged
    formed_from = sum(len(v) for v in data.values())
    assert formed_from == 52 and 63 - formed_from + len(data) == 34


# ---------------------------------------------------------------- answers


def test_a_department_of_long_an_is_followed_to_the_merged_province() -> None:
    name = "Sở Kế hoạch và Đầu tư tỉnh Long An"
    before = succession.responsible_as_of(name, dt.date(2025, 2, 28))
    assert before is not None and not before.changed
    assert before.responsible == before.agency
    march = succession.responsible_as_of(name, dt.date(2025, 3, 1))
    assert march is not None and march.responsible is not None
    assert march.responsible.label == "Sở Tài chính tỉnh Long An"
    july = succession.responsible_as_of(name, dt.date(2025, 7, 1))
    assert july is not None and july.responsible is not None
    assert july.responsible.label == "Sở Tài chính tỉnh Tây Ninh"
    assert july.responsible.iri == str(identity.agency_iri("Sở Tài chính", "Tây Ninh"))
    (outcome,) = july.outcomes
    assert [(s.on, s.after.label) for s in outcome.steps] == [
        (dt.date(2025, 3, 1), "Sở Tài chính tỉnh Long An"),
        (dt.date(2025, 7, 1), "Sở Tài chính tỉnh Tây Ninh")]
    assert [b.symbol for b in outcome.steps[1].basis] == ["202/2025/QH15", "72/2025/QH15"]
    # the IRI of the document's agency gives the same answer
    by_iri = succession.responsible_as_of(
        str(identity.agency_iri("Sở KH&ĐT", "Long An")), dt.date(2025, 7, 1))
    assert by_iri is not None and by_iri.responsible == july.responsible


def test_a_ministry_merged_on_1_march_2025() -> None:
    answer = succession.responsible_as_of("Bộ Kế hoạch và Đầu tư", DAY)
    assert answer is not None and answer.responsible is not None
    assert answer.responsible.label == "Bộ Tài chính"
    assert answer.responsible.iri == str(identity.agency_iri("Bộ Tài chính", None))
    assert "176/2025/QH15" in [b.symbol for b in answer.basis]


def test_a_body_no_change_touched_answers_for_itself() -> None:
    answer = succession.responsible_as_of("Sở Khoa học và Công nghệ", DAY, province="Tây Ninh")
    assert answer is not None and not answer.changed and answer.basis == ()
    assert answer.responsible is not None
    assert answer.responsible.label == "Sở Khoa học và Công nghệ tỉnh Tây Ninh"
    assert succession.responsible_as_of("  ", DAY) is None


def test_whole_province_after_the_merger() -> None:
    assert succession.provinces_as_of("Tây Ninh", dt.date(2025, 6, 30)) == ("Tây Ninh",)
    assert succession.provinces_as_of("Tây Ninh", DAY) == ("Tây Ninh", "Long An")
    assert succession.provinces_as_of("tỉnh Long An", DAY) == ("Long An",)
    assert succession.provinces_as_of("Lâm Đồng", DAY) == ("Lâm Đồng", "Bình Thuận", "Đắk Nông")


def test_predecessors_of_a_merged_department() -> None:
    steps = succession.predecessors("Sở Tài chính", province="Tây Ninh")
    assert sorted((s.on, s.before.label) for s in steps) == [
        (dt.date(2025, 3, 1), "Sở Kế hoạch và Đầu tư tỉnh Tây Ninh"),
        (dt.date(2025, 7, 1), "Sở Tài chính tỉnh Long An")]
    # a department that ended on 1 March took over nothing when Long An joined in July
    assert succession.predecessors("Sở Thông tin và Truyền thông", province="Tây Ninh") == ()


# ---------------------------------------------------------------- 2502/KH-UBND (seed 000)


def test_seed_task_17_of_the_planning_department_is_the_finance_department_s(
        shared_dir: Path) -> None:
    name, province = _lead(shared_dir, "17")
    assert (name, province) == ("Sở Kế hoạch và Đầu tư", "Tây Ninh")
    answer = succession.responsible_as_of(name, DAY, province=province)
    assert answer is not None and answer.responsible is not None
    assert answer.responsible.label == "Sở Tài chính tỉnh Tây Ninh"
    (outcome,) = answer.outcomes
    (step,) = outcome.steps  # Tây Ninh gives its name to the new province: no second step
    assert step.on == dt.date(2025, 3, 1)
    assert [b.symbol for b in step.basis] == ["190/2025/QH15", "45/2025/NĐ-CP"]
    assert not answer.certain  # the day each province's departments started is not checked


def test_seed_task_23_of_the_information_department_is_split_by_field(
        shared_dir: Path) -> None:
    name, province = _lead(shared_dir, "23")
    assert (name, province) == ("Sở Thông tin và Truyền thông", "Tây Ninh")
    answer = succession.responsible_as_of(name, DAY, province=province)
    assert answer is not None and answer.split and answer.responsible is None
    by_body = {o.body.label: o for o in answer.outcomes}
    assert sorted(by_body) == ["Sở Khoa học và Công nghệ tỉnh Tây Ninh",
                               "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh"]
    # the task is about digital-technology businesses: the science department's field
    science = by_body["Sở Khoa học và Công nghệ tỉnh Tây Ninh"]
    assert science.scope is not None and "công nghiệp công nghệ số" in science.scope
    assert [s.on for s in science.steps] == [dt.date(2025, 3, 1)]
    assert {b.symbol for b in answer.basis} == {"190/2025/QH15", "45/2025/NĐ-CP"}


def test_seed_task_8_of_the_agriculture_department(shared_dir: Path) -> None:
    name, province = _lead(shared_dir, "8")
    assert (name, province) == ("Sở Nông nghiệp và Phát triển nông thôn", "Tây Ninh")
    answer = succession.responsible_as_of(name, DAY, province=province)
    assert answer is not None and answer.responsible is not None
    assert answer.responsible.label == "Sở Nông nghiệp và Môi trường tỉnh Tây Ninh"


def test_seed_task_1_of_the_district_committees_goes_to_communes_and_province(
        shared_dir: Path) -> None:
    task = next(t for t in _seed(shared_dir).tasks if t.number == "1")
    district = next(a for a in task.lead if a.name.startswith("Ủy ban nhân dân huyện"))
    assert district.collective and district.province == "Tây Ninh"
    before = succession.responsible_as_of(district.name, dt.date(2025, 6, 30),
                                          province=district.province)
    assert before is not None and not before.changed
    answer = succession.responsible_as_of(district.name, DAY, province=district.province)
    assert answer is not None and answer.split and answer.responsible is None
    labels = sorted(o.body.label for o in answer.outcomes)
    assert labels == ["Ủy ban nhân dân cấp xã tỉnh Tây Ninh", "Ủy ban nhân dân tỉnh Tây Ninh"]
    communes = next(o for o in answer.outcomes if o.body.collective)
    assert communes.body.iri == str(identity.collective_iri("Ủy ban nhân dân cấp xã", "Tây Ninh"))
    assert {b.symbol for b in answer.basis} == {"72/2025/QH15", "139/2025/NĐ-CP"}
    assert not answer.certain


def test_a_district_of_long_an_ends_in_the_merged_province() -> None:
    answer = succession.responsible_as_of("UBND các huyện, thị xã, thành phố", DAY,
                                          province="Long An")
    assert answer is not None
    assert sorted(o.body.label for o in answer.outcomes) == [
        "Ủy ban nhân dân cấp xã tỉnh Tây Ninh", "Ủy ban nhân dân tỉnh Tây Ninh"]
    # the district level ends first (its duties to Long An's communes), then Long An joins
    first = answer.outcomes[0].steps
    assert [s.after.province for s in first] == ["Long An", "Tây Ninh"]


@pytest.mark.parametrize("on", [dt.date(2024, 12, 31), dt.date(2025, 2, 28)])
def test_nothing_changes_before_the_reorganization(on: dt.date) -> None:
    for name in ("Bộ Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông tỉnh Tây Ninh",
                 "Ủy ban nhân dân huyện Châu Thành tỉnh Tây Ninh"):
        answer = succession.responsible_as_of(name, on)
        assert answer is not None and not answer.changed, name


# ---------------------------------------------------------------- as RDF


def test_the_graph_links_the_iris_documents_use(shared_dir: Path) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from luocdo.terms import LO, ORG, declared

    g = succession.to_graph()
    # the IRI the graph mapping gives seed 000's row 17 lead (Sở Kế hoạch và Đầu tư, Tây Ninh)
    name, province = _lead(shared_dir, "17")
    lead = identity.agency_iri(name, province)
    (event,) = g.objects(lead, ORG.changedBy)
    assert (event, RDF.type, LO.BodyMerger) in g
    assert set(g.objects(event, ORG.resultingOrganization)) == {
        identity.agency_iri("Sở Tài chính", "Tây Ninh")}
    assert {str(b) for b in g.objects(event, LO.legalBasis)} == {
        "https://w3id.org/luocdo/id/succession/2025/nd-45-2025-ndcp",
        "https://w3id.org/luocdo/id/succession/2025/nq-190-2025-qh15"}
    # a split keeps one share per body, with its field
    tttt = identity.agency_iri("Sở Thông tin và Truyền thông", "Tây Ninh")
    (split,) = g.objects(tttt, ORG.changedBy)
    assert len(set(g.objects(split, LO.share))) == 2
    # provinces: the administrative units
    (merger,) = g.subjects(ORG.originalOrganization, identity.unit_iri("Long An"))
    assert set(g.objects(merger, ORG.resultingOrganization)) == {identity.unit_iri("Tây Ninh")}
    # every term of the graph is declared in the ontology
    known = declared()
    used = {p for p in g.predicates()} | {o for o in g.objects(None, RDF.type)}
    assert {t for t in used - {RDF.type} if isinstance(t, URIRef) and t not in known} == set()


def test_former_names_of_a_receiving_body() -> None:
    assert succession.former_names("Sở Tài chính", DAY) == ("Sở Kế hoạch và Đầu tư",)
    assert succession.former_names("so tai chinh", dt.date(2025, 2, 28)) == ()
    assert set(succession.former_names("Bộ Nông nghiệp và Môi trường", DAY)) == {
        "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn"}
    # a share of a split counts: the science department took part of the information one's
    assert succession.former_names("Sở Khoa học và Công nghệ", DAY) == (
        "Sở Thông tin và Truyền thông",)
    iri = str(identity.agency_iri("Sở Tài chính", "Tây Ninh"))
    assert succession.former_names(iri, DAY) == (
        str(identity.agency_iri("Sở Kế hoạch và Đầu tư", "Tây Ninh")),)


def test_a_ministry_named_in_a_provincial_plan_stays_national() -> None:
    answer = succession.responsible_as_of("Bộ Kế hoạch và Đầu tư", DAY, province="Tây Ninh")
    assert answer is not None and answer.agency.iri == str(
        identity.agency_iri("Bộ Kế hoạch và Đầu tư", None))
    assert answer.responsible is not None and answer.responsible.label == "Bộ Tài chính"
