"""The store's tables. Snapshots are never updated in place: a load appends a new one."""

TABLES = """
CREATE SEQUENCE IF NOT EXISTS snapshot_ids START 1;

CREATE TABLE IF NOT EXISTS snapshots (
    snapshot_id   INTEGER NOT NULL,
    list          VARCHAR NOT NULL,
    as_of         DATE,
    loaded_at     TIMESTAMP NOT NULL,
    entries       INTEGER NOT NULL,
    source_files  VARCHAR[] NOT NULL,
    content_digest VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS entries (
    snapshot_id INTEGER NOT NULL,
    list        VARCHAR NOT NULL,
    list_id     VARCHAR NOT NULL,
    entity_id   VARCHAR NOT NULL,
    schema      VARCHAR NOT NULL,
    caption     VARCHAR NOT NULL,
    programs    VARCHAR[] NOT NULL,
    regimes     VARCHAR[] NOT NULL,
    listed_on   DATE,
    digest      VARCHAR NOT NULL,
    entities    VARCHAR NOT NULL  -- JSON list of FtM entity dicts, the main entity first
);
"""
