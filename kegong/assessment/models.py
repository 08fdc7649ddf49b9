"""绩效考评 models."""
