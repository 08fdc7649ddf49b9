"""项目类别: the five categories of the 示范区 scheme, seeded so staff see and keep them in the admin."""

from django.db import migrations

THEMES = ("生态环境", "生态产业", "民生福祉", "科技创新", "水生态文明")


def seed(apps, schema_editor):
    model = apps.get_model("projects", "ProjectTheme")
    for i, name in enumerate(THEMES, 1):
        model.objects.get_or_create(name=name, defaults={"order": i})


def unseed(apps, schema_editor):
    apps.get_model("projects", "ProjectTheme").objects.filter(name__in=THEMES, projects__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
