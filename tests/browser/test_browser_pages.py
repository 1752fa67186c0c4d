"""The pages in a real browser, over the seeds and the corpus: what a legal officer sees.

Expected values come from the documents: 2502/KH-UBND (Tây Ninh, seed 000) has 34 tasks in
its appendix table (rows 1-32, 3.1, 3.2) and 39 assignments in its prose, and its rows 10,
11 and 21 have an empty "Sản phẩm" cell; it carries out Nghị quyết 08-NQ/TU, which is not
among the files; it cites Quyết định 569/QĐ-TTg "ngày 11/5/2022 của Thủ tướng Chính phủ".
Row 11 of its table names Sở Khoa học và Công nghệ as lead.
"""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import WRITE_TOKEN, Visit


def _no_serious_axe(visit: Visit) -> None:
    found = visit.axe()
    assert not found, f"axe-core, serious or critical: {found}"


def test_home_has_search_box_and_examples(visit: Visit) -> None:
    page = visit.open("/")
    assert page.get_by_role("heading", name="Tìm kiếm", level=1).is_visible()
    assert page.get_by_role("combobox", name="Tìm văn bản, nhiệm vụ, cơ quan").is_visible()
    assert page.get_by_role("link", name="qd 569").is_visible()
    # the documents read from files: the seeds and the corpus, 2502/KH-UBND among them
    read = page.get_by_role("region", name=re.compile(r"^Văn bản đã nạp \(\d+\)"))
    row = read.get_by_role("row").filter(has=page.get_by_role("link", name="2502/KH-UBND"))
    assert [c.inner_text() for c in row.get_by_role("cell").all()[1:4]] == [
        "Kế hoạch", "08/08/2023", "Tây Ninh"]
    visit.shoot("home")
    _no_serious_axe(visit)


def test_search_qd_569_suggests_and_finds_the_decision(visit: Visit) -> None:
    page = visit.open("/")
    box = page.get_by_role("combobox", name="Tìm văn bản, nhiệm vụ, cơ quan")
    box.press_sequentially("qd 569", delay=30)
    suggestion = page.get_by_role("option").filter(has_text="569/QĐ-TTg").first
    suggestion.wait_for()
    visit.shoot("search-suggestions")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/app/search\?q=qd"))
    page.wait_for_load_state("networkidle")
    documents = page.get_by_role("region", name=re.compile(r"^Văn bản \(\d+\)"))
    assert documents.get_by_role("link", name="Quyết định 569/QĐ-TTg").is_visible()
    visit.shoot("search-results")
    _no_serious_axe(visit)
    page.get_by_role("link", name="Quyết định 569/QĐ-TTg").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Quyết định 569/QĐ-TTg", level=1).is_visible()


def test_search_is_blind_to_diacritics_and_groups_agencies(visit: Visit) -> None:
    page = visit.open("/app/search?q=so%20khoa%20hoc%20va%20cong%20nghe")
    agencies = page.get_by_role("region", name=re.compile(r"^Cơ quan, đơn vị \(\d+\)"))
    science = agencies.get_by_role("link", name=re.compile("Sở Khoa học và Công nghệ"))
    assert science.first.is_visible()


def test_document_page_of_2502_lists_34_table_tasks_and_3_without_product(visit: Visit) -> None:
    page = visit.open("/app/document?id=2502/KH-UBND")
    assert page.get_by_role("heading", name="Kế hoạch 2502/KH-UBND", level=1).is_visible()
    assert page.get_by_text("08/08/2023", exact=True).is_visible()
    # relations grouped as the portals show them; 08-NQ/TU known only from citations
    carried = page.get_by_role("region", name="Văn bản được thực hiện (1)")
    assert carried.get_by_role("link", name="Nghị quyết 08-NQ/TU").is_visible()
    assert carried.get_by_text("chỉ biết qua trích dẫn").is_visible()
    tasks = page.get_by_role("region", name="Nhiệm vụ (73)")
    counts = "(34 trong bảng, 39 trong văn bản)"
    assert tasks.get_by_role("status").inner_text() == f"73 / 73 nhiệm vụ {counts}"
    tasks.get_by_role("combobox", name="Nguồn").select_option(label="Trong bảng")
    assert tasks.get_by_role("status").inner_text() == f"34 / 73 nhiệm vụ {counts}"
    rows = tasks.get_by_role("table").get_by_role("row")
    assert rows.count() == 1 + 34
    missing = [r.get_by_role("cell").first.inner_text() for r in rows.all()[1:]
               if "(chưa có)" in r.inner_text()]
    assert missing == ["10", "11", "21"]
    report = page.get_by_role("region", name="Kiểm tra đầy đủ")
    without = "Nhiệm vụ {} của Kế hoạch 2502/KH-UBND chưa có sản phẩm"
    report.get_by_text(without.format("10")).wait_for()
    for n in ("10", "11", "21"):
        assert report.get_by_text(without.format(n)).is_visible()
    # the targets of section II and the yearly report due to the department "trước ngày 05/12"
    goals = page.get_by_role("region", name=re.compile(r"^Chỉ tiêu \(\d+\)"))
    tfp = goals.get_by_role("row").filter(has_text="năng suất nhân tố tổng hợp (TFP)").first
    assert [c.inner_text() for c in tfp.get_by_role("cell").all()[1:3]] == ["40 %", "2025"]
    duty = page.get_by_role("region", name="Chế độ báo cáo (1)").get_by_role("row").nth(1)
    cells = [c.inner_text() for c in duty.get_by_role("cell").all()]
    assert cells[2:4] == ["Sở Khoa học và Công nghệ", "trước ngày 05/12, hằng năm"]
    visit.shoot("document-2502")
    _no_serious_axe(visit)


