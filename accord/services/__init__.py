"""Use cases that own transactions; the only layer that combines store, matching and model."""
