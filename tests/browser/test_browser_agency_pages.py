"""The agency page reads its tasks a page at a time (issue 13): 50 rows, then the next
page from the API's cursor.

Chỉ thị 07/CT-TTg (corpus 020) gives "Ủy ban nhân dân các tỉnh, thành phố trực thuộc
Trung ương" its section 8; Nghị quyết 03/NQ-CP gives the same collective most of its
tasks. In the query's order (plan symbol, then task number) 03/NQ-CP comes first and
07/CT-TTg after it, on the last page.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from tests.browser.conftest import Visit

PROVINCES = "https://w3id.org/luocdo/id/collective/vn/uy-ban-nhan-dan-cac-tinh-thanh-pho-truc-thuoc-trung-uong"
NAME = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
TITLE = f"Nhiệm vụ của {NAME}"


def _rows(page: Any) -> list[tuple[str, str, str]]:
    table = page.get_by_role("table", name=TITLE)
    out = []
    for row in table.get_by_role("row").all()[1:]:
        cells = row.get_by_role("cell")
        out.append((cells.nth(0).inner_text(), cells.nth(2).inner_text(),
                    cells.nth(4).inner_text()))
    return out


def test_agency_page_pages_through_the_tasks_of_a_collective(visit: Visit) -> None:
    query = urllib.parse.urlencode({"agency": PROVINCES})
    with urllib.request.urlopen(f"{visit.base}/queries/tasks?{query}", timeout=30) as response:
        whole = json.loads(response.read())["rows"]
    assert len(whole) > 100  # three pages of 50
    role = {"lead": "chủ trì", "coordinator": "phối hợp"}
    expected = [(r["symbol"], r["taskNumber"] or "", role[r["role"]]) for r in whole]

    page = visit.open(f"/app/agency?{urllib.parse.urlencode({'id': PROVINCES, 'name': NAME})}")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=TITLE, level=1).is_visible()
    status = page.get_by_role("status").first.inner_text()
    assert status.startswith(f"{len(whole)} nhiệm vụ chủ trì hoặc phối hợp")
    pages = -(-len(whole) // 50)
    assert page.get_by_text(f"Trang 1/{pages}").is_visible()
    earlier = page.get_by_role("button", name="Trang trước")
    later = page.get_by_role("button", name="Trang sau")
    assert earlier.is_disabled() and later.is_enabled()
    seen = _rows(page)
    assert len(seen) == 50 and {s for s, _, _ in seen} == {"03/NQ-CP"}
    for n in range(2, pages + 1):
        later.click()
        page.get_by_text(f"Trang {n}/{pages}").wait_for()
        seen.extend(_rows(page))
    assert later.is_disabled() and earlier.is_enabled()
    assert seen == expected
    last = _rows(page)
    assert "07/CT-TTg" in {s for s, _, _ in last}
    visit.shoot("agency-ubnd-cac-tinh-last-page")
    earlier.click()
    page.get_by_text(f"Trang {pages - 1}/{pages}").wait_for()
    assert _rows(page) == expected[(pages - 2) * 50:(pages - 1) * 50]
    found = visit.axe()
    assert not found, f"axe-core, serious or critical: {found}"
