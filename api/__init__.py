"""The HTTP layer: SPARQL 1.1 protocol endpoint, REST traceability API (imported as luocdo.api)."""
