-- Report "completions": each completed enrolment of each org's officers, in completion order.
SELECT e.org_id,
       e.user_id,
       u.employee_id,
       u.name,
       u.designation,
       e.course_id,
       e.course_title,
       e.completed_at,
       e.verified_minutes
FROM enrolments e
LEFT JOIN users u ON u.user_id = e.user_id
WHERE e.org_id IS NOT NULL AND e.completed_at IS NOT NULL
ORDER BY e.org_id, e.completed_at, e.enrolment_id