def test_task_table_sorts_and_filters(visit: Visit) -> None:
    page = visit.open("/app/document?id=2502/KH-UBND")
    tasks = page.get_by_role("region", name="Nhiệm vụ (73)")
    tasks.get_by_role("combobox", name="Nguồn").select_option(label="Trong bảng")
    tasks.get_by_role("button", name="Sắp xếp theo STT").click()
    first = tasks.get_by_role("table").get_by_role("row").nth(1).get_by_role("cell").first
    assert first.inner_text() == "1"
    tasks.get_by_role("button", name="Sắp xếp theo STT").click()
    assert first.inner_text() == "32"
    tasks.get_by_role("searchbox", name="Lọc nhiệm vụ").fill("he sinh thai khoi nghiep")
    numbers = [r.get_by_role("cell").first.inner_text()
               for r in tasks.get_by_role("table").get_by_role("row").all()[1:]]
    assert "10" in numbers and "11" in numbers and "1" not in numbers
    # the table's CSV link gives the file luocdo export writes, headed in Vietnamese
    href = tasks.get_by_role("link", name="CSV").get_attribute("href")
    csv = page.request.get(visit.base + href)
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Văn bản,Số TT,Nội dung nhiệm vụ,Cơ quan chủ trì")
    assert sum(line.startswith("2502/KH-UBND,") for line in lines) >= 34


def test_evidence_link_opens_the_text_at_the_quoted_words(visit: Visit) -> None:
    page = visit.open("/app/document?id=2502/KH-UBND")
    quote = "Quyết định số 569/QĐ-TTg ngày 11/5/2022 của Thủ tướng Chính phủ"
    page.get_by_role("link", name=f"«{quote}»").click()
    page.wait_for_url(re.compile(r"/app/text\?"))
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Văn bản nguồn: 2502/KH-UBND", level=1).is_visible()
    highlighted = page.locator("mark")
    assert highlighted.count() == 1
    assert highlighted.inner_text() == quote
    assert highlighted.is_visible()
    assert highlighted.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    visit.shoot("text-569-in-2502")
    _no_serious_axe(visit)


def test_trace_of_08_reaches_2502_and_the_science_department(visit: Visit) -> None:
    page = visit.open("/app/trace?id=08-NQ/TU")
    assert page.get_by_role("heading", name="Truy vết xuống từ 08-NQ/TU", level=1).is_visible()
    assert page.get_by_role("status").inner_text() == "1 văn bản, 73 nhiệm vụ"
    assert page.get_by_role("link", name="Kế hoạch 2502/KH-UBND").first.is_visible()
    page.get_by_role("button", name="Mở hết").click()
    assert page.get_by_text(re.compile("Chủ trì: Sở Khoa học và Công nghệ")).first.is_visible()
    visit.shoot("trace-08-tree")
    _no_serious_axe(visit)
    page.get_by_role("tab", name="Đồ thị").click()
    graph = page.get_by_role("img", name="Đồ thị")
    graph.locator("canvas").first.wait_for()
    page.get_by_role("tab", name="Đồ thị").scroll_into_view_if_needed()
    page.mouse.wheel(0, 330)
    page.wait_for_timeout(300)
    visit.shoot("trace-08-graph")


