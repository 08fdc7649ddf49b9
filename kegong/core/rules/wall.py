"""墙材与节能: what producing 新型墙体材料 instead of 实心粘土砖 saves, per 1 亿块 标准砖 (折标砖), as data.

墙改 statistics (the 墙体材料革新 offices' yearly returns) convert the year's output of 新型墙材, in 亿块标砖,
into the land, energy and industrial waste it stands for, with fixed coefficients per 亿块标砖. The land
coefficient is the one every 墙改办 quotes — 每生产1亿块实心粘土砖约毁地（取土）165亩, so 1 亿块标砖 of 新型墙材
saves 165 亩. The coal and waste coefficients are those implied by a published provincial return: 浙江省
2006年 produced 133.66 亿块标砖 of 新型墙材 and reported 节约土地 2.21 万亩 (165 亩 per 亿块: the same
coefficient), 节能 82.88 万吨标煤 (6,200 吨 per 亿块) and 综合利用工业废渣 1,229.46 万吨 (92,000 吨 per 亿块),
as published with the 《浙江省发展新型墙体材料条例》 (2008). A county's own 墙改办 may use other figures:
kegong keeps these as the defaults of a table staff edit (kegong.wall.models.SavingsCoefficient).

Pure functions, no Django: ``savings`` multiplies exactly in Decimal; ``half_up`` rounds as the returns do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WAN_PER_YI = Decimal(10000)  # 1 亿块 = 10,000 万块
ZHEJIANG_2006 = ("浙江省2006年新型墙体材料统计：产量133.66亿块标砖，节约土地2.21万亩，节能82.88万吨标煤，"
                 "综合利用工业废渣1229.46万吨（随《浙江省发展新型墙体材料条例》公布，2008年）")


@dataclass(frozen=True)
class Coefficient:
    code: str  # land | coal | waste
    name: str
    value: Decimal  # per 1 亿块标砖
    unit: str
    source: str
    year: int  # the year of the source


DEFAULTS: tuple[Coefficient, ...] = (
    Coefficient("land", "节约土地", Decimal(165), "亩/亿块标砖",
                "墙改统计通用口径：每生产1亿块实心粘土砖约毁地（取土）165亩，每生产1亿块标砖新型墙材即节约土地165亩；"
                "与" + ZHEJIANG_2006 + "折算一致", 2006),
    Coefficient("coal", "节约能源", Decimal(6200), "吨标煤/亿块标砖",
                "由" + ZHEJIANG_2006 + "折算：82.88万吨÷133.66亿块≈0.62万吨标煤/亿块", 2006),
    Coefficient("waste", "利用工业废渣", Decimal(92000), "吨/亿块标砖",
                "由" + ZHEJIANG_2006 + "折算：1229.46万吨÷133.66亿块≈9.2万吨/亿块", 2006),
)
DEFAULT_BY_CODE: dict[str, Coefficient] = {c.code: c for c in DEFAULTS}
CODES = tuple(DEFAULT_BY_CODE)


@dataclass(frozen=True)
class Savings:
    land: Decimal  # 亩
    coal: Decimal  # 吨标煤
    waste: Decimal  # 吨


def half_up(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _value(c: Coefficient | Decimal | int | str) -> Decimal:
    return c.value if isinstance(c, Coefficient) else Decimal(str(c))


def savings(output_wan_blocks: Decimal | int | str,
            coefficients: Mapping[str, Coefficient | Decimal | int | str] | None = None) -> Savings:
    """What an output of ``output_wan_blocks`` 万块标砖 saves, exactly: output ÷ 10,000 × each coefficient per
    亿块 (``coefficients`` by code; a code missing takes the default). A negative output is an error."""
    out = Decimal(str(output_wan_blocks))
    if out < 0:
        raise ValueError("墙材产量不能为负数")
    coeffs = {**{c.code: c for c in DEFAULTS}, **(coefficients or {})}
    yi = out / WAN_PER_YI  # exact: a division by a power of ten
    return Savings(*(yi * _value(coeffs[code]) for code in CODES))


def to_yi(output_wan_blocks: Decimal | int | str) -> Decimal:
    """万块 → 亿块, exactly."""
    return Decimal(str(output_wan_blocks)) / WAN_PER_YI
