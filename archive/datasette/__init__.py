"""How the archive is published with Datasette: metadata, report pages, originals, search."""
