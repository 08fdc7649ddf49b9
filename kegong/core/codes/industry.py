"""国民经济行业分类 (GB/T 4754-2017): a four-digit class code gives its division (大类, the first two
digits) and its section (门类, a letter). Industry (工业) is sections B, C and D."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kegong.core.errors import InputError

SECTIONS: dict[str, tuple[str, int, int]] = {
    "A": ("农、林、牧、渔业", 1, 5),
    "B": ("采矿业", 6, 12),
    "C": ("制造业", 13, 43),
    "D": ("电力、热力、燃气及水生产和供应业", 44, 46),
    "E": ("建筑业", 47, 50),
    "F": ("批发和零售业", 51, 52),
    "G": ("交通运输、仓储和邮政业", 53, 60),
    "H": ("住宿和餐饮业", 61, 62),
    "I": ("信息传输、软件和信息技术服务业", 63, 65),
    "J": ("金融业", 66, 69),
    "K": ("房地产业", 70, 70),
    "L": ("租赁和商务服务业", 71, 72),
    "M": ("科学研究和技术服务业", 73, 75),
    "N": ("水利、环境和公共设施管理业", 76, 79),
    "O": ("居民服务、修理和其他服务业", 80, 82),
    "P": ("教育", 83, 83),
    "Q": ("卫生和社会工作", 84, 85),
    "R": ("文化、体育和娱乐业", 86, 90),
    "S": ("公共管理、社会保障和社会组织", 91, 96),
    "T": ("国际组织", 97, 97),
}

INDUSTRY_SECTIONS = ("B", "C", "D")

# Divisions (大类) of the industrial sections, by name; other sections' divisions are known by number only.
DIVISIONS: dict[str, str] = {
    "06": "煤炭开采和洗选业", "07": "石油和天然气开采业", "08": "黑色金属矿采选业", "09": "有色金属矿采选业",
    "10": "非金属矿采选业", "11": "开采专业及辅助性活动", "12": "其他采矿业",
    "13": "农副食品加工业", "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "16": "烟草制品业",
    "17": "纺织业", "18": "纺织服装、服饰业", "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业", "21": "家具制造业", "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业", "26": "化学原料和化学制品制造业", "27": "医药制造业",
    "28": "化学纤维制造业", "29": "橡胶和塑料制品业", "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业", "32": "有色金属冶炼和压延加工业", "33": "金属制品业",
    "34": "通用设备制造业", "35": "专用设备制造业", "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业",
    "42": "废弃资源综合利用业", "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业", "45": "燃气生产和供应业", "46": "水的生产和供应业",
}

# Names of the classes (小类) the bureau meets most; other classes are known by their division.
CLASSES: dict[str, str] = {
    "1011": "石灰石、石膏开采", "1019": "粘土及其他土砂石开采", "0912": "铅锌矿采选", "0919": "其他常用有色金属矿采选",
    "1012": "建筑装饰用石开采", "1013": "耐火土石开采",
    "1310": "谷物磨制", "1351": "牲畜屠宰", "1371": "蔬菜加工", "1391": "淀粉及淀粉制品制造",
    "1430": "方便食品制造", "1530": "精制茶加工", "1512": "白酒制造",
    "2011": "锯材加工", "2021": "胶合板制造", "2032": "木门窗制造", "2110": "木质家具制造",
    "2120": "竹、藤家具制造", "2130": "金属家具制造", "2190": "其他家具制造",
    "3021": "水泥制品制造", "3031": "粘土砖瓦及建筑砌块制造", "3032": "建筑用石加工",
    "3011": "水泥制造", "3099": "其他非金属矿物制品制造", "3089": "耐火陶瓷制品及其他耐火材料制造",
    "2651": "初级形态塑料及合成树脂制造", "2929": "塑料零件及其他塑料制品制造",
    "3250": "有色金属合金制造", "3311": "金属结构制造",
    "3411": "锅炉及辅助设备制造", "3490": "其他通用设备制造业", "3513": "建筑工程用机械制造",
    "3825": "光伏设备及元器件制造", "3891": "电容器及其配套设备制造",
    "3971": "电子元件及电子专用材料制造", "3982": "电子电路制造", "3989": "其他电子元件制造",
    "4411": "火力发电", "4413": "水力发电", "4415": "风力发电", "4416": "太阳能发电",
    "4420": "电力供应", "4430": "热力生产和供应", "4610": "自来水生产和供应",
}


class IndustryCodeError(InputError):
    """An industry class code that is not a GB/T 4754-2017 code; the message is Chinese."""


@dataclass(frozen=True)
class IndustryClass:
    code: str
    division: str
    section: str

    @property
    def section_name(self) -> str:
        return SECTIONS[self.section][0]

    @property
    def division_name(self) -> str:
        return DIVISIONS.get(self.division, f"{self.division} 大类")

    @property
    def name(self) -> str:
        return CLASSES.get(self.code, self.division_name)

    @property
    def is_industry(self) -> bool:
        return self.section in INDUSTRY_SECTIONS


def section_of_division(division: str) -> str | None:
    n = int(division)
    for letter, (_, lo, hi) in SECTIONS.items():
        if lo <= n <= hi:
            return letter
    return None


def classify(raw: object) -> IndustryClass:
    """``classify("2110")`` → class 2110, division 21 (家具制造业), section C (制造业)."""
    code = str(raw if raw is not None else "").strip()
    if re.fullmatch(r"\d{3}", code):  # a leading zero lost in a spreadsheet: 612 -> 0612
        code = "0" + code
    if not re.fullmatch(r"\d{4}", code):
        raise IndustryCodeError(f"行业代码“{raw}”应为 4 位数字（GB/T 4754-2017 小类）")
    section = section_of_division(code[:2])
    if section is None:
        raise IndustryCodeError(f"行业代码“{raw}”的大类 {code[:2]} 不在 GB/T 4754-2017 中")
    return IndustryClass(code=code, division=code[:2], section=section)


def section_name(letter: str) -> str:
    try:
        return SECTIONS[letter][0]
    except KeyError as e:
        raise IndustryCodeError(f"行业门类“{letter}”不存在（应为 A-T）") from e
