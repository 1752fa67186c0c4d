"""``GET /agencies/succession``: what the agency page shows of the 2025 reorganization
(issue 16). Expected values: ontology/data/succession-2025.ttl, as
tests/unit/test_succession.py checks it against the corpus."""

from __future__ import annotations

from fastapi.testclient import TestClient

from luocdo import identity

PATH = "/agencies/succession"


def test_a_long_an_department_answers_with_the_merged_province_s(client: TestClient) -> None:
    r = client.get(PATH, params={"agency": "Sở Kế hoạch và Đầu tư tỉnh Long An",
                                 "as_of": "2026-01-01"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["iri"] == str(identity.agency_iri("Sở Kế hoạch và Đầu tư", "Long An"))
    assert (body["as_of"], body["changed"], body["split"]) == ("2026-01-01", True, False)
    (now,) = body["responsible"]
    assert now["body"] == "Sở Tài chính tỉnh Tây Ninh"
    assert now["iri"] == str(identity.agency_iri("Sở Tài chính", "Tây Ninh"))
    assert [(s["on"], s["after"]) for s in now["steps"]] == [
        ("2025-03-01", "Sở Tài chính tỉnh Long An"), ("2025-07-01", "Sở Tài chính tỉnh Tây Ninh")]
    assert [b["cite"] for b in now["steps"][0]["basis"]] == [
        "Nghị quyết số 190/2025/QH15 ngày 19/02/2025", "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025"]
    assert now["steps"][0]["basis"][0]["evidence"][0]["line"] == 17


def test_predecessors_of_the_merged_department(client: TestClient) -> None:
    iri = str(identity.agency_iri("Sở Tài chính", "Tây Ninh"))
    body = client.get(PATH, params={"agency": iri, "as_of": "2026-01-01"}).json()
    assert not body["changed"] and body["agency"] == "Sở Tài chính tỉnh Tây Ninh"
    assert sorted((p["on"], p["before"], p["before_iri"]) for p in body["predecessors"]) == [
        ("2025-03-01", "Sở Kế hoạch và Đầu tư tỉnh Tây Ninh",
         str(identity.agency_iri("Sở Kế hoạch và Đầu tư", "Tây Ninh"))),
        ("2025-07-01", "Sở Tài chính tỉnh Long An", str(identity.agency_iri("Sở Tài chính",
                                                                          "Long An")))]


def test_a_split_names_every_body_and_its_field(client: TestClient) -> None:
    iri = str(identity.agency_iri("Sở Thông tin và Truyền thông", "Tây Ninh"))
    body = client.get(PATH, params={"agency": iri, "as_of": "2026-01-01",
                                    "name": "Sở Thông tin và Truyền thông"}).json()
    assert body["split"] and body["agency"] == "Sở Thông tin và Truyền thông tỉnh Tây Ninh"
    assert sorted(r["body"] for r in body["responsible"]) == [
        "Sở Khoa học và Công nghệ tỉnh Tây Ninh", "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh"]
    assert all(r["scope"] for r in body["responsible"])
    before = client.get(PATH, params={"agency": iri, "as_of": "2025-02-28"}).json()
    assert not before["changed"]


def test_bad_inputs(client: TestClient) -> None:
    bad_day = client.get(PATH, params={"agency": "Sở Tài chính", "as_of": "2025-13-01"})
    assert bad_day.status_code == 400 and bad_day.json()["error"]["code"] == "bad_request"
    nothing = client.get(PATH, params={"agency": "https://w3id.org/luocdo/id/agency/vn/"})
    assert nothing.status_code == 404 and nothing.json()["error"]["code"] == "not_found"
    assert client.get(PATH).status_code in (400, 422)
