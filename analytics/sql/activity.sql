-- Per org, month and designation: enrolments requested, completions, verified learning minutes and the
-- learners active in the month (anyone who enrolled, completed or played something that month).
-- Learning minutes count in the month of the enrolment's last update (the export holds no per-day history).
WITH events AS (
    SELECT org_id, user_id, substr(requested_at, 1, 7) AS month,
           1 AS enrolled, 0 AS completed, CAST(0 AS DOUBLE) AS minutes
    FROM enrolments
    WHERE requested_at IS NOT NULL
    UNION ALL
    SELECT org_id, user_id, substr(completed_at, 1, 7) AS month, 0, 1, CAST(0 AS DOUBLE)
    FROM enrolments
    WHERE completed_at IS NOT NULL
    UNION ALL
    SELECT org_id, user_id, substr(updated_at, 1, 7) AS month, 0, 0, CAST(verified_minutes AS DOUBLE)
    FROM enrolments
    WHERE verified_minutes > 0 AND updated_at IS NOT NULL
)
SELECT e.org_id,
       e.month,
       coalesce(u.designation_id, '-') AS designation_id,
       sum(e.enrolled) AS enrolments,
       sum(e.completed) AS completions,
       round(sum(e.minutes), 2) AS learning_minutes,
       count(DISTINCT e.user_id) AS active_learners
FROM events e
LEFT JOIN users u ON u.user_id = e.user_id
WHERE e.org_id IS NOT NULL
GROUP BY e.org_id, e.month, coalesce(u.designation_id, '-')
ORDER BY 1, 2, 3
