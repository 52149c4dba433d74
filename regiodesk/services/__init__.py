"""Use cases of the office. Each public method owns its transaction."""
