"""Screening: the in-memory index kept fresh from the store, and the audited screening
call with its visibility rules."""
