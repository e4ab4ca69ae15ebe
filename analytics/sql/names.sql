-- The names the dashboards show: each org's, and each designation's as its holders' profiles carry it.
SELECT 'org' AS kind, org_id AS id, max(name) AS name
FROM orgs
GROUP BY org_id
UNION ALL
SELECT 'designation' AS kind, designation_id AS id, max(designation) AS name
FROM users
WHERE designation_id IS NOT NULL
GROUP BY designation_id
ORDER BY 1, 2
