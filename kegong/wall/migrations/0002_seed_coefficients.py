"""节约折算系数: the table seeded from kegong.core.rules.wall's defaults (valid from their source's year), so staff
see and change them in the admin. Values copied here, not imported: a migration keeps what was seeded."""

from decimal import Decimal

from django.db import migrations

ZHEJIANG_2006 = ("浙江省2006年新型墙体材料统计：产量133.66亿块标砖，节约土地2.21万亩，节能82.88万吨标煤，"
                 "综合利用工业废渣1229.46万吨（随《浙江省发展新型墙体材料条例》公布，2008年）")
DEFAULTS = (
    ("land", Decimal(165), "亩/亿块标砖",
     "墙改统计通用口径：每生产1亿块实心粘土砖约毁地（取土）165亩，每生产1亿块标砖新型墙材即节约土地165亩；"
     "与" + ZHEJIANG_2006 + "折算一致"),
    ("coal", Decimal(6200), "吨标煤/亿块标砖", "由" + ZHEJIANG_2006 + "折算：82.88万吨÷133.66亿块≈0.62万吨标煤/亿块"),
    ("waste", Decimal(92000), "吨/亿块标砖", "由" + ZHEJIANG_2006 + "折算：1229.46万吨÷133.66亿块≈9.2万吨/亿块"),
)


def seed(apps, schema_editor):
    model = apps.get_model("wall", "SavingsCoefficient")
    for code, value, unit, source in DEFAULTS:
        model.objects.get_or_create(code=code, valid_from=2006, defaults={"value": value, "unit": unit,
                                                                          "source": source})


def unseed(apps, schema_editor):
    apps.get_model("wall", "SavingsCoefficient").objects.filter(valid_from=2006).delete()


class Migration(migrations.Migration):
    dependencies = [("wall", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
