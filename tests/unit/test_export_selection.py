"""A selection's rows are the whole store's rows of its nodes, however the queries get them.

The export queries are restricted by a ``VALUES`` block put first in their WHERE
clause, and ``--focus`` walks the relations level by level instead of reading them
all (issue 13). Both are checked here against the plain definition on the real seeds
and corpus: every row of the whole store whose column is a selected node, and the
breadth-first walk over every relation of the store.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from luocdo import export, identity
from luocdo.export import selection as selections
from luocdo.store import Store
from tests.unit.export_support import corpus_store

LOD = identity.BASE
DECISION_569 = f"{LOD}eli/vn/qd/2022/569/ttg"
PLAN_TAY_NINH = f"{LOD}eli/vn-tay-ninh/kh/2023/2502/ubnd"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with corpus_store() as s:
        yield s


def bag(found: Sequence[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(r, sort_keys=True, default=str) for r in found)


@pytest.fixture(scope="module")
def chosen(store: Store) -> list[export.Selection]:
    return [export.focus(store, "569/QĐ-TTg", depth=2),
            export.focus(store, PLAN_TAY_NINH, depth=3,
                         relation_names=export.DOCUMENT_RELATIONS),
            export.province(store, "Tây Ninh"),
            export.agency(store, "Sở Tài chính")]


@pytest.mark.parametrize(("name", "column"), [
    ("export_nodes", "node"), ("export_edges", "source"), ("export_tasks", "task"),
    ("export_references", "document"), ("export_relations", "target"),
])
def test_restricted_rows_are_the_whole_stores_rows_of_the_selection(
        store: Store, chosen: list[export.Selection], name: str, column: str) -> None:
    everything = selections.rows(store, name)
    compared = 0
    for selection in chosen:
        nodes = selection.nodes or frozenset()
        expected = [r for r in everything if r[column] in nodes]
        assert bag(selections.rows(store, name, column, nodes)) == bag(expected)
        compared += len(expected)
    assert compared > 20  # the check compares something


def test_relations_from_are_export_relations_by_source(store: Store) -> None:
    everything = selections.rows(store, "export_relations")
    sources = sorted({r["source"] for r in everything})
    found = selections.rows(store, "_export_relations_from", "source", sources)
    assert len(found) > 100
    assert bag(found) == bag(everything)


def test_restricted_puts_the_values_first_and_checks_iris() -> None:
    text = "PREFIX lo: <x:>\n# a WHERE { in a comment\nSELECT ?n WHERE {\n  ?n ?p ?o\n}\n"
    out = selections.restricted(text, "n", [DECISION_569])
    assert out.index(f"VALUES ?n {{ <{DECISION_569}> }}") < out.index("?n ?p ?o")
    assert out.index("in a comment") < out.index("SELECT")  # the comment is left alone
    with pytest.raises(ValueError):
        selections.restricted(text, "n", ["not an iri> } ?x ?y ?z {"])
    with pytest.raises(ValueError):
        selections.restricted(text, "n } {", [DECISION_569])


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 6])
@pytest.mark.parametrize("names", [export.FOCUS_RELATIONS, export.DOCUMENT_RELATIONS,
                                   ("basedOn",)])
def test_reach_finds_what_a_walk_over_every_relation_finds(
        store: Store, depth: int, names: Sequence[str]) -> None:
    links = [r for r in export.relations(store, names) if r.source != r.target]
    documents = sorted({link.source for link in links} | {link.target for link in links})
    assert len(documents) > 40
    for root in [*documents[::5], DECISION_569, PLAN_TAY_NINH]:
        for up in (True, False):
            walked = set(selections.walk(links, [root], depth, up=up))
            assert selections.reach(store, root, depth, names, up=up) == walked, (root, up)
