"""Checks against the declaration (SD): a self-evaluation held against the targets approved with its budget."""
