-- The SQL views: a stable interface for dashboards and ad-hoc queries (docs/store.md).
-- Columns are only ever added. Keep in step with ../postgres/00002_views.sql.

-- +goose Up
CREATE VIEW repogov_runs AS
SELECT r.id                                                   AS run_id,
       r.run_uid,
       r.label,
       r.logical,
       datetime(r.started_ns / 1000000000, 'unixepoch')       AS started,
       datetime(r.finished_ns / 1000000000, 'unixepoch')      AS finished,
       r.tool,
       r.policy_name,
       r.policy_digest,
       r.incomplete,
       r.repositories,
       r.scanned,
       r.unreadable,
       r.compliant,
       r.failures,
       r.compliant_share,
       r.mean_score
FROM repogov_run r;

-- A logical run: one run, or every run of one label (matrix shards). age 0 is the newest.
CREATE VIEW repogov_logical_runs AS
SELECT g.*, ROW_NUMBER() OVER (ORDER BY g.last_run_id DESC) - 1 AS age
FROM (
    SELECT r.logical,
           max(r.label)                                              AS label,
           count(*)                                                  AS runs,
           min(r.id)                                                 AS first_run_id,
           max(r.id)                                                 AS last_run_id,
           datetime(min(r.started_ns) / 1000000000, 'unixepoch')     AS started,
           datetime(max(r.finished_ns) / 1000000000, 'unixepoch')    AS finished,
           max(r.incomplete)                                         AS incomplete,
           sum(r.repositories)                                       AS repositories,
           sum(r.scanned)                                            AS scanned,
           sum(r.compliant)                                          AS compliant,
           sum(r.failures)                                           AS failures,
           round(CAST(sum(r.compliant) AS REAL) / nullif(sum(r.scanned), 0), 4) AS compliant_share,
           round(sum(r.score_sum) / nullif(sum(r.scanned), 0), 1)    AS mean_score
    FROM repogov_run r
    GROUP BY r.logical
) g;

-- Every repository the store knows, its latest facts, and the runs it was first and last
-- seen in.
CREATE VIEW repogov_repositories AS
SELECT p.id          AS repo_id,
       p.key         AS repository,
       p.host,
       p.owner,
       p.name,
       p.full_name,
       p.host_id,
       p.url,
       p.visibility,
       p.archived,
       p.fork,
       p.description,
       f.run_id      AS first_seen_run,
       datetime(rf.started_ns / 1000000000, 'unixepoch')      AS first_seen,
       l.run_id      AS last_seen_run,
       datetime(rl.started_ns / 1000000000, 'unixepoch')       AS last_seen
FROM repogov_repository p
LEFT JOIN (SELECT repo_id, min(run_id) AS run_id FROM repogov_run_repo GROUP BY repo_id) f ON f.repo_id = p.id
LEFT JOIN (SELECT repo_id, max(run_id) AS run_id FROM repogov_run_repo GROUP BY repo_id) l ON l.repo_id = p.id
LEFT JOIN repogov_run rf ON rf.id = f.run_id
LEFT JOIN repogov_run rl ON rl.id = l.run_id;

-- Every repository of every run with its score.
CREATE VIEW repogov_repo_scores AS
SELECT m.run_id,
       r.logical,
       datetime(r.started_ns / 1000000000, 'unixepoch') AS started,
       p.key                                            AS repository,
       p.host,
       p.owner,
       p.full_name,
       nullif(m.error, '') AS error,
       m.score,
       m.scored,
       m.compliant,
       m.failures,
       m.errors,
       CASE m.worst WHEN 3 THEN 'error' WHEN 2 THEN 'warning' WHEN 1 THEN 'note' ELSE 'none' END AS worst,
       m.superseded
FROM repogov_run_repo m
JOIN repogov_run r ON r.id = m.run_id
JOIN repogov_repository p ON p.id = m.repo_id;

-- Every result of every run (one row per run × repository × rule).
CREATE VIEW repogov_run_results AS
SELECT m.run_id,
       r.logical,
       datetime(r.started_ns / 1000000000, 'unixepoch') AS started,
       p.key                                            AS repository,
       p.host,
       p.owner,
       p.full_name,
       ru.rule_id,
       b.status,
       b.severity,
       b.message,
       b.reason,
       CASE WHEN b.exempt_until_ns IS NULL THEN NULL
            ELSE datetime(b.exempt_until_ns / 1000000000, 'unixepoch') END AS exempt_until,
       m.superseded
