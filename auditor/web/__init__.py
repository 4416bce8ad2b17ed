"""The local web page (``pfaudit serve``): upload reports, see each finding in place, download results."""
