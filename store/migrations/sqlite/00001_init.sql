-- The repogov history store, SQLite dialect. Keep in step with ../postgres/00001_init.sql:
-- the same tables, columns and views; only types and view expressions differ.
-- Times are Unix nanoseconds (UTC) so a stored run reproduces its report exactly.

-- +goose Up
CREATE TABLE repogov_run (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- write order
    run_uid         TEXT    NOT NULL,                  -- report RunID as scanned
    label           TEXT    NOT NULL DEFAULT '',
    logical         TEXT    NOT NULL,                  -- "label:L" for labelled runs, else "run:ID"
    started_ns      INTEGER NOT NULL,
    finished_ns     INTEGER NOT NULL,
    saved_ns        INTEGER NOT NULL,
    tool            TEXT    NOT NULL DEFAULT '',
    policy_name     TEXT    NOT NULL DEFAULT '',
    policy_digest   TEXT    NOT NULL DEFAULT '',
    incomplete      INTEGER NOT NULL DEFAULT 0,
    header          TEXT    NOT NULL,                  -- JSON: the report without rules and repositories
    repositories    INTEGER NOT NULL,
    scanned         INTEGER NOT NULL,
    unreadable      INTEGER NOT NULL,
    compliant       INTEGER NOT NULL,
    failures        INTEGER NOT NULL,
    score_sum       REAL    NOT NULL,                  -- sum of the scanned repositories' scores
    compliant_share REAL    NOT NULL,
    mean_score      REAL    NOT NULL
);
CREATE INDEX repogov_run_logical ON repogov_run (logical);
CREATE INDEX repogov_run_uid ON repogov_run (run_uid);
CREATE INDEX repogov_run_started ON repogov_run (started_ns);

-- Interned rule ids, so result rows carry a small integer.
CREATE TABLE repogov_rule (
    id      INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL UNIQUE
);

-- Rule metadata, content-addressed: a run references the versions it evaluated.
CREATE TABLE repogov_rule_def (
    id     INTEGER PRIMARY KEY,
    rule   INTEGER NOT NULL REFERENCES repogov_rule (id),
    digest TEXT    NOT NULL UNIQUE,
    body   TEXT    NOT NULL -- JSON report.Rule
);

-- The rules of a run, in report order, with the run's per-rule counts.
CREATE TABLE repogov_run_rule (
    run_id         INTEGER NOT NULL REFERENCES repogov_run (id) ON DELETE CASCADE,
    pos            INTEGER NOT NULL,
    rule           INTEGER NOT NULL REFERENCES repogov_rule (id),
    def_id         INTEGER REFERENCES repogov_rule_def (id), -- NULL: a result's rule missing from the report's rule list
    pass           INTEGER NOT NULL,
    fail           INTEGER NOT NULL,
    inherited      INTEGER NOT NULL,
    exempt         INTEGER NOT NULL,
    not_applicable INTEGER NOT NULL,
    error          INTEGER NOT NULL,
    pass_rate      REAL    NOT NULL,
    PRIMARY KEY (run_id, pos)
) WITHOUT ROWID;

-- A repository's latest known facts (for queries); each run references the metadata
-- version it saw (repogov_meta).
CREATE TABLE repogov_repository (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE, -- report.Meta.Key(): "github.com/acme/alpha", "local/…"
    host        TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    full_name   TEXT    NOT NULL,
    host_id     INTEGER NOT NULL DEFAULT 0, -- the host's stable id, 0 when none
    url         TEXT    NOT NULL DEFAULT '',
    visibility  TEXT    NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0,
    fork        INTEGER NOT NULL DEFAULT 0,
    description TEXT    NOT NULL DEFAULT '',
    first_run   INTEGER NOT NULL,
    meta_id     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX repogov_repository_host_id ON repogov_repository (host, host_id);
CREATE INDEX repogov_repository_full_name ON repogov_repository (lower(full_name));

CREATE TABLE repogov_repository_topic (
    repo_id INTEGER NOT NULL REFERENCES repogov_repository (id) ON DELETE CASCADE,
    topic   TEXT    NOT NULL,
    PRIMARY KEY (repo_id, topic)
) WITHOUT ROWID;
CREATE INDEX repogov_repository_topic_topic ON repogov_repository_topic (topic);

-- Versions of a repository's metadata (report.Meta as JSON); a new row only on change.
CREATE TABLE repogov_meta (
    id      INTEGER PRIMARY KEY,
    repo_id INTEGER NOT NULL REFERENCES repogov_repository (id) ON DELETE CASCADE,
    digest  TEXT    NOT NULL,
    body    TEXT    NOT NULL
);
CREATE INDEX repogov_meta_repo ON repogov_meta (repo_id, digest);

-- Ordered lists of rules (a repository's results order), content-addressed.
CREATE TABLE repogov_rule_list (
    id     INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    rules  TEXT NOT NULL -- JSON array of repogov_rule ids
);

-- Which repositories a run contains, and their score in it. The two large tables
-- (this one and repogov_result) carry no foreign keys: Save writes them in one
-- transaction with the rows they point at, Prune deletes in dependency order, and a
-- per-row key check would double the cost of writing a run.
CREATE TABLE repogov_run_repo (
    run_id    INTEGER NOT NULL,
    repo_id   INTEGER NOT NULL,
    pos       INTEGER NOT NULL,
    meta_id   INTEGER NOT NULL,
    list_id   INTEGER NOT NULL,
    error     TEXT    NOT NULL, -- why the repository could not be read; '' when it was
    cached    INTEGER NOT NULL,
    score     REAL    NOT NULL,
    scored    INTEGER NOT NULL,
    compliant INTEGER NOT NULL,
    failures  INTEGER NOT NULL,
    errors    INTEGER NOT NULL,
    worst     INTEGER NOT NULL, -- worst failing severity: 0 none, 1 note, 2 warning, 3 error
    -- 1 when a newer run of the same label also contains the repository: the logical run
    -- shows the newer one.
    superseded INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, repo_id)
) WITHOUT ROWID;
CREATE INDEX repogov_run_repo_repo ON repogov_run_repo (repo_id, run_id);

-- Result contents, content-addressed: identical results share one row.
CREATE TABLE repogov_result_body (
    id              INTEGER PRIMARY KEY,
    digest          TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL,
    severity        TEXT    NOT NULL,
    message         TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    exempt_until_ns INTEGER, -- NULL: no expiry
    detail          TEXT    NOT NULL -- JSON: findings, remediation, facts, any other field
);

-- Result history: one row per change. A row holds from run valid_from until the run that
-- replaced it (valid_to, NULL while current), for the runs that contain the repository
-- and list the rule.
CREATE TABLE repogov_result (
    repo_id    INTEGER NOT NULL,
    rule       INTEGER NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to   INTEGER,
    body_id    INTEGER NOT NULL,
    PRIMARY KEY (repo_id, rule, valid_from)
) WITHOUT ROWID;
CREATE INDEX repogov_result_from ON repogov_result (valid_from);

-- +goose Down
DROP TABLE repogov_result;
DROP TABLE repogov_result_body;
DROP TABLE repogov_run_repo;
DROP TABLE repogov_rule_list;
DROP TABLE repogov_meta;
DROP TABLE repogov_repository_topic;
DROP TABLE repogov_repository;
DROP TABLE repogov_run_rule;
DROP TABLE repogov_rule_def;
DROP TABLE repogov_rule;
DROP TABLE repogov_run;
