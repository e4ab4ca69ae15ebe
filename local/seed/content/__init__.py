"""Seed course media, generated at seed time (nothing large is committed): narrated slide videos in English
and Hindi, PDF handouts, an audio talk and a SCORM 1.2 quiz. `python -m local.seed.content.generate OUT_DIR`."""
