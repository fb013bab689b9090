"""Search engines: one interface, one module per engine; they take and return records."""
