"""PostgreSQL: the monthly figures table partitioned by year (kegong/figures/partitions.py, docs/scaling.md).
Only the physical layout changes; the model state is the same, so no operation of Django's own is needed.
Nothing happens on SQLite."""

from django.db import migrations


def forwards(apps, schema_editor):
    from kegong.figures.partitions import partition_table

    partition_table(schema_editor.connection)


def backwards(apps, schema_editor):
    from kegong.figures.partitions import unpartition_table

    unpartition_table(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("figures", "0002_indicator_catalogue")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
