"""Plain text into a `Report`: the lines of a text and the parser that builds the report."""
