"""The demo county's fixed vocabulary: towns, parks, industries and their seasonal shapes."""

from __future__ import annotations

from dataclasses import dataclass

COUNTY = "青溪县"
REGION_CODE = "431099"

TOWNS = ("城关镇", "龙溪街道", "金山街道", "白沙镇", "青山镇", "石门镇", "清水镇", "红岩镇", "大坪镇",
         "黄龙镇", "桃源乡", "新田乡", "莲花乡")
PARKS = ("青溪经济开发区", "家居智造产业园")

# Month factors (Jan..Dec), mean ≈ 1. Spring Festival dip in Feb; rainy season and summer heat where apt.
_FLAT = (0.80, 0.62, 1.02, 1.03, 1.05, 1.06, 1.02, 1.03, 1.07, 1.08, 1.09, 1.13)
_BRICK = (0.70, 0.45, 1.00, 1.10, 1.05, 0.85, 0.80, 0.95, 1.15, 1.25, 1.30, 1.40)
_FOOD = (1.25, 0.95, 0.85, 0.85, 0.90, 0.95, 0.95, 1.05, 1.20, 1.05, 0.95, 1.05)
_WIND = (1.25, 1.15, 1.20, 1.10, 0.90, 0.75, 0.70, 0.75, 0.90, 1.05, 1.15, 1.10)
_SOLAR = (0.70, 0.70, 0.85, 1.00, 1.10, 1.10, 1.30, 1.30, 1.15, 1.00, 0.90, 0.90)
_HYDRO = (0.55, 0.60, 0.85, 1.15, 1.40, 1.55, 1.40, 1.15, 0.95, 0.85, 0.80, 0.75)


@dataclass(frozen=True)
class Industry:
    key: str
    chain: str
    codes: tuple[str, ...]
    products: tuple[str, ...]
    share: float  # share of the enterprises
    size_wan: tuple[float, float]  # lognormal (median annual gross output in 万元, sigma)
    season: tuple[float, ...]
    kwh_per_wan: float  # electricity intensity, 万千瓦时 per 万元 of output
    tax_rate: float
    export_share: float = 0.0
    park: str | None = None


INDUSTRIES: tuple[Industry, ...] = (
    Industry("mining", "矿产资源", ("1011", "1019", "0919", "1012"), ("矿业", "石业", "砂石", "矿产"),
             0.08, (9000, 0.6), _FLAT, 0.060, 0.075),
    Industry("furniture", "家居智造", ("2110", "2120", "2190", "2032", "2021"),
             ("家居", "家具", "木业", "门业", "定制家居"), 0.23, (8000, 0.7), _FLAT, 0.012, 0.040, 0.15,
             "家居智造产业园"),
    Industry("building", "新型建材", ("3021", "3032", "3011", "3099"), ("建材", "水泥制品", "石材", "新材料"),
             0.11, (7000, 0.6), _BRICK, 0.050, 0.045),
    Industry("bricks", "新型建材", ("3031",), ("新型墙材", "环保砖", "砖业"), 0.06, (3500, 0.4), _BRICK,
             0.080, 0.035),
    Industry("food", "绿色食品", ("1371", "1391", "1351", "1430", "1530", "1512"),
             ("食品", "茶业", "农产品", "酒业", "粮油"), 0.13, (6000, 0.6), _FOOD, 0.010, 0.050),
    Industry("electronics", "电子信息", ("3971", "3982", "3989", "3825", "3891"),
             ("电子", "科技", "光电", "智能科技"), 0.13, (12000, 0.8), _FLAT, 0.015, 0.035, 0.25,
             "青溪经济开发区"),
    Industry("machinery", "装备制造", ("3411", "3490", "3513", "3311"), ("机械", "重工", "装备", "钢构"),
             0.10, (9000, 0.6), _FLAT, 0.018, 0.040, 0.05, "青溪经济开发区"),
    Industry("materials", "新材料", ("2651", "2929", "3250", "3089"), ("新材料", "塑业", "合金", "耐材"),
             0.07, (10000, 0.7), _FLAT, 0.030, 0.045, 0.08, "青溪经济开发区"),
    Industry("wind", "新能源", ("4415",), ("风电", "风力发电"), 0.04, (6000, 0.4), _WIND, 0.010, 0.060),
    Industry("solar", "新能源", ("4416",), ("光伏发电", "新能源"), 0.03, (3500, 0.4), _SOLAR, 0.010, 0.060),
    Industry("hydro", "新能源", ("4413",), ("水电", "水力发电"), 0.02, (3000, 0.4), _HYDRO, 0.010, 0.060),
)

NAME_WORDS = ("宏达", "鑫源", "华兴", "恒盛", "振华", "瑞丰", "永安", "金泰", "泰和", "顺发", "汇通", "康达",
              "长青", "天成", "嘉佳", "明珠", "东方", "南岭", "龙腾", "博远", "盛世", "锦程", "立信", "广源",
              "同创", "安泰", "海川", "联众", "福临", "裕丰", "众鑫", "宝丰", "新港", "昌盛", "凯旋", "富源",
              "华瑞", "骏达", "祥和", "德胜", "荣昌", "信诚", "正邦", "佳美", "弘毅", "远航", "丰泽", "冠华")
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭何罗高林"
GIVEN = ("伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚")

# --- a larger vocabulary for big demos (a province-size run of tens of thousands of enterprises) ---------
# 字号 composed of two auspicious characters (宏 + 达 → 宏达); the curated NAME_WORDS above come first.
WORD_HEADS = "宏鑫华恒振瑞永金泰顺汇康长天嘉明东南龙博盛锦立广同安海联福裕众宝新昌凯富骏祥德荣信正佳弘远丰冠兴益"
WORD_TAILS = "达源兴盛华丰安泰和发通成佳珠方岭腾远世程信广创川众临鑫昌旋瑞祥胜邦美毅航泽冠辉隆升凯诚科"
# More product words per industry (the first ones are the industry's own ``products``).
MORE_PRODUCTS: dict[str, tuple[str, ...]] = {
    "mining": ("采矿", "石英", "石灰石", "矿山", "萤石"),
    "furniture": ("家私", "板业", "橱柜", "软体家居", "实木家具", "竹木"),
    "building": ("建筑材料", "混凝土", "管桩", "商砼", "预制构件"),
    "bricks": ("建材砖业", "页岩砖", "墙体材料"),
    "food": ("食品科技", "茶叶", "油茶", "米业", "果业", "饮品"),
    "electronics": ("电子科技", "电子元件", "线路板", "半导体", "电器"),
    "machinery": ("机电", "精密机械", "农机", "汽配", "机械制造"),
    "materials": ("化工", "复合材料", "橡塑", "新型材料", "铝业"),
    "wind": ("风能", "新能源发电"),
    "solar": ("光伏", "太阳能", "光电能源"),
    "hydro": ("水力", "水电开发", "电力"),
}
# Town names beyond the 13 of a county: a stem (head + tail) and 镇/乡/街道, in a fixed shuffled order.
TOWN_HEADS = "东西南北上下大小新白红青黄金石水山河龙凤马杨柳桃梅竹松花泉云高长平安永太兴乐福宝双三"
TOWN_TAILS = "口坪塘溪桥湾岭坝田冲湖铺市岗寨坡洲江源阳林峰滩垭湘港渡"
PARK_KINDS = ("工业园", "产业园", "工业集中区", "高新技术产业园")
