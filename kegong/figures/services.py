"""Writes of the figures app: keeping the Indicator table in step with the catalogue.

Figures themselves are written by an import (``kegong.imports.writer.write_records``), so that every
change is recorded in a batch and can be rolled back.
"""

from __future__ import annotations

from kegong.core.catalogue import INDICATORS
from kegong.figures.models import Indicator


def sync_catalogue() -> None:
    """Make the Indicator table match the catalogue (idempotent)."""
    for d in INDICATORS:
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={"name": d.name, "unit": d.unit, "kind": d.kind, "source": d.source,
                      "aggregation": d.aggregation, "order": d.order},
        )
