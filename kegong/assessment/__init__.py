"""绩效考评: the yearly assessment of towns (and departments) — scheme, scores, rankings."""
