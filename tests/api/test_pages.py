"""The pages' HTTP side: HTML with a strict Content-Security-Policy and no inline
script, the front-end libraries served locally, and the operations the pages use
(issue 12). What the pages show is tested in a browser: tests/browser/."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

PAGES = ["/", "/app/search", "/app/document", "/app/text", "/app/trace", "/app/sparql"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_html_with_a_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.text
    assert '<html lang="vi">' in html
    # every script is a file of this server; no inline script, no other host
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        assert body.strip() == ""
        assert re.search(r'src="/static/luocdo/', attributes)
    assert "http://" not in html and "https://" not in html
    assert " style=" not in html and "<style" not in html


def test_every_file_a_page_loads_is_served(client: TestClient) -> None:
    for page in PAGES:
        html = client.get(page).text
        for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            assert client.get(url).status_code == 200, url


def test_vendored_libraries_keep_their_licences(client: TestClient) -> None:
    for name in ("cytoscape", "dagre", "cytoscape-dagre", "yasgui", "axe-core"):
        text = client.get(f"/static/luocdo/vendor/{name}/LICENSES.txt").text
        assert "MIT" in text or "Mozilla Public License" in text or "Apache" in text, name


def test_unknown_page_is_404(client: TestClient) -> None:
    response = client.get("/app/nothing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_named_query_text_is_served(client: TestClient) -> None:
    response = client.get("/queries/document_tasks/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-query")
    assert response.text.startswith("#+ summary:")
    assert "lo:hasTask" in response.text
    assert client.get("/queries/_document_info/sparql").status_code == 404
    assert client.get("/queries/nothing/sparql").status_code == 404


def test_spans_of_a_document_in_text_order(client: TestClient) -> None:
    # plans.trig: 2502/KH-UBND has spans [510, 560) quoting 08-NQ/TU and [3000, 3040)
    rows = client.get("/queries/spans", params={"document": "2502/KH-UBND"}).json()["rows"]
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)
    first = {(r["start"], r["end"]): r["exact"] for r in rows}
    assert first[(510, 560)] == "Thực hiện Nghị quyết số 08-NQ/TU ngày 31/3/2023"
    assert first[(3000, 3040)] == "phù hợp với Quyết định số 569/QĐ-TTg"


def test_document_tasks_and_related(client: TestClient) -> None:
    tasks = client.get("/queries/document_tasks", params={"document": "2502/KH-UBND"}).json()
    numbers = {r["taskNumber"]: r for r in tasks["rows"]}
    assert numbers["1"]["lead"] == "Sở Khoa học và Công nghệ"
    assert numbers["1"]["product"] == "Quyết định của UBND tỉnh"
    assert numbers["2"]["product"] is None
    assert numbers["10"]["product"] == "Báo cáo kết quả"
    assert [r["evidenceStart"] for r in tasks["rows"]] == [7000, 7200, 8000]
    related = client.get("/queries/related", params={"document": "2502/KH-UBND"}).json()["rows"]
    known = {r["other"].rsplit("/id/", 1)[1]: r["ingested"] for r in related}
    assert known["eli/vn-tay-ninh/nq/2023/8/tu"] is False


def test_one_catalogue_every_label_in_vietnamese_and_english() -> None:
    import json
    import subprocess
    from pathlib import Path

    app = Path(__file__).resolve().parents[2] / "api" / "static" / "app"
    script = ("import('./messages.js').then(m => console.log(JSON.stringify("
              "{vi: m.MESSAGES.vi, en: m.MESSAGES.en})))")
    out = subprocess.run(["node", "--input-type=module", "-e", script], cwd=app,
                         capture_output=True, text=True, check=True)
    catalogue = json.loads(out.stdout)
    assert set(catalogue["vi"]) == set(catalogue["en"])
    assert catalogue["vi"]["doc.citedOnly"] == "chỉ biết qua trích dẫn"
    code = "".join(p.read_text(encoding="utf-8") for p in app.glob("*.js")
                   if p.name != "messages.js")
    layout = (app.parents[1] / "templates" / "layout.html").read_text(encoding="utf-8")
    used = set(re.findall(r'\bt\("([\w.]+)"', code))
    used |= set(re.findall(r'data-(?:msg|placeholder|label)="([\w.]+)"', layout))
    assert used, "no label found: the pattern no longer matches the code"
    assert sorted(used - set(catalogue["vi"])) == []
    # no page builds markup from strings: text goes in as text nodes
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code
