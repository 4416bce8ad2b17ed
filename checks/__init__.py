"""Built-in checks: one family per code prefix, in one module or, once it outgrows one, one package."""
