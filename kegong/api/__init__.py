"""The read API (/api/v1/) for other systems — the city's platform, the statistics bureau's tools: the indicator
table, the rankings, the enterprise register and the ledgers as JSON, over the selectors the pages use, with
token authentication scoped like the token's user (docs/api.md)."""
