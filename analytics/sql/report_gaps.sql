-- Report "gaps": each officer's required competencies with the best level they hold and when they first
-- reached the required one (empty while the gap is open).
WITH required AS (
    SELECT u.org_id, u.designation_id, u.designation, u.user_id, u.employee_id, u.name, r.competency_id, r.level
    FROM users u
    JOIN requirements r ON r.org_id = u.org_id AND r.designation_id = u.designation_id
),
held AS (
    SELECT rq.user_id, rq.competency_id, max(p.level) AS best_level,
           min(CASE WHEN p.level >= rq.level THEN p.acquired_at END) AS met_at
    FROM required rq
    JOIN passbook p ON p.user_id = rq.user_id AND p.competency_id = rq.competency_id
    GROUP BY rq.user_id, rq.competency_id
)
SELECT rq.org_id,
       rq.designation_id,
       rq.designation,
       rq.user_id,
       rq.employee_id,
       rq.name,
       rq.competency_id,
       rq.level AS required_level,
       coalesce(h.best_level, 0) AS current_level,
       h.met_at
FROM required rq
LEFT JOIN held h ON h.user_id = rq.user_id AND h.competency_id = rq.competency_id
ORDER BY rq.org_id, rq.designation_id, rq.name, rq.user_id, rq.competency_id
