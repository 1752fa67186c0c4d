# Private to luocdo/store.py (Store.remove_graph): drop one named graph and
# take out of the merged default graph the triples ($orphans) that no other
# named graph holds, in a single transaction.
DROP GRAPH $graph ;
DELETE DATA {
$orphans
}
