# Private to luocdo/store.py (Store.replace_graph): change one named graph and
# the merged default graph in a single transaction. $removed and $added are
# the triples leaving and entering the document's graph; $orphans those that
# no other named graph holds, so they leave the merge. The IRI and the data
# are N-Triples printed by pyoxigraph from RDF terms, never taken as text.
DELETE DATA { GRAPH $graph {
$removed
} } ;
INSERT DATA { GRAPH $graph {
$added
} } ;
DELETE DATA {
$orphans
} ;
INSERT DATA {
$added
}
