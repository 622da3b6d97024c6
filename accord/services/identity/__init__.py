"""Identity: the directory of agencies, users and holdings; passwords, web sessions with
sign-in throttling, and API tokens."""
