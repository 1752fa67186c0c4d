"""``GET /queries/tasks`` by pages (issue 13): page_size, after, next and total.

The fixture plans (tests/queries/data/plans.trig) hold six tasks: 2502/KH-UBND tasks
1, 10 and 2 (in that order: task numbers are compared as text, as SPARQL does) and
386/KH-UBND tasks 1, 1.1 and 2.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

FIXTURE_ORDER = [("2502/KH-UBND", "1"), ("2502/KH-UBND", "10"), ("2502/KH-UBND", "2"),
                 ("386/KH-UBND", "1"), ("386/KH-UBND", "1.1"), ("386/KH-UBND", "2")]


def _get(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/queries/tasks", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_pages_follow_next_to_the_unpaged_rows(client: TestClient) -> None:
    whole = _get(client)
    assert "next" not in whole and "total" not in whole  # an unpaged answer as before
    assert [(r["symbol"], r["taskNumber"]) for r in whole["rows"]] == FIXTURE_ORDER
    rows: list[dict[str, Any]] = []
    page = _get(client, page_size=4)
    assert page["total"] == 6 and len(page["rows"]) == 4 and page["next"]
    assert page["params"] == {"page_size": 4}
    rows.extend(page["rows"])
    page = _get(client, page_size=4, after=page["next"])
    assert page["total"] == 6 and len(page["rows"]) == 2 and page["next"] is None
    rows.extend(page["rows"])
    assert rows == whole["rows"]
    assert page["columns"] == whole["columns"]


def test_a_page_keeps_the_other_parameters(client: TestClient) -> None:
    whole = _get(client, agency="so khoa hoc va cong nghe", due_before="2025")
    assert [(r["symbol"], r["taskNumber"], r["role"]) for r in whole["rows"]] == [
        ("2502/KH-UBND", "1", "lead"), ("386/KH-UBND", "1", "lead")]
    first = _get(client, agency="so khoa hoc va cong nghe", due_before="2025", page_size=1)
    # a date bound: the total would cost a look-up per row, it is not given
    assert first["rows"] == whole["rows"][:1] and first["total"] is None and first["next"]
    second = _get(client, agency="so khoa hoc va cong nghe", due_before="2025",
                  after=first["next"])
    assert second["rows"] == whole["rows"][1:] and second["next"] is None
    assert _get(client, agency="so khoa hoc va cong nghe", page_size=1)["total"] == 3


def test_csv_pages_carry_next_and_total_in_headers(client: TestClient) -> None:
    r = client.get("/queries/tasks", params={"page_size": 5, "format": "csv"})
    assert r.status_code == 200
    assert r.headers["X-Luocdo-Total"] == "6" and r.headers["X-Luocdo-Next"]
    assert len(r.text.strip().splitlines()) == 1 + 5
    last = client.get("/queries/tasks", params={"after": r.headers["X-Luocdo-Next"],
                                                "format": "csv"})
    assert last.headers["X-Luocdo-Total"] == "6" and "X-Luocdo-Next" not in last.headers
    assert len(last.text.strip().splitlines()) == 1 + 1
    plain = client.get("/queries/tasks", params={"format": "csv"})
    assert "X-Luocdo-Total" not in plain.headers


def test_a_bad_cursor_is_a_400_naming_after(client: TestClient) -> None:
    r = client.get("/queries/tasks", params={"after": "nonsense"})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "bad_query" and "parameter 'after'" in error["message"]
    assert "Traceback" not in r.text


def test_a_page_size_out_of_range_is_refused(client: TestClient) -> None:
    for size in (0, 1001):
        r = client.get("/queries/tasks", params={"page_size": size})
        assert r.status_code == 422, r.text
        assert "page_size" in r.text


def test_the_operation_documents_its_paging_parameters(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/queries/tasks"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["page_size"]["schema"]["anyOf"][0] == {
        "type": "integer", "minimum": 1, "maximum": 1000}
    assert "cursor" in params["after"]["description"]


def test_a_role_pages_the_rows_of_that_role(client: TestClient) -> None:
    # the fixture's Sở KH&CN: lead of 2502 task 1 and 386 task 1, coordinator of 386
    # task 1.1 (Đồng Nai's department)
    agency = "so khoa hoc va cong nghe"
    whole = _get(client, agency=agency)
    assert [(r["symbol"], r["taskNumber"], r["role"]) for r in whole["rows"]] == [
        ("2502/KH-UBND", "1", "lead"), ("386/KH-UBND", "1", "lead"),
        ("386/KH-UBND", "1.1", "coordinator")]
    lead = _get(client, agency=agency, role="lead")
    assert lead["rows"] == whole["rows"][:2] and lead["params"] == {"agency": agency,
                                                                    "role": "lead"}
    first = _get(client, agency=agency, role="lead", page_size=1)
    assert first["rows"] == whole["rows"][:1] and first["total"] == 2 and first["next"]
    second = _get(client, agency=agency, role="lead", page_size=1, after=first["next"])
    assert second["rows"] == whole["rows"][1:2] and second["next"] is None
    coordinator = _get(client, agency=agency, role="coordinator", page_size=50)
    assert coordinator["rows"] == whole["rows"][2:] and coordinator["total"] == 1


def test_a_dated_page_of_an_agency_by_iri_has_its_total(client: TestClient) -> None:
    # Đồng Nai's Sở KH&CN: task 1 due 2025 (late on 2026-01-01), task 1.1 due 2026-12-31
    iri = "https://w3id.org/luocdo/id/agency/vn-dong-nai/so-khoa-hoc-va-cong-nghe"
    late = _get(client, agency=iri, overdue_as_of="2026-01-01", page_size=1)
    assert [(r["taskNumber"], r["role"]) for r in late["rows"]] == [("1", "lead")]
    assert late["total"] == 1 and late["next"] is None
    assert _get(client, agency=iri, overdue_as_of="2027-01-01", page_size=1)["total"] == 2
    assert _get(client, agency=iri, due_before="2025", role="coordinator",
                page_size=1)["total"] == 0
    # by its name the agency may be many: no total with a date
    assert _get(client, agency="so khoa hoc va cong nghe", overdue_as_of="2026-01-01",
                page_size=1)["total"] is None


def test_a_bad_role_is_a_400_naming_role(client: TestClient) -> None:
    for params in ({"agency": "so tai chinh", "role": "owner"}, {"role": "lead"}):
        r = client.get("/queries/tasks", params=params)
        assert r.status_code == 400, r.text
        error = r.json()["error"]
        assert error["code"] == "bad_query" and "parameter 'role'" in error["message"]
    operation = client.get("/openapi.json").json()["paths"]["/queries/tasks"]["get"]
    role = {p["name"]: p for p in operation["parameters"]}["role"]
    assert "coordinator" in role["description"]
