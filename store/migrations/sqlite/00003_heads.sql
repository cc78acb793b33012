-- A repository's HEAD commit and last push change far more often than the rest of its
-- metadata: they get their own change-only table, so a push adds one small row instead
-- of a whole metadata version. Runs saved before this migration keep HEAD in their
-- metadata (head_id 0).

-- +goose Up
CREATE TABLE repogov_head (
    id        INTEGER PRIMARY KEY,
    repo_id   INTEGER NOT NULL,
    oid       TEXT    NOT NULL,
    pushed_ns INTEGER NOT NULL
);
ALTER TABLE repogov_run_repo ADD COLUMN head_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE repogov_repository ADD COLUMN head_id INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE repogov_repository DROP COLUMN head_id;
ALTER TABLE repogov_run_repo DROP COLUMN head_id;
DROP TABLE repogov_head;
