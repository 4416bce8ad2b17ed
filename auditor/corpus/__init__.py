"""The finance bureau's corpus view: audit history, cross-report copying, the register, a cluster."""
