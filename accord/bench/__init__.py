"""Measuring Accord: the ingest and screening benchmarks, matcher evaluation on labelled pairs
and FEBRL, and the throwaway PostgreSQL launcher that the benchmarks and the test script use.

It sits above the services and the demo generator (it drives them) and below the CLI (which
offers it as ``accord bench`` and ``accord eval``).
"""
