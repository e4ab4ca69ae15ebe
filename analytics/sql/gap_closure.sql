-- Skill gaps and their closure: every (officer, competency their designation requires) pair of an org,
-- counted by the month the officer first held the required level (from any passbook entry: a course, an
-- assessment or their own declaration); month NULL = the gap is still open.
WITH required AS (
    SELECT u.org_id, u.designation_id, u.user_id, r.competency_id, r.level
    FROM users u
    JOIN requirements r ON r.org_id = u.org_id AND r.designation_id = u.designation_id
),
met AS (
    SELECT rq.user_id, rq.competency_id, min(p.acquired_at) AS met_at
    FROM required rq
    JOIN passbook p ON p.user_id = rq.user_id AND p.competency_id = rq.competency_id AND p.level >= rq.level
    GROUP BY rq.user_id, rq.competency_id
)
SELECT rq.org_id,
       rq.designation_id,
       substr(m.met_at, 1, 7) AS month,
       count(*) AS pairs
FROM required rq
LEFT JOIN met m ON m.user_id = rq.user_id AND m.competency_id = rq.competency_id
GROUP BY rq.org_id, rq.designation_id, substr(m.met_at, 1, 7)
ORDER BY 1, 2, 3
