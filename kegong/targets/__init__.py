"""Annual targets (目标任务) and audit confirmations (审核确认)."""
