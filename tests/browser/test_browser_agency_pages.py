"""The agency page reads its tasks a page at a time (issue 13): 50 rows, then the next
page from the API's cursor; a role filter that pages from page 1 again; and a line of
counts (all, lead, coordinator, late today) from the API's totals.

Chỉ thị 07/CT-TTg (corpus 020) gives "Ủy ban nhân dân các tỉnh, thành phố trực thuộc
Trung ương" its section 8; Nghị quyết 03/NQ-CP gives the same collective most of its
tasks. In the query's order (plan symbol, then task number) 03/NQ-CP comes first and
07/CT-TTg after it, on the last page.

Seed 000 (2502/KH-UBND, Tây Ninh) gives Sở Nông nghiệp và Phát triển nông thôn ten tasks:
it leads rows 8 ("Thực hiện từ năm 2023": ongoing) and 29 ("2023 - 2025": due 31/12/2025)
of its appendix (lines 133, 159) and the five duties of section 2.3 and the one of 4.2.2
(lines 61-66, 84-85, no time frame); it coordinates rows 6 ("Giai đoạn 2025-2030": due
31/12/2030, line 130) and 9 ("Sau khi được UBND tỉnh phê duyệt Kế hoạch", line 134).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import urllib.request
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Visit

PROVINCES = "https://w3id.org/luocdo/id/collective/vn/uy-ban-nhan-dan-cac-tinh-thanh-pho-truc-thuoc-trung-uong"
NAME = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
TITLE = f"Nhiệm vụ của {NAME}"
ROLES = {"lead": "chủ trì", "coordinator": "phối hợp"}


def _unpaged(base: str, agency: str) -> list[dict[str, Any]]:
    query = urllib.parse.urlencode({"agency": agency})
    with urllib.request.urlopen(f"{base}/queries/tasks?{query}", timeout=30) as response:
        rows: list[dict[str, Any]] = json.loads(response.read())["rows"]
    return rows


def _late(row: dict[str, Any], today: str) -> bool:
    """Late today as tasks.rq's overdue_as_of counts it: a due day before today, and a
    time frame that is a deadline or an interval (or of no kind)."""
    return (bool(row["dueBy"]) and row["dueBy"] < today
            and row["timeframeKind"] in (None, "deadline", "interval"))


def _today() -> str:
    # the page takes today's date as the browser's UTC date
    return dt.datetime.now(dt.UTC).date().isoformat()


def _vi(day: str) -> str:
    year, month, date = day.split("-")
    return f"{date}/{month}/{year}"


def _rows(page: Any, title: str = TITLE) -> list[tuple[str, str, str]]:
    table = page.get_by_role("table", name=title)
    out = []
    for row in table.get_by_role("row").all()[1:]:
        cells = row.get_by_role("cell")
        out.append((cells.nth(0).inner_text(), cells.nth(2).inner_text(),
                    cells.nth(4).inner_text()))
    return out


def test_agency_page_pages_through_the_tasks_of_a_collective(visit: Visit) -> None:
    whole = _unpaged(visit.base, PROVINCES)
    assert len(whole) > 100  # three pages of 50
    expected = [(r["symbol"], r["taskNumber"] or "", ROLES[r["role"]]) for r in whole]
    today = _today()

    page = visit.open(f"/app/agency?{urllib.parse.urlencode({'id': PROVINCES, 'name': NAME})}")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=TITLE, level=1).is_visible()
    status = page.get_by_role("status").first.inner_text()
    lead = sum(r["role"] == "lead" for r in whole)
    late = sum(_late(r, today) for r in whole)
    assert status == (f"{len(whole)} nhiệm vụ: chủ trì {lead}, phối hợp {len(whole) - lead}; "
                      f"{late} quá hạn tính đến {_vi(today)}")
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


def test_the_counts_of_a_department_as_its_plan_gives_them(visit: Visit) -> None:
    agency = "https://w3id.org/luocdo/id/agency/vn-tay-ninh/so-nong-nghiep-va-phat-trien-nong-thon"
    name = "Sở Nông nghiệp và Phát triển nông thôn"
    title = f"Nhiệm vụ của {name} (Tây Ninh)"
    today = _today()
    # rows 29 and 6 of the appendix are the only ones with a due date
    late = sum(due < today for due in ("2025-12-31", "2030-12-31"))
    page = visit.open(f"/app/agency?{urllib.parse.urlencode({'id': agency, 'name': name})}")
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    assert page.get_by_role("status").first.inner_text() == (
        f"10 nhiệm vụ: chủ trì 8, phối hợp 2; {late} quá hạn tính đến {_vi(today)}")
    seen = _rows(page, title)
    assert len(seen) == 10 and page.get_by_text("Trang 1/1").is_visible()
    table = page.get_by_role("table", name=title)
    row_29 = table.get_by_role("row").filter(has_text="Xây dựng Chính sách quy định mức chi")
    assert ("quá hạn" in row_29.inner_text()) == (today > "2025-12-31")
    assert "quá hạn" not in table.get_by_role("row").filter(
        has_text="Triển khai Đề án vùng sản xuất nông nghiệp").inner_text()  # ongoing
    role = page.get_by_label("Vai trò")
    role.select_option(label="phối hợp")
    expect(table.get_by_role("row")).to_have_count(1 + 2)
    assert sorted(number for _, number, _ in _rows(page, title)) == ["6", "9"]
    assert {r for _, _, r in _rows(page, title)} == {"phối hợp"}
    role.select_option(label="chủ trì")
    expect(table.get_by_role("row")).to_have_count(1 + 8)
    led = {number for _, number, _ in _rows(page, title)}
    assert {"8", "29"} <= led and len(led) == 8
    # the counts stay those of every role
    assert page.get_by_role("status").first.inner_text().startswith("10 nhiệm vụ: chủ trì 8")


def test_the_role_filter_pages_from_page_1_again(visit: Visit) -> None:
    """Bộ Thông tin và Truyền thông leads and coordinates tasks of 03/NQ-CP and others:
    two pages of every role, one of each role alone."""
    agency = "https://w3id.org/luocdo/id/agency/vn/bo-thong-tin-va-truyen-thong"
    name = "Bộ Thông tin và Truyền thông"
    whole = _unpaged(visit.base, agency)
    expected = {role: [(r["symbol"], r["taskNumber"] or "", ROLES[r["role"]]) for r in whole
                       if r["role"] == role] for role in ROLES}
    assert 50 < len(whole) <= 100 and 0 < len(expected["coordinator"]) <= 50
    assert 0 < len(expected["lead"]) <= 50
    page = visit.open(f"/app/agency?{urllib.parse.urlencode({'id': agency, 'name': name})}")
    title = page.get_by_role("heading", level=1).first.inner_text()
    assert title.startswith(f"Nhiệm vụ của {name}")
    table = page.get_by_role("table", name=title)
    later = page.get_by_role("button", name="Trang sau")
    later.click()
    page.get_by_text("Trang 2/2").wait_for()
    role = page.get_by_label("Vai trò")
    for wanted in ("coordinator", "lead"):
        role.select_option(label=ROLES[wanted])
        page.get_by_text("Trang 1/1").wait_for()
        expect(table.get_by_role("row")).to_have_count(1 + len(expected[wanted]))
        assert _rows(page, title) == expected[wanted]
        assert later.is_disabled()
    visit.shoot("agency-bo-tttt-lead")
    role.select_option(label="Tất cả")
    page.get_by_text("Trang 1/2").wait_for()
    expect(table.get_by_role("row")).to_have_count(1 + 50)
    assert later.is_enabled()
    found = visit.axe()
    assert not found, f"axe-core, serious or critical: {found}"


def test_agency_page_pages_with_the_keyboard_alone(visit: Visit) -> None:
    # Enter on "Trang sau" draws the pager anew: the focus stays on it, and moves to
    # "Trang trước" on the last page, where "Trang sau" is disabled
    pages = -(-len(_unpaged(visit.base, PROVINCES)) // 50)
    assert pages >= 3
    page = visit.open(f"/app/agency?{urllib.parse.urlencode({'id': PROVINCES, 'name': NAME})}")
    page.wait_for_load_state("networkidle")
    later = page.get_by_role("button", name="Trang sau")
    later.focus()
    for n in range(2, pages + 1):
        page.keyboard.press("Enter")
        page.get_by_text(f"Trang {n}/{pages}").wait_for()
        focused = page.evaluate("() => document.activeElement.textContent")
        assert focused == ("Trang sau" if n < pages else "Trang trước"), (n, focused)
    page.keyboard.press("Enter")  # Trang trước, by the keyboard
    page.get_by_text(f"Trang {pages - 1}/{pages}").wait_for()
    assert page.evaluate("() => document.activeElement.textContent") == "Trang trước"
