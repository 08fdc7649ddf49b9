"""National code standards: the unified social credit code (GB 32100-2015) and industry classes (GB/T 4754-2017)."""
