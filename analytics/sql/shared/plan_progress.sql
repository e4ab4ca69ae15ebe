-- Who a published plan is assigned to (holders of its designations in its org, and the officers it names:
-- `targets`), how many courses it has (`course_counts`) and how many of them each assignee completed, and when
-- the last (`progress`). Shared by plans.sql and report_plans.sql, which start with `-- with: plan_progress`.
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
