"""Insights off the request path (issue 20, items 4-6): the table's data reaches files in S3, one set of SQL
files (`analytics/sql/`) runs over them — Amazon Athena in AWS, DuckDB on the dev server and in the tests —
and the results become precomputed aggregate items the dashboards read (`analytics.aggregates`) and per-org
CSV reports (`analytics.reports`). docs/analytics.md describes the layout and the choices."""
