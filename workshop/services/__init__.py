"""Workshop services (writes): keyword-only, atomic, one ticket event per movement."""