def test_trace_of_569_reaches_both_provinces_and_filters_by_province(visit: Visit) -> None:
    page = visit.open("/app/trace?id=569/QĐ-TTg&view=graph")
    page.get_by_role("img", name="Đồ thị").locator("canvas").first.wait_for()
    page.mouse.wheel(0, 330)
    page.wait_for_timeout(300)
    visit.shoot("trace-569-graph")
    page.get_by_role("tab", name="Cây").click()
    assert page.get_by_role("link", name="Kế hoạch 2502/KH-UBND").count() == 1
    dong_nai = re.compile(r"^Nhiệm vụ III.2.a-1 của 386.KH-UBND")
    assert page.get_by_role("link", name=dong_nai).is_visible()
    page.get_by_label("Tỉnh, thành").select_option(label="Đồng Nai")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").inner_text() == "0 văn bản, 1 nhiệm vụ"
    assert page.get_by_role("link", name="Kế hoạch 2502/KH-UBND").count() == 0


def test_trace_up_from_a_dong_nai_plan_reaches_the_politburo(visit: Visit) -> None:
    page = visit.open("/app/trace?id=386/KH-UBND&direction=up")
    for name in ("Quyết định 709/QĐ-TTg", "Kết luận 69-KL/TW", "Nghị quyết 20-NQ/TW"):
        assert page.get_by_role("link", name=name).first.is_visible()


def test_sparql_page_runs_a_query_and_shows_rows(visit: Visit) -> None:
    page = visit.open("/app/sparql")
    assert page.get_by_role("heading", name="Truy vấn SPARQL", level=1).is_visible()
    page.get_by_role("button", name="provinces").click()
    page.get_by_role("button", name="Run query").click()
    page.get_by_text(re.compile(r"\d+ results? in")).wait_for()
    table = page.get_by_role("table").last
    assert table.get_by_role("cell", name=re.compile("Tây Ninh")).first.is_visible()
    assert table.get_by_role("cell", name=re.compile("Đồng Nai")).first.is_visible()
    visit.shoot("sparql")


def test_english_switch(visit: Visit) -> None:
    page = visit.open("/app/document?id=569/QĐ-TTg")
    assert page.get_by_text("chỉ biết qua trích dẫn").first.is_visible()
    page.get_by_role("button", name="Switch to English").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Decision 569/QĐ-TTg", level=1).is_visible()
    assert page.get_by_text("11/05/2022", exact=True).is_visible()  # dates stay dd/mm/yyyy
    assert page.get_by_text("known only from citations").first.is_visible()
    page.get_by_role("button", name="Chuyển sang tiếng Việt").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Quyết định 569/QĐ-TTg", level=1).is_visible()


def test_unknown_document_says_so(visit: Visit) -> None:
    page: Any = visit.open("/app/document?id=999/QĐ-XYZ")
    assert "999/QĐ-XYZ" in page.get_by_role("alert").inner_text()
    # the browser logs the API's 404 answer itself; nothing else may be logged
    assert all("404" in e for e in visit.errors), visit.errors
    visit.errors.clear()


def test_agency_page_from_search_lists_what_the_department_leads(visit: Visit) -> None:
    page = visit.open("/app/search?q=so%20khoa%20hoc%20va%20cong%20nghe")
    agencies = page.get_by_role("region", name=re.compile(r"^Cơ quan, đơn vị \(\d+\)"))
    agencies.get_by_role("link", name="Cơ quan Sở Khoa học và Công nghệ (Tây Ninh)").click()
    page.wait_for_load_state("networkidle")
    title = "Nhiệm vụ của Sở Khoa học và Công nghệ (Tây Ninh)"
    assert page.get_by_role("heading", name=title, level=1).is_visible()
    rows = page.get_by_role("table", name=title).get_by_role("row").all()[1:]
    led = {r.get_by_role("cell").nth(2).inner_text() for r in rows
           if r.get_by_role("cell").nth(0).inner_text() == "2502/KH-UBND"
           and r.get_by_role("cell").nth(4).inner_text() == "chủ trì"}
    assert {"10", "11", "21"} <= led
    visit.shoot("agency-so-khcn-tay-ninh")
    _no_serious_axe(visit)


