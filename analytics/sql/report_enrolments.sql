-- Report "enrolments": every enrolment of each org's officers, one row each (org first: the report writer
-- splits the result into one file per org as it streams).
SELECT e.org_id,
       e.enrolment_id,
       e.user_id,
       u.employee_id,
       u.name,
       u.designation,
       e.course_id,
       e.course_title,
       e.batch_name,
       e.status,
       e.requested_at,
       e.completed_at,
       e.verified_minutes
FROM enrolments e
LEFT JOIN users u ON u.user_id = e.user_id
WHERE e.org_id IS NOT NULL
ORDER BY e.org_id, e.requested_at, e.enrolment_id
