"""Audit: the append-only, hash-chained trail, its verification, and retention (review
dates and audited erasure)."""
