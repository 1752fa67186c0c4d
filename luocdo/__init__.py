"""luocdo: a knowledge graph of Vietnamese legal and administrative documents."""

__version__ = "0.1.0"
