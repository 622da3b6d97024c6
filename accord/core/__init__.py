"""Cross-cutting pieces: settings, errors, logging, ids and time."""
