"""Named DuckDB queries over a pinned snapshot, and the source document's paragraphs."""
