"""Named queries on the real documents: the seeds and ../shared/corpus, ingested.

Expected rows were checked by hand against the texts: seed 000 (2502/KH-UBND)
carries out 08-NQ/TU (its title) and its task table has rows 1 to 32 plus 3.1 and
3.2, 34 tasks; its part I.3 says the plan "gắn với" 569/QĐ-TTg (aligned); seed
002 (386/KH-UBND) asks in its part III to "tổ chức thực hiện tốt Chiến lược ...
theo Quyết định số 569/QĐ-TTg" (a task that carries it out).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from luocdo import queries
from luocdo.ingest import ingest_paths
from luocdo.store import Store

pytestmark = pytest.mark.slow  # ingests the 27 real documents (about 15 s alone)

LO = queries.LO
LOD = queries.LOD
TAY_NINH_PLAN = LOD + "eli/vn-tay-ninh/kh/2023/2502/ubnd"
DONG_NAI_PLAN = LOD + "eli/vn-dong-nai/kh/2024/386/ubnd"


@pytest.fixture(scope="module")
def real_store(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("real") / "store")
    report = ingest_paths([shared_dir / "seeds", shared_dir / "corpus"], store)
    assert report.ok, [f.error for f in report.failed]
    yield store
    store.close()


def test_trace_down_of_08_nq_tu_gives_2502_and_its_34_table_tasks(real_store: Store) -> None:
    result = queries.run(real_store, "trace_down", document="08-NQ/TU")
    first = [r for r in result.rows if r["depth"] == 1 and not r["context"]
             and r["child"] == TAY_NINH_PLAN]
    assert [(r["relation"], r["symbol"]) for r in first] == [(LO + "implements", "2502/KH-UBND")]
    assert first[0]["evidenceText"] and "08-NQ/TU" in first[0]["evidenceText"]
    table = {r["taskNumber"] for r in result.rows
             if r["relation"] == LO + "taskOf" and r["parent"] == TAY_NINH_PLAN
             and not r["context"] and r["taskNumber"][0].isdigit()}
    assert table == {str(n) for n in range(1, 33)} | {"3.1", "3.2"}
    leads = {r["taskNumber"]: r["lead"] for r in result.rows if r["relation"] == LO + "taskOf"}
    assert leads["4"] == "Sở Khoa học và Công nghệ"  # row 4's lead column


def test_trace_down_of_569_reaches_both_provinces_with_each_relation(real_store: Store) -> None:
    result = queries.run(real_store, "trace_down", document="569/QĐ-TTg")
    top = {(r["relation"], r["plan"] or r["symbol"]) for r in result.rows
           if r["depth"] == 1 and not r["context"]}
    assert (LO + "alignsWith", "2502/KH-UBND") in top  # Tây Ninh: a plan aligned with it
    assert (LO + "implements", "386/KH-UBND") in top  # Đồng Nai: a task of 386 carries it out
    restricted = queries.run(real_store, "trace_down", document="569/QĐ-TTg",
                             relations="implements")
    assert {r["relation"] for r in restricted.rows if not r["context"]} <= {
        LO + "implements", LO + "taskOf", LO + "parentTask"}
    assert TAY_NINH_PLAN not in {r["child"] for r in restricted.rows}


def test_coverage_of_569_counts_both_provinces(real_store: Store) -> None:
    rows = queries.run(real_store, "coverage", document="569/QĐ-TTg").rows
    names = {r["name"] for r in rows}
    assert {"Tây Ninh", "Đồng Nai"} <= names


def test_search_finds_agency_and_symbol_without_diacritics(real_store: Store) -> None:
    hits = queries.run(real_store, "search", text="so khoa hoc va cong nghe").rows
    assert "Sở Khoa học và Công nghệ" in {h["label"] for h in hits}
    hits = queries.run(real_store, "search", text="qd 569").rows
    assert "569/QĐ-TTg" in {h["symbol"] for h in hits}
