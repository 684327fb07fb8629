"""The archive's on-disk format: content-addressed blobs, the crawl catalogue, the
published SQLite schema and the Datasette configuration."""
