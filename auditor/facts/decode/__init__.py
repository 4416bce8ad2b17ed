"""The form decoder: one reader for every printing of a 自评表's fund block and indicator table."""
