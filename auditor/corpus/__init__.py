"""Cross-report facts: each report's record, the corpus a run's checks compare, and copying between reports."""
