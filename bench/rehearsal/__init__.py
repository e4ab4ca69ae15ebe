"""The one-million-user rehearsal (issue 19, item 3): generate.py, measure.py, run.py (`make rehearsal`)."""
