-- Report "plans": each assignee of each published plan, with how many of the plan's courses they completed.
-- with: plan_progress
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
