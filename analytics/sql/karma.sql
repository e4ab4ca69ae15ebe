-- Karma points credited, per org (the officer's current org), month and designation.
SELECT u.org_id,
       substr(k.created_at, 1, 7) AS month,
       coalesce(u.designation_id, '-') AS designation_id,
       sum(k.points) AS karma
FROM karma k
JOIN users u ON u.user_id = k.user_id
WHERE k.created_at IS NOT NULL
GROUP BY u.org_id, substr(k.created_at, 1, 7), coalesce(u.designation_id, '-')
ORDER BY 1, 2, 3
