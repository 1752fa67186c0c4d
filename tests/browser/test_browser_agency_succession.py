"""The agency page shows who answers for the agency's duties after the 2025
reorganization, with the legal basis (issue 16). Seed 000 (2502/KH-UBND, Tây Ninh) gives
tasks to "Sở Thông tin và Truyền thông" (appendix rows 23 and 30): its duties were split
by field on 01/03/2025 between the science and the culture departments."""

from __future__ import annotations

import urllib.parse

from luocdo import identity
from tests.browser.conftest import Visit


def test_agency_page_shows_the_successors_of_a_split_department(visit: Visit) -> None:
    iri = str(identity.agency_iri("Sở Thông tin và Truyền thông", "Tây Ninh"))
    query = urllib.parse.urlencode({"id": iri, "name": "Sở Thông tin và Truyền thông"})
    page = visit.open(f"/app/agency?{query}")
    page.wait_for_load_state("networkidle")
    region = page.get_by_role("region", name="Sắp xếp tổ chức bộ máy năm 2025")
    assert region.is_visible()
    science = region.get_by_role("link", name="Sở Khoa học và Công nghệ tỉnh Tây Ninh")
    assert science.is_visible()
    assert region.get_by_role("link", name="Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh") \
        .is_visible()
    text = region.inner_text()
    assert "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025" in text
    assert "không có một cơ quan kế thừa duy nhất" in text
    # the tasks the department was given stay listed under the agency named
    title = "Nhiệm vụ của Sở Thông tin và Truyền thông (Tây Ninh)"
    rows = page.get_by_role("table", name=title).get_by_role("row").all()[1:]
    assert "23" in {r.get_by_role("cell").nth(2).inner_text() for r in rows}
    visit.shoot("agency-so-tttt-tay-ninh-succession")
    found = visit.axe()
    assert not found, f"axe-core, serious or critical: {found}"
    # a successor's own page says whose duties it took over
    science.click()
    page.wait_for_load_state("networkidle")
    took = page.get_by_role("region", name="Sắp xếp tổ chức bộ máy năm 2025")
    assert "Tiếp nhận nhiệm vụ của" in took.inner_text()
    assert took.get_by_role("link", name="Sở Thông tin và Truyền thông tỉnh Tây Ninh → Sở Khoa "
                                         "học và Công nghệ tỉnh Tây Ninh (từ 01/03/2025)") \
        .is_visible()
