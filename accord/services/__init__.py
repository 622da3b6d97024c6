"""Use cases that own transactions; the only layer that combines store, matching and model.

Grouped by capability, one subpackage each:

- ``identity``  users, agencies and holdings (directory), passwords, sessions, API tokens
- ``holdings``  who may read which holding and entity, sharing policy, the home overview
- ``ingest``    import (validation, mapping, bulk writes) and export of a holding's entities
- ``screening`` the in-memory screening index and the audited screening call
- ``audit``     the tamper-evident trail, its verification, and retention (review, erasure)

``runtime`` holds the long-lived objects of one process. Capabilities still to come get
their own subpackage the same way: ``hits``, ``exchange``, ``cases``, ``blind``.
"""
