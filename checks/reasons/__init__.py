"""Reason checks (RS): what a deviation reason (偏差原因) says, held against the figures it explains."""
