"""Accord: coordination platform for counter-terrorism agencies."""

__all__ = ["__version__"]

__version__ = "0.1.0"
