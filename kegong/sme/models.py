"""中小微企业 models."""
