"""全县数据: county-level numbers per period (published figures, staff-kept facts)."""
