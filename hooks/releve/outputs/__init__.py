"""Non-page outputs: calendars, feeds, open data, the web editor's files, as deterministic bytes
(``GeneratedFile``)."""
