"""后台任务: the imports' and the reports' background jobs on a queue in the database (see docs/jobs.md)."""
