-- Report "plans": each assignee of each published plan, with how many of the plan's courses they completed.
WITH targets AS (
    SELECT p.plan_id, u.user_id
    FROM plans p
    JOIN plan_targets t ON t.plan_id = p.plan_id AND t.designation_id IS NOT NULL
    JOIN users u ON u.org_id = p.org_id AND u.designation_id = t.designation_id
    WHERE p.status = 'LIVE'
    UNION
    SELECT p.plan_id, u.user_id
    FROM plans p
    JOIN plan_targets t ON t.plan_id = p.plan_id AND t.user_id IS NOT NULL
    JOIN users u ON u.user_id = t.user_id AND u.org_id = p.org_id
    WHERE p.status = 'LIVE'
),
course_counts AS (
    SELECT plan_id, count(DISTINCT course_id) AS courses
    FROM plan_courses
    GROUP BY plan_id
),
progress AS (
    SELECT tg.plan_id, tg.user_id, count(DISTINCT d.course_id) AS done, max(d.completed_at) AS last_done
    FROM targets tg
    JOIN plan_courses pc ON pc.plan_id = tg.plan_id
    JOIN course_done d ON d.user_id = tg.user_id AND d.course_id = pc.course_id
    GROUP BY tg.plan_id, tg.user_id
)
SELECT p.org_id,
       p.plan_id,
       p.name AS plan_name,
       p.due_at,
       tg.user_id,
       u.employee_id,
       u.name,
       u.designation,
       cc.courses,
       coalesce(pr.done, 0) AS courses_done,
       pr.last_done
FROM targets tg
JOIN plans p ON p.plan_id = tg.plan_id
JOIN users u ON u.user_id = tg.user_id
JOIN course_counts cc ON cc.plan_id = tg.plan_id
LEFT JOIN progress pr ON pr.plan_id = tg.plan_id AND pr.user_id = tg.user_id
ORDER BY p.org_id, p.plan_id, u.name, tg.user_id
