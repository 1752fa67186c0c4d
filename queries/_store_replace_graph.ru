# Private to luocdo/store.py (Store.replace_graph): swap the content of one
# named graph in a single transaction. The graph IRI and the N-Triples data
# are printed by pyoxigraph from validated RDF terms, never taken as text.
DROP SILENT GRAPH $graph ;
INSERT DATA { GRAPH $graph {
$triples
} }
