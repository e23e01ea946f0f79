"""Snapshots on disk or in S3-compatible object storage: publish validated tables (never a
path), CURRENT, rollback, prune, and the merge and diff of tables against the live snapshot.
Knows no input format: it never imports ingest."""