def test_upload_shows_the_extracted_tasks(visit: Visit, shared_dir: Any) -> None:
    page = visit.open("/app/upload")
    tay_ninh = shared_dir / "seeds" / "000_d593de9037b50973.txt"  # 2502/KH-UBND
    page.get_by_label("Tệp văn bản").set_input_files(str(tay_ninh))
    page.get_by_role("button", name="Đọc văn bản").click()
    status = page.get_by_text(re.compile("^Đã đọc: "))
    status.wait_for(timeout=30_000)
    assert status.inner_text() == "Đã đọc: 2502/KH-UBND, 73 nhiệm vụ"
    tasks = page.get_by_role("region", name="Nhiệm vụ (73)")
    row = tasks.get_by_role("row").filter(has_text="Triển khai Nghị quyết 16/2021/NQ-HĐND").first
    assert row.get_by_role("cell").first.inner_text() == "11"
    assert "Sở Khoa học và Công nghệ" in row.inner_text()
    # the text as read, with what was extracted highlighted: the resolution the plan carries
    # out (its title: "THỰC HIỆN NGHỊ QUYẾT SỐ 08-NQ/TU NGÀY 31/3/2023 CỦA TỈNH ỦY TÂY NINH")
    # and task 11's content
    text = page.get_by_role("region", name="Văn bản đã đọc")
    references = [m.inner_text() for m in text.get_by_title("Văn bản được nhắc đến").all()]
    assert any(r.startswith("NGHỊ QUYẾT SỐ 08-NQ/TU") for r in references), references[:5]
    tasks_marked = [m.inner_text() for m in text.get_by_title("Nhiệm vụ").all()]
    assert any(m.startswith("Triển khai Nghị quyết 16/2021/NQ-HĐND") for m in tasks_marked)
    visit.shoot("upload-2502")
    _no_serious_axe(visit)


def test_trace_up_from_a_task_of_the_dong_nai_plan(visit: Visit) -> None:
    # 386/KH-UBND, III.2.a: "Tổ chức thực hiện tốt Chiến lược … theo Quyết định số 569/QĐ-TTg"
    page = visit.open("/app/document?id=386/KH-UBND")
    tasks = page.get_by_role("region", name=re.compile(r"^Nhiệm vụ \(\d+\)"))
    tasks.get_by_role("searchbox", name="Lọc nhiệm vụ").fill("chien luoc 569")
    rows = tasks.get_by_role("table").get_by_role("row").all()[1:]
    assert [r.get_by_role("cell").first.inner_text() for r in rows] == ["III.2.a-1"]
    rows[0].get_by_role("link", name=re.compile("^Truy vết lên")).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Quyết định 569/QĐ-TTg").first.is_visible()
    assert page.get_by_role("link", name="Kế hoạch 386/KH-UBND").first.is_visible()


def _json(url: str) -> Any:
    import json
    import urllib.request

    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def test_gaps_page_counts_by_province_and_document(visit: Visit) -> None:
    # of the seeds and the corpus only 2502/KH-UBND is of Tây Ninh: the province's row
    # counts what the API reports for that one document
    answer = _json(f"{visit.base}/validate?document=2502/KH-UBND")["report"]
    expected = [str(answer["counts"][s]) for s in ("violation", "warning", "info")]
    assert [d["province"] for d in answer["documents"]] == ["Tây Ninh"]
    # the whole store is checked in a few seconds: the page says so meanwhile (the answer
    # is held back until the page has been seen waiting)
    held: list[Any] = []
    page = visit.page
    page.route(re.compile(r"/validate$"), lambda route: held.append(route))
    page.goto(visit.base + "/app/gaps")
    page.get_by_role("status").filter(
        has_text="Đang kiểm tra cả kho (có thể mất vài giây)…").wait_for()
    for _ in range(200):  # the held request reaches this side as an event
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    summary = page.get_by_role("status").filter(has_text=re.compile(r"^\d+ văn bản: \d+ vi phạm"))
    summary.wait_for(timeout=60_000)
    provinces = page.get_by_role(
        "region", name=re.compile(r"^Theo địa bàn \(tỉnh, thành\) \(\d+\)"))
    tay_ninh = provinces.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Tây Ninh", exact=True))
    assert [c.inner_text() for c in tay_ninh.get_by_role("cell").all()] == ["1", *expected]
    documents = page.get_by_role("region", name=re.compile(r"^Theo văn bản \(\d+\)"))
    plan = documents.get_by_role("row").filter(
        has=page.get_by_role("link", name="Kế hoạch 2502/KH-UBND", exact=True))
    assert [c.inner_text() for c in plan.get_by_role("cell").all()] == ["Tây Ninh", *expected]
    link = plan.get_by_role("link", name="Kế hoạch 2502/KH-UBND", exact=True)
    assert link.get_attribute("href").startswith("/app/document?id=")
    leads = page.get_by_role("region", name=re.compile(r"^Theo cơ quan chủ trì \(\d+\)"))
    assert leads.get_by_role("rowheader", name="Sở Khoa học và Công nghệ (Tây Ninh)").is_visible()
    # the findings of Tây Ninh: rows 10, 11 and 21 of the table have no product, each line
    # linking to the document and to the span of its row in the text
    findings = page.get_by_role("region", name="Các nhận xét")
    findings.get_by_role("combobox", name="Mức độ").select_option(label="cảnh báo")
    findings.get_by_role("combobox", name="Địa bàn").select_option(label="Tây Ninh")
    without = "Nhiệm vụ {} của Kế hoạch 2502/KH-UBND chưa có sản phẩm"
    for n in ("10", "11", "21"):
        line = findings.get_by_role("listitem").filter(has_text=without.format(n))
        assert line.get_by_role("link", name="Kế hoạch 2502/KH-UBND").is_visible()
        span = line.get_by_role("link", name=re.compile("^«"))
        assert re.match(r"^/app/text\?document=.+&start=\d+&end=\d+$", span.get_attribute("href"))
    assert findings.get_by_role("listitem").count() == int(expected[1])
    visit.shoot("gaps")
    _no_serious_axe(visit)
    line = findings.get_by_role("listitem").filter(has_text=without.format("11"))
    line.get_by_role("link", name=re.compile("^«")).click()
    page.wait_for_load_state("networkidle")
    # row 11 of the appendix: "Triển khai Nghị quyết 16/2021/NQ-HĐND …", its product cell empty
    assert "Triển khai Nghị quyết 16/2021/NQ-HĐND" in page.locator("mark").inner_text()


