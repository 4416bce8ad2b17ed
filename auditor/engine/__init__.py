"""Checks and findings, the plugin contract, and running the checks over one report's facts."""
