"""Helpers the tests and the benchmarks share: inputs built in code, servers, scores."""
