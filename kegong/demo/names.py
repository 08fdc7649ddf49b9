"""The demo county's organisation and names: towns and parks that grow with its size, unique enterprise
names drawn in a bounded number of tries, and credit-code bodies that never repeat (pure: no Django)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kegong.demo import catalog as C

SMALL_COUNTY = 300  # up to this many enterprises: the county's own 13 towns and 2 parks


@dataclass(frozen=True)
class OrgStructure:
    towns: tuple[str, ...]
    extra_parks: tuple[tuple[str, str], ...] = ()  # (park, its town) beyond the county's two

    @property
    def parks(self) -> tuple[str, ...]:
        return C.PARKS + tuple(p for p, _ in self.extra_parks)


def org_structure(n_enterprises: int) -> OrgStructure:
    """13 towns and 2 parks for a county (up to ``SMALL_COUNTY`` enterprises); beyond that the number of
    towns and parks grows with the square root of the size (150 towns and 23 parks for 20,000)."""
    if n_enterprises <= SMALL_COUNTY:
        return OrgStructure(C.TOWNS)
    more = _more_towns()
    factor = math.sqrt(n_enterprises / 150)
    n_towns = min(len(C.TOWNS) + len(more), round(len(C.TOWNS) * factor))
    towns = C.TOWNS + more[: n_towns - len(C.TOWNS)]
    n_extra_parks = min(len(towns) - len(C.TOWNS), max(0, round(2 * factor) - len(C.PARKS)))
    hosts = towns[len(C.TOWNS)::max(1, (len(towns) - len(C.TOWNS)) // max(1, n_extra_parks))][:n_extra_parks]
    parks = tuple((f"{_stem(t)}{C.PARK_KINDS[k % len(C.PARK_KINDS)]}", t) for k, t in enumerate(hosts))
    return OrgStructure(towns, parks)


def _stem(town: str) -> str:
    for suffix in ("街道", "镇", "乡"):
        if town.endswith(suffix):
            return town[: -len(suffix)]
    return town


def _more_towns() -> tuple[str, ...]:
    """Every head+tail stem not already a town's, in a fixed shuffled order (the same for every seed)."""
    taken = {_stem(t) for t in C.TOWNS}
    stems = [h + t for h in C.TOWN_HEADS for t in C.TOWN_TAILS if h != t and h + t not in taken]
    order = np.random.default_rng(20260101).permutation(len(stems))
    kinds = ("镇", "镇", "镇", "乡", "镇", "镇", "镇", "乡", "镇", "街道")
    return tuple(stems[j] + kinds[k % len(kinds)] for k, j in enumerate(order))


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(k: int) -> str:
    if k < 10:
        return _CN_DIGITS[k]
    if k < 100:
        tens, ones = divmod(k, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(k)


class Namer:
    """Unique enterprise names. First the county's own vocabulary (``NAME_WORDS`` × the industry's products,
    as in a 150-enterprise county); once an industry has used most of it, a wider one (a place prefix × a
    composed 字号 × more products); and if a few draws still collide, a numbered 分公司 of the last name
    drawn — so a name is always found in a bounded number of draws."""

    LEGACY_TRIES, LEGACY_FILL, WIDE_TRIES = 50, 0.8, 8

    def __init__(self, org: OrgStructure):
        self.used: set[str] = set()
        self.legacy_count: dict[str, int] = {}
        self.branches: dict[str, int] = {}
        self.county = C.COUNTY.removesuffix("县")
        self.places = tuple(_stem(t) for t in org.towns)
        self.words = tuple(h + t for h in C.WORD_HEADS for t in C.WORD_TAILS if h != t)

    def _take(self, name: str) -> str:
        self.used.add(name)
        return name

    def name(self, rng, ind: C.Industry) -> str:
        capacity = len(C.NAME_WORDS) * len(ind.products) * 4
        if self.legacy_count.get(ind.key, 0) < self.LEGACY_FILL * capacity:
            for _ in range(self.LEGACY_TRIES):
                words = C.NAME_WORDS[int(rng.integers(len(C.NAME_WORDS)))]
                product = ind.products[int(rng.integers(len(ind.products)))]
                suffix = "有限公司" if rng.random() < 0.75 else "有限责任公司"
                prefix = self.county if rng.random() < 0.4 else ""
                name = f"{prefix}{words}{product}{suffix}"
                if name not in self.used:
                    self.legacy_count[ind.key] = self.legacy_count.get(ind.key, 0) + 1
                    return self._take(name)
        products = ind.products + C.MORE_PRODUCTS.get(ind.key, ())
        for _ in range(self.WIDE_TRIES):
            r = rng.random()
            place = "" if r < 0.45 else (self.county if r < 0.65 else self.places[int(rng.integers(len(self.places)))])
            words = self.words[int(rng.integers(len(self.words)))]
            product = products[int(rng.integers(len(products)))]
            suffix = "有限公司" if rng.random() < 0.75 else "有限责任公司"
            name = f"{place}{words}{product}{suffix}"
            if name not in self.used:
                return self._take(name)
        # A branch of the last name drawn: names end in 公司 and branches in 分公司, so with one counter per
        # name a branch's name is new.
        k = self.branches.get(name, 1) + 1
        self.branches[name] = k
        return self._take(f"{name}第{_cn_number(k)}分公司")


# Positions 9-16 of a credit code (the organisation-code body). Up to 9,999 enterprises: "MA"/"00", a 4-digit
# counter and 2 random digits (digits only). Beyond: "MA", a letter and 5 characters of the code alphabet,
# a bijective scramble of the counter — never digits only, so never equal to a code of the first range.
_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, Z, S, V
_CODE_LETTERS = _CODE_ALPHABET[10:]
_WIDE_SPACE = len(_CODE_LETTERS) * len(_CODE_ALPHABET) ** 5  # 21 × 31⁵ ≈ 6×10⁸ codes
_WIDE_STEP = 371_567_191  # ≈ 0.618 of the space and coprime with it: i → i·step mod space is a bijection


def credit_code_body(i: int, random2: int) -> str:
    """The 16-character body (dept+type, region, org-code body) of enterprise ``i``'s credit code."""
    if i < 10_000:
        return f"91{C.REGION_CODE}{'MA' if i % 3 else '00'}{i:04d}{random2:02d}"
    v = ((i - 10_000) * _WIDE_STEP + 7_777_777) % _WIDE_SPACE
    chars = []
    for _ in range(5):
        v, d = divmod(v, len(_CODE_ALPHABET))
        chars.append(_CODE_ALPHABET[d])
    return f"91{C.REGION_CODE}MA{_CODE_LETTERS[v]}{''.join(reversed(chars))}"


