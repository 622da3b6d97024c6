"""Synthetic data of the region and the demo scenario (all data here is invented)."""

from accord.demo.synth import generate_bank_accounts, generate_persons

__all__ = ["generate_bank_accounts", "generate_persons"]
