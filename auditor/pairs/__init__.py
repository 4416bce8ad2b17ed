"""Self-evaluations held against their declarations: the documents, the pairing, the paired checks' run."""
