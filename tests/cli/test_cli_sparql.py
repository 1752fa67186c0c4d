"""``luocdo sparql`` over the store of the seeds and the corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luocdo.cli import app
from tests.cli.stores import Ingested, corpus_store

runner = CliRunner()

# 2502/KH-UBND's task table has 34 rows (1-32, 3.1, 3.2), read from the seed.
TABLE_TASKS = """
SELECT (COUNT(DISTINCT ?task) AS ?n) WHERE {
  ?plan lo:symbol "2502/KH-UBND" ; lo:hasTask ?task .
  ?task lo:assignmentSource "table" .
}
"""


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Ingested:
    return corpus_store(tmp_path_factory, shared_dir)


def sparql(ingested: Ingested, query: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["sparql", query, "--store", str(ingested.store), *args])
    return result.exit_code, result.output


def test_select_in_three_formats(ingested: Ingested) -> None:
    code, out = sparql(ingested, TABLE_TASKS, "--format", "json")
    assert code == 0, out
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "34"
    code, out = sparql(ingested, TABLE_TASKS, "--format", "csv")
    assert list(csv.reader(io.StringIO(out))) == [["n"], ["34"]]
    code, out = sparql(ingested, TABLE_TASKS)
    assert code == 0 and "34" in out and "1 rows" in out


def test_non_ascii_literals_and_prefixed_iris_in_the_table(ingested: Ingested) -> None:
    query = 'SELECT ?d ?s WHERE { ?d lo:symbolKey "569/qd-ttg" ; lo:symbol ?s }'
    code, out = sparql(ingested, query)
    assert code == 0, out
    assert "lod:eli/vn/qd/2022/569/ttg" in out and "569/QĐ-TTg" in out


def test_ask_and_construct(ingested: Ingested) -> None:
    code, out = sparql(ingested, 'ASK { ?d lo:symbol "386/KH-UBND" }')
    assert (code, out.strip()) == (0, "true")
    code, out = sparql(ingested, 'ASK { ?d lo:symbol "386/KH-UBND" }', "-f", "json")
    assert json.loads(out)["boolean"] is True
    construct = ('CONSTRUCT { ?d lo:symbol ?s } WHERE { ?d lo:symbol ?s ; lo:sourceText ?t . '
                 'FILTER(?s = "386/KH-UBND") }')
    code, out = sparql(ingested, construct)
    assert code == 0 and "lo:symbol" in out and '"386/KH-UBND"' in out
    code, out = sparql(ingested, construct, "-f", "csv")
    assert out.splitlines()[0] == "subject,predicate,object"
    assert len(out.splitlines()) == 2


def test_query_from_a_file(ingested: Ingested, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(TABLE_TASKS, encoding="utf-8")
    code, out = sparql(ingested, f"@{path}", "-f", "csv")
    assert (code, out.splitlines()[1]) == (0, "34")
    code, out = sparql(ingested, f"@{tmp_path / 'missing.rq'}")
    assert code == 2 and "cannot read the query file" in out


def test_a_bad_query_exits_2_with_the_parser_message(ingested: Ingested) -> None:
    code, out = sparql(ingested, "SELECT ?x WHERE { ?x lo:symbol }")
    assert code == 2
    assert "SPARQL syntax error" in out and "1:" in out  # line and column of the parser
