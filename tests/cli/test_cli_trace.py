"""``luocdo trace`` on the seeds and the corpus: the issue's traceability questions.

Expected values were read from the seeds: 2502/KH-UBND's task table has rows
1-32 with 3.1 and 3.2 (34 tasks; row 3 is a heading for 3.1 and 3.2 and names
no lead); row 4 is led by Sở Khoa học và Công nghệ, row 8 by Sở Nông nghiệp và
Phát triển nông thôn. Its purpose section says the plan is "gắn với" 569/QĐ-TTg;
386/KH-UBND (Đồng Nai) has a task "Tổ chức thực hiện tốt Chiến lược ... theo
Quyết định số 569/QĐ-TTg"; its title says 709/QĐ-TTg carries out Kết luận
69-KL/TW, which continues Nghị quyết 20-NQ/TW.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luocdo import loaders
from luocdo.cli import app
from luocdo.store import Store
from tests.cli.stores import Ingested, corpus_store
from tests.conftest import SEED_DONG_NAI, SEED_TAY_NINH

runner = CliRunner()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Ingested:
    return corpus_store(tmp_path_factory, shared_dir)


def run_json(store: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["trace", *args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def nodes_by(data: dict[str, Any], **match: Any) -> list[dict[str, Any]]:
    return [n for n in data["nodes"] if all(n.get(k) == v for k, v in match.items())]


def hop_to(data: dict[str, Any], iri: str, *, upward: bool = False) -> list[dict[str, Any]]:
    key = "target" if (data["direction"] == "up") != upward else "source"
    return [h for h in data["hops"] if h[key] == iri and h["upward"] == upward]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """Normalized texts of the seeds, by symbol, to check evidence spans against."""
    return {"2502/KH-UBND": loaders.read(SEED_TAY_NINH).text,
            "386/KH-UBND": loaders.read(SEED_DONG_NAI).text}


def check_span(evidence: dict[str, Any], texts: dict[str, str]) -> None:
    text = texts[evidence["symbol"]]
    assert text[evidence["start"]:evidence["end"]] == evidence["text"]


def test_down_from_08_nq_tu_lists_2502_and_its_34_tasks_with_leads(
        ingested: Ingested, texts: dict[str, str]) -> None:
    data = run_json(ingested.store, "down", "08-NQ/TU")
    [plan] = nodes_by(data, kind="document", symbol="2502/KH-UBND")
    assert plan["jurisdiction"] == "Tây Ninh" and plan["ingested"]
    [hop] = [h for h in hop_to(data, plan["iri"]) if h["relation"] == "implements"]
    assert "08-NQ/TU" in hop["evidence"][0]["text"]
    check_span(hop["evidence"][0], texts)
    table = {n["number"]: n for n in nodes_by(data, kind="task", document=plan["iri"],
                                                source="table")}
    assert sorted(table, key=lambda n: [int(p) for p in n.split(".")]) == [
        "1", "2", "3", "3.1", "3.2", *map(str, range(4, 33))]
    assert [n for n, t in table.items() if not t["leads"]] == ["3"]
    assert table["4"]["leads"] == ["Sở Khoa học và Công nghệ"]
    assert table["8"]["leads"] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert table["3.1"]["parent_task"] == table["3"]["iri"]

    text = runner.invoke(app, ["trace", "down", "08-NQ/TU", "--store", str(ingested.store)])
    assert text.exit_code == 0, text.output
    assert "Kế hoạch 2502/KH-UBND (Tây Ninh)" in text.stdout
    assert "— thực hiện" in text.stdout and "bằng chứng: 2502/KH-UBND [" in text.stdout
    assert "Nhiệm vụ 4: Rà soát, cụ thể hóa" in text.stdout
    assert "chủ trì: Sở Khoa học và Công nghệ" in text.stdout
    assert "(34 trong bảng," in text.stdout


def test_down_from_569_reaches_both_provinces(ingested: Ingested,
                                              texts: dict[str, str]) -> None:
    data = run_json(ingested.store, "down", "569/QĐ-TTg")
    [tay_ninh] = nodes_by(data, kind="document", symbol="2502/KH-UBND")
    [aligned] = hop_to(data, tay_ninh["iri"])
    assert aligned["relation"] == "alignsWith"
    assert "569/QĐ-TTg" in aligned["evidence"][0]["text"]
    check_span(aligned["evidence"][0], texts)

    [dong_nai] = nodes_by(data, kind="document", symbol="386/KH-UBND")
    assert (dong_nai["jurisdiction"], dong_nai["mode"]) == ("Đồng Nai", "context")
    carriers = [n for n in nodes_by(data, kind="task", document=dong_nai["iri"])]
    assert len(carriers) == 1
    assert carriers[0]["content"].startswith("Tổ chức thực hiện tốt Chiến lược")
    [carry] = hop_to(data, carriers[0]["iri"])
    assert carry["relation"] == "implements" and carry["target"] == data["roots"][0]
    assert carry["evidence"][0]["symbol"] == "386/KH-UBND"
    check_span(carry["evidence"][0], texts)
    [context] = hop_to(data, dong_nai["iri"], upward=True)
    assert (context["relation"], context["source"]) == ("taskOf", carriers[0]["iri"])

    text = runner.invoke(app, ["trace", "down", "569/QĐ-TTg", "--store", str(ingested.store)])
    assert "Kế hoạch 2502/KH-UBND (Tây Ninh), ngày 2023-08-08 — gắn với" in text.stdout
    assert "của Kế hoạch 386/KH-UBND (Đồng Nai) — thực hiện" in text.stdout
    assert "thuộc Kế hoạch 386/KH-UBND (Đồng Nai)" in text.stdout


def test_relation_option_keeps_only_implements_hops(ingested: Ingested) -> None:
    data = run_json(ingested.store, "down", "569/QĐ-TTg", "--relation", "implements")
    assert not nodes_by(data, symbol="2502/KH-UBND", kind="document")
    assert {h["relation"] for h in data["hops"]} <= {"implements", "taskOf", "symbolKey"}
    assert nodes_by(data, kind="document", symbol="386/KH-UBND")


def test_up_from_a_dong_nai_task_reaches_20_nq_tw_through_69_kl_tw(ingested: Ingested) -> None:
    down = run_json(ingested.store, "down", "569/QĐ-TTg")
    [dong_nai] = nodes_by(down, kind="document", symbol="386/KH-UBND")
    [task] = nodes_by(down, kind="task", document=dong_nai["iri"])
    data = run_json(ingested.store, "up", task["iri"])
    labels = {n["iri"]: n["label"] for n in data["nodes"]}
    [top] = nodes_by(data, symbol="20-NQ/TW")
    [conclusion] = nodes_by(data, symbol="69-KL/TW")
    [into_top] = [h for h in hop_to(data, top["iri"]) if h["source"] == conclusion["iri"]]
    assert into_top["relation"] == "implements"
    assert into_top["evidence"][0]["stated_in"] == dong_nai["iri"]  # a stated relation
    # 709/QĐ-TTg carries out 69-KL/TW: stated by the Đồng Nai plan, and followed.
    [decision] = nodes_by(data, symbol="709/QĐ-TTg")
    assert any(h["source"] == decision["iri"] and h["relation"] == "implements"
               for h in hop_to(data, conclusion["iri"]))
    assert labels[dong_nai["iri"]] == "Kế hoạch 386/KH-UBND"

    text = runner.invoke(app, ["trace", "up", task["iri"], "--store", str(ingested.store)])
    assert text.exit_code == 0, text.output
    assert "Truy vết lên từ Nhiệm vụ" in text.stdout
    assert "thực hiện Nghị quyết 20-NQ/TW" in text.stdout
    assert "nêu tại Kế hoạch 386/KH-UBND" in text.stdout


def test_unknown_symbols_and_bad_relations_exit_2(ingested: Ingested) -> None:
    result = runner.invoke(app, ["trace", "down", "999/QĐ-TTg", "--store", str(ingested.store)])
    assert result.exit_code == 2 and "no document" in result.output
    result = runner.invoke(app, ["trace", "down", "569/QĐ-TTg", "-r", "carriesOut",
                                 "--store", str(ingested.store)])
    assert result.exit_code == 2 and "unknown relation" in result.output


def test_a_symbol_of_two_provinces_is_listed_and_exits_2(tmp_path: Path) -> None:
    from luocdo import identity
    from tests.unit.test_trace import OTHER_2502, Builder, tay_ninh_plan

    with Store.open(tmp_path / "s") as store:
        for b in (tay_ninh_plan(), Builder(OTHER_2502, "2502/KH-UBND", "Đồng Nai")):
            store.replace_graph(str(identity.graph_iri(str(b.iri))), b.g)
    result = runner.invoke(app, ["trace", "down", "2502/KH-UBND", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert str(OTHER_2502) in result.output and "Tây Ninh" in result.output
    chosen = runner.invoke(app, ["trace", "up", "2502/KH-UBND", "--province", "Tây Ninh",
                                 "--store", str(tmp_path / "s")])
    assert chosen.exit_code == 0, chosen.output
    assert "Nghị quyết 8-NQ/TU" in chosen.stdout or "08-NQ/TU" in chosen.stdout
