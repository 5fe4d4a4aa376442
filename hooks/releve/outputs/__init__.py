"""Non-page outputs: calendars and feeds, as deterministic bytes (``GeneratedFile``)."""
