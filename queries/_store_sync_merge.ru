# Private to luocdo/store.py (Store.sync_merge): make the default graph the
# merge of the named graphs again: add what a named graph holds and the
# default graph lacks, remove what no named graph holds any more.
DELETE { ?s ?p ?o }
WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;
INSERT { ?s ?p ?o }
WHERE { GRAPH ?g { ?s ?p ?o } }
