"""Ingest: importing a holding's entities (line reading, CSV mapping, validation, bulk
writes) and exporting them."""
