-- Each published plan's assignees (holders of its designations in its org, and the officers it names),
-- per designation: how many completed every course of the plan, and how many did so by the due date.
-- Overdue (not completed while the due date has passed) is derived when read: it depends on the day.
-- with: plan_progress
SELECT p.org_id,
       p.plan_id,
       p.name,
       p.due_at,
       coalesce(u.designation_id, '-') AS designation_id,
       count(*) AS assignees,
       sum(CASE WHEN coalesce(pr.done, 0) >= cc.courses THEN 1 ELSE 0 END) AS completed,
       sum(CASE WHEN coalesce(pr.done, 0) >= cc.courses AND pr.last_done <= p.due_at THEN 1 ELSE 0 END)
           AS completed_on_time
FROM targets tg
JOIN plans p ON p.plan_id = tg.plan_id
JOIN users u ON u.user_id = tg.user_id
JOIN course_counts cc ON cc.plan_id = tg.plan_id
LEFT JOIN progress pr ON pr.plan_id = tg.plan_id AND pr.user_id = tg.user_id
GROUP BY p.org_id, p.plan_id, p.name, p.due_at, coalesce(u.designation_id, '-')
ORDER BY 1, 2, 5
