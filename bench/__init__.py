"""Benchmark suite for communique: see bench/README.md (``python -m bench``)."""
