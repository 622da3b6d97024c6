"""HTTP plumbing that the API and the web pages share: request dependencies (runtime,
principal, roles), the one error shape, security headers, CSRF and same-origin rules, and
request size limits."""
