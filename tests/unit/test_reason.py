"""Reasoning: consistency with HermiT, the lo:contributesTo closure, inverse relations and
the defined classes, materialized in lod:graph/inferred.

The seeds (see tests/unit/test_validate.py for what they say): 386/KH-UBND carries out
Kế hoạch 348-KH/TU of the Đồng Nai Party committee, which carries out Kết luận 69-KL/TW,
"về tiếp tục thực hiện" Nghị quyết 20-NQ/TW of the Central Committee (the plan's
header, line 6 of seeds/002_…). 2502/KH-UBND carries out Nghị quyết 08-NQ/TU of the Tây
Ninh Party committee, for which the plan names no central resolution.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from luocdo import identity
from luocdo.ingest import ingest_paths
from luocdo.reason import (
    Reasoning,
    check_consistency,
    closure,
    contribution_edges,
    owl_triples,
    reason,
)
from luocdo.store import Store
from luocdo.terms import LO, ontology

DATA = Path(__file__).parent / "data" / "reason"
ID = "https://w3id.org/luocdo/id/"
PLAN = URIRef(ID + "eli/vn-tay-ninh/kh/2024/10/ubnd")
TASK = URIRef(ID + "eli/vn-tay-ninh/kh/2024/10/ubnd/task/1")
PROGRAMME = URIRef(ID + "eli/vn-tay-ninh/ctr/2024/20/tu")
POLITBURO = URIRef(ID + "eli/vn/nq/2024/57/tw")
OTHER = URIRef(ID + "eli/vn-dong-nai/kh/2024/30/ubnd")
INFERRED = str(identity.inferred_graph_iri())


def _graph(name: str) -> Graph:
    graph = Graph()
    graph.parse(DATA / name, format="turtle")
    return graph


def _store(name: str) -> Store:
    store = Store.memory()
    store.add(_graph(name), named_graph=str(identity.graph_iri(str(PLAN))))
    return store


@pytest.fixture(scope="module")
def chain() -> tuple[Store, Reasoning]:
    store = _store("chain.ttl")
    return store, reason(store, consistency=False)


def test_contributes_to_from_a_task_up_to_the_politburo(chain: tuple[Store, Reasoning]) -> None:
    store, run = chain
    inferred = store.graph(INFERRED)
    up = {o for o in inferred.objects(TASK, LO.contributesTo)}
    assert up == {PLAN, PROGRAMME, POLITBURO}
    assert set(inferred.objects(PLAN, LO.contributesTo)) == {PROGRAMME, POLITBURO}
    assert set(inferred.objects(OTHER, LO.contributesTo)) == set()  # aligns, carries out nothing
    assert run.inferred["lo:contributesTo"] == 6
    # asserted graphs are left as they were
    assert (TASK, LO.contributesTo, None) not in store.graph(str(identity.graph_iri(str(PLAN))))


def test_inverse_relations(chain: tuple[Store, Reasoning]) -> None:
    store, _run = chain
    inferred = store.graph(INFERRED)
    assert (TASK, LO.taskOf, PLAN) in inferred
    assert (POLITBURO, LO.implementedBy, PROGRAMME) in inferred
    assert (POLITBURO, LO.alignedWithBy, OTHER) in inferred
    assert (PLAN, LO.hasTask, TASK) not in inferred  # asserted, not repeated


def test_defined_classes(chain: tuple[Store, Reasoning]) -> None:
    store, run = chain
    inferred = store.graph(INFERRED)
    assert (POLITBURO, RDF.type, LO.CentralPartyResolution) in inferred
    assert (PLAN, RDF.type, LO.ImplementingPlan) in inferred
    assert (PROGRAMME, RDF.type, LO.ImplementingPlan) in inferred
    assert (OTHER, RDF.type, LO.ImplementingPlan) not in inferred
    assert (URIRef(ID + "unit/vn"), RDF.type, LO.NationalUnit) in inferred
    assert run.module is not None and run.module.consistent
    assert run.consistency is None  # not asked for


def test_hermit_derives_the_same_contributions() -> None:
    """The graph closure gives what HermiT gives (HermiT leaves out the asserted
    sub-property edges, which the closure writes)."""
    from owlready2 import World, sync_reasoner_hermit

    graph = Graph()
    for t in ontology():
        graph.add(t)
    for t in owl_triples(_graph("chain.ttl")):
        graph.add(t)
    world = World()
    world.get_ontology("https://w3id.org/luocdo/test").load(
        fileobj=io.BytesIO(graph.serialize(format="nt", encoding="utf-8")), format="ntriples")
    sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    hermit = {(a.iri, b.iri) for a, b in world[str(LO.contributesTo)].get_relations()}
    world.close()
    store = _store("chain.ttl")
    edges = contribution_edges(store)
    mine = closure(edges)
    assert hermit <= mine
    assert mine - hermit <= edges
    assert (str(TASK), str(POLITBURO)) in hermit


def test_closure_of_a_cycle() -> None:
    assert closure({("a", "b"), ("b", "a"), ("b", "c")}) == {
        ("a", "b"), ("a", "a"), ("b", "a"), ("b", "b"), ("a", "c"), ("b", "c")}


def test_running_again_replaces_what_was_inferred(chain: tuple[Store, Reasoning]) -> None:
    store, first = chain
    again = reason(store, hermit=False, consistency=False)
    assert len(store.graph(INFERRED)) == again.triples
    assert again.triples == first.triples - sum(
        n for k, n in first.inferred.items() if k.startswith("a "))


def test_an_inconsistent_fixture_is_detected() -> None:
    check = check_consistency(_graph("inconsistent.ttl"))
    assert not check.consistent
    assert check.clashes == ((ID + "eli/vn/nq/2024/57/tw", str(LO.PartyDocument),
                              str(LO.StateDocument)),)


@pytest.fixture(scope="module")
def seeds(seed_files: list[Path]) -> tuple[Store, Reasoning]:
    store = Store.memory()
    assert ingest_paths(seed_files, store).ok
    return store, reason(store)


def test_the_ontology_plus_the_seeds_is_consistent(seeds: tuple[Store, Reasoning]) -> None:
    _store, run = seeds
    assert run.consistency is not None and run.consistency.consistent
    assert run.consistency.triples > len(ontology()) + 5000  # every asserted triple went in
    assert run.module is not None and run.module.consistent
    assert run.consistent is True


def test_the_seeds_implementing_plan(seeds: tuple[Store, Reasoning]) -> None:
    store, run = seeds
    inferred = store.graph(INFERRED)
    plan_386 = URIRef(ID + "eli/vn-dong-nai/kh/2024/386/ubnd")
    plan_2502 = URIRef(ID + "eli/vn-tay-ninh/kh/2023/2502/ubnd")
    resolution_20 = URIRef(ID + "eli/vn/nq/2012/20/tw")
    assert (resolution_20, RDF.type, LO.CentralPartyResolution) in inferred
    assert (plan_386, RDF.type, LO.ImplementingPlan) in inferred
    assert (plan_2502, RDF.type, LO.ImplementingPlan) not in inferred
    task = URIRef(ID + "eli/vn-dong-nai/kh/2024/386/ubnd/task/iii.1.b")
    assert (task, LO.contributesTo, resolution_20) in inferred
    has_task = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?d lo:hasTask ?t }")[0]["n"]
    assert run.inferred["lo:taskOf"] == has_task > 0  # one inverse per task
