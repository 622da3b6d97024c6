"""Holdings: who may read which holding and entity (visibility, sharing policy, audited
cross-agency reads), and the agency overview of the home page."""
