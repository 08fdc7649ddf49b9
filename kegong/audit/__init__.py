"""数据审核: audit findings and their confirmations."""
