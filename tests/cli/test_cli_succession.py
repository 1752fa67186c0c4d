"""``luocdo succession``: who answers on a day for a body's duties (issue 16); no store."""

from __future__ import annotations

import json

from rdflib import Graph
from typer.testing import CliRunner

from luocdo import identity
from luocdo.cli import app
from luocdo.terms import ORG

RUNNER = CliRunner()


def test_a_long_an_department_as_text_and_json() -> None:
    text = RUNNER.invoke(app, ["succession", "Sở Kế hoạch và Đầu tư tỉnh Long An",
                               "--as-of", "2026-01-01"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Sở Kế hoạch và Đầu tư tỉnh Long An, tính đến ngày "
                                  "01/01/2026:\n  → Sở Tài chính tỉnh Tây Ninh\n")
    assert ("01/07/2025: Sở Tài chính tỉnh Long An → Sở Tài chính tỉnh Tây Ninh; căn cứ: "
            "Nghị quyết số 202/2025/QH15 ngày 12/06/2025 (chưa đối chiếu văn bản), "
            "Luật số 72/2025/QH15 ngày 16/06/2025") in text.stdout
    out = RUNNER.invoke(app, ["succession", "Sở KH&ĐT", "--province", "Long An",
                              "--as-of", "2025-03-01", "--format", "json"])
    data = json.loads(out.stdout)
    assert (data["changed"], data["split"]) == (True, False)
    assert [r["body"] for r in data["responsible"]] == ["Sở Tài chính tỉnh Long An"]


def test_a_split_lists_every_body_with_its_field() -> None:
    out = RUNNER.invoke(app, ["succession", "Sở Lao động - Thương binh và Xã hội",
                              "--province", "Tây Ninh", "--as-of", "2026-01-01"])
    assert out.exit_code == 0, out.output
    assert "không có một cơ quan kế thừa duy nhất" in out.stdout
    assert "→ Sở Giáo dục và Đào tạo tỉnh Tây Ninh [giáo dục nghề nghiệp]" in out.stdout
    assert "→ Sở Y tế tỉnh Tây Ninh [bảo trợ xã hội, trẻ em]" in out.stdout


def test_bad_input_exits_2() -> None:
    bad = RUNNER.invoke(app, ["succession", "Sở Tài chính", "--as-of", "2026-13-01"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
    empty = RUNNER.invoke(app, ["succession", " "])
    assert empty.exit_code == 2 and "names no agency" in empty.output


def test_turtle_is_the_change_graph() -> None:
    out = RUNNER.invoke(app, ["succession", "--format", "turtle"])
    assert out.exit_code == 0, out.output
    g = Graph().parse(data=out.stdout, format="turtle")
    before = identity.agency_iri("Sở Kế hoạch và Đầu tư", "Long An")
    (event,) = g.objects(before, ORG.changedBy)
    assert set(g.objects(event, ORG.resultingOrganization)) == {
        identity.agency_iri("Sở Tài chính", "Long An")}