FROM repogov_run_repo m
JOIN repogov_run r ON r.id = m.run_id
JOIN repogov_repository p ON p.id = m.repo_id
JOIN repogov_result x ON x.repo_id = m.repo_id AND x.valid_from <= m.run_id
                     AND (x.valid_to IS NULL OR x.valid_to > m.run_id)
JOIN repogov_rule ru ON ru.id = x.rule
JOIN repogov_result_body b ON b.id = x.body_id;

-- The results of the newest logical run.
CREATE VIEW repogov_latest_results AS
SELECT x.*
FROM repogov_run_results x
JOIN repogov_run r ON r.id = x.run_id
JOIN repogov_logical_runs l ON l.logical = r.logical AND l.age = 0
WHERE x.superseded = 0;

-- Per logical run and rule: counts and pass rate ((pass + inherited) / counted; 1 when
-- nothing counted).
CREATE VIEW repogov_rule_trend AS
SELECT l.logical,
       l.label,
       l.last_run_id,
       l.started,
       l.age,
       ru.rule_id,
       sum(rr.pass)           AS pass,
       sum(rr.fail)           AS fail,
       sum(rr.inherited)      AS inherited,
       sum(rr.exempt)         AS exempt,
       sum(rr.not_applicable) AS not_applicable,
       sum(rr.error)          AS error,
       coalesce(round(CAST(sum(rr.pass) + sum(rr.inherited) AS REAL)
                / nullif(sum(rr.pass) + sum(rr.inherited) + sum(rr.fail) + sum(rr.error), 0), 4), 1) AS pass_rate
FROM repogov_run_rule rr
JOIN repogov_run r ON r.id = rr.run_id
JOIN repogov_logical_runs l ON l.logical = r.logical
JOIN repogov_rule ru ON ru.id = rr.rule
GROUP BY l.logical, l.label, l.last_run_id, l.started, l.age, ru.rule_id;

-- Per logical run and owner (organization, user, group): compliant share and mean score.
CREATE VIEW repogov_owner_scores AS
SELECT l.logical,
       l.last_run_id,
       l.started,
       l.age,
       s.host,
       s.owner,
       count(*)                                                   AS repositories,
       sum(s.scored)                                              AS scanned,
       sum(s.compliant)                                           AS compliant,
       round(CAST(sum(s.compliant) AS REAL) / nullif(sum(s.scored), 0), 4) AS compliant_share,
       round(sum(CASE WHEN s.scored = 1 THEN s.score ELSE 0 END) / nullif(sum(s.scored), 0), 1) AS mean_score
FROM repogov_repo_scores s
JOIN repogov_logical_runs l ON l.logical = s.logical
WHERE s.superseded = 0
GROUP BY l.logical, l.last_run_id, l.started, l.age, s.host, s.owner;

-- Regressions of the newest logical run against the one before: a result that is now
-- fail and was pass, inherited, not-applicable or exempt.
CREATE VIEW repogov_latest_regressions AS
SELECT cur.repository,
       cur.full_name,
       cur.owner,
       cur.rule_id,
       prev.status AS previous_status,
       cur.status,
       cur.severity,
       cur.message,
       cur.started
FROM repogov_run_results cur
JOIN repogov_run rc ON rc.id = cur.run_id
JOIN repogov_logical_runs lc ON lc.logical = rc.logical AND lc.age = 0
JOIN repogov_run_results prev ON prev.repository = cur.repository AND prev.rule_id = cur.rule_id
JOIN repogov_run rp ON rp.id = prev.run_id
JOIN repogov_logical_runs lp ON lp.logical = rp.logical AND lp.age = 1
WHERE cur.superseded = 0 AND prev.superseded = 0
  AND cur.status = 'fail' AND prev.status IN ('pass', 'inherited', 'not-applicable', 'exempt');

-- +goose Down
DROP VIEW repogov_latest_regressions;
DROP VIEW repogov_owner_scores;
DROP VIEW repogov_rule_trend;
DROP VIEW repogov_latest_results;
DROP VIEW repogov_run_results;
DROP VIEW repogov_repo_scores;
DROP VIEW repogov_repositories;
DROP VIEW repogov_logical_runs;
DROP VIEW repogov_runs;
