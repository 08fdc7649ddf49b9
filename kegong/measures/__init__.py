"""The registry of measures: every count or amount the dashboard and the documents show, each with a code, a
Chinese name, a unit and ``compute(period, scope)``. A ledger that adds a measure registers it here."""
