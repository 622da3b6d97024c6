"""Synthetic data of the region and the demo scenario (all data here is invented).

The generators and the scenario are plain data; ``accord.demo.load`` writes the scenario
through the services, so this package sits above them (the CLI's ``accord demo load``).
"""

from accord.demo.scenario import DEMO_PASSWORD, Scenario, SeedEntity, build_scenario
from accord.demo.synth import generate_bank_accounts, generate_persons
from accord.demo.variants import LinkedRow, generate_linked, iter_linked

__all__ = [
    "DEMO_PASSWORD",
    "LinkedRow",
    "Scenario",
    "SeedEntity",
    "build_scenario",
    "generate_bank_accounts",
    "generate_linked",
    "generate_persons",
    "iter_linked",
]
