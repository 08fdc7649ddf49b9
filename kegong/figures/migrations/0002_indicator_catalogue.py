from django.db import migrations


def load_catalogue(apps, schema_editor):
    from kegong.core.catalogue import INDICATORS

    Indicator = apps.get_model("figures", "Indicator")
    for d in INDICATORS:
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={"name": d.name, "unit": d.unit, "kind": d.kind, "source": d.source,
                      "aggregation": d.aggregation, "order": d.order},
        )


class Migration(migrations.Migration):
    dependencies = [("figures", "0001_initial")]
    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
