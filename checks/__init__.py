"""Built-in checks, one module per family."""