def test_upload_stores_a_document_only_with_the_token(writable_visit: Visit,
                                                      shared_dir: Any) -> None:
    # corpus/049: "Số: 8151 /BNV-CCHC", a công văn ("V/v lấy ý kiến góp ý …") of Bộ Nội vụ,
    # not among the seeds the writable server's store holds
    letter = shared_dir / "corpus" / "049_cv-8151-bnv-cchc-2025-lay-y-kien-bao-cao-so-ket-cchc.txt"
    assert "Số: 8151 /BNV-CCHC" in letter.read_text(encoding="utf-8")
    visit = writable_visit
    page = visit.open("/app/upload")
    page.get_by_label("Tệp văn bản").set_input_files(str(letter))
    store = page.get_by_role("button", name="Lưu vào kho")
    store.click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=30_000)
    assert alert.inner_text().startswith("Lưu vào kho cần mã truy cập")
    assert "Máy chủ trả lời (401): storing a document needs" in alert.inner_text()
    # the browser logs the API's 401 answer itself; nothing else may be logged
    assert all("401" in e for e in visit.errors), visit.errors
    visit.errors.clear()
    token = page.get_by_label("Mã truy cập (để lưu)")
    assert token.get_attribute("type") == "password"
    token.fill(WRITE_TOKEN)
    store.click()
    stored = page.get_by_role("status").filter(has_text=re.compile("^Đã lưu vào kho: "))
    stored.wait_for(timeout=60_000)
    assert stored.inner_text() == "Đã lưu vào kho: Công văn 8151/BNV-CCHC (văn bản mới)."
    visit.shoot("upload-stored")
    _no_serious_axe(visit)
    # the token is in no URL and not kept by the page
    assert WRITE_TOKEN not in page.url
    assert WRITE_TOKEN not in page.evaluate("() => JSON.stringify({...localStorage})")
    page.get_by_role("link", name="Mở trang văn bản Công văn 8151/BNV-CCHC").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Công văn 8151/BNV-CCHC", level=1).is_visible()
    facts = page.get_by_role("definition")
    assert "8151/BNV-CCHC" in facts.all_inner_texts() and "Công văn" in facts.all_inner_texts()
    # the same file again changes nothing
    visit.open("/app/upload")
    page.get_by_label("Tệp văn bản").set_input_files(str(letter))
    page.get_by_label("Mã truy cập (để lưu)").fill(WRITE_TOKEN)
    page.get_by_role("button", name="Lưu vào kho").click()
    again = page.get_by_role("status").filter(has_text=re.compile("^Kho đã có"))
    again.wait_for(timeout=60_000)
    assert "Công văn 8151/BNV-CCHC" in again.inner_text()


def test_storing_on_a_read_only_server_says_it_is_read_only(visit: Visit,
                                                             shared_dir: Any) -> None:
    page = visit.open("/app/upload")
    page.get_by_label("Tệp văn bản").set_input_files(
        str(shared_dir / "seeds" / "002_562158e10022e258.txt"))
    page.get_by_label("Mã truy cập (để lưu)").fill("any-token")
    page.get_by_role("button", name="Lưu vào kho").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("Máy chủ này chỉ cho đọc")
    assert "Máy chủ trả lời (403): the server is read-only" in alert.inner_text()
    assert all("403" in e for e in visit.errors), visit.errors
    visit.errors.clear()
