"""Cross-report facts: each report's record, the corpus a run's checks compare, copying between reports, and the register."""
