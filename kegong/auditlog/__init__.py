"""审计日志: one log of who did what, when and from where — logins, failures, lockouts, logouts, exports,
approvals, rollbacks and back-office edits. Rows are written through :func:`kegong.admin_log.record`."""
