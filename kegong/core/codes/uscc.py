"""统一社会信用代码 (GB 32100-2015), validated with python-stdnum.

stdnum checks the length, the character set (digits and capital letters without I O Z S V), the
registration-department/type codes, the GB 11714 organization-code check digit inside positions 9-17 and
the final check character. We add a Chinese message naming what is wrong.
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import exceptions
from stdnum.cn import uscc as _uscc

from kegong.core.errors import InputError

_ALPHABET = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


class USCCError(InputError):
    """A credit code that fails validation; the message is Chinese."""


def normalize_uscc(raw: object) -> str:
    """Strip spaces and full-width characters; keep case so that lowercase input is reported."""
    s = str(raw or "").strip()
    s = s.translate({0x3000: None, 0x20: None})
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in s)


def clean_uscc(raw: object) -> str:
    """The code as it should have been typed: full-width letters and digits made half-width (NFKC), every
    space removed (around and inside), letters upper-cased. Validate the result with :func:`validate_uscc`."""
    s = unicodedata.normalize("NFKC", str(raw if raw is not None else ""))
    return re.sub(r"[\s\u3000\u00a0]+", "", s).upper()


def validate_uscc(raw: object) -> str:
    """Return the valid code or raise USCCError explaining why it is not."""
    code = normalize_uscc(raw)
    if not code:
        raise USCCError("统一社会信用代码为空")
    if code != code.upper():
        raise USCCError(f"统一社会信用代码“{code}”含小写字母，应为大写")
    if len(code) != 18:
        raise USCCError(f"统一社会信用代码“{code}”长度为 {len(code)} 位，应为 18 位")
    bad = sorted({c for c in code if c not in _ALPHABET})
    if bad:
        raise USCCError(f"统一社会信用代码“{code}”含不允许的字符 {'、'.join(bad)}（代码不使用 I、O、Z、S、V）")
    try:
        _uscc.validate(code)
    except exceptions.InvalidChecksum as e:
        raise USCCError(
            f"统一社会信用代码“{code}”末位校验码错误，应为“{_uscc.calc_check_digit(code[:17])}”"
        ) from e
    except exceptions.ValidationError as e:
        raise USCCError(f"统一社会信用代码“{code}”格式无效（前 8 位应为数字）") from e
    expected = org_code_check_digit(code[8:16])
    if code[16] != expected:
        raise USCCError(
            f"统一社会信用代码“{code}”中组织机构代码（第 9-17 位）校验位错误，第 17 位应为“{expected}”"
        )
    return code


def is_valid_uscc(raw: object) -> bool:
    try:
        validate_uscc(raw)
    except USCCError:
        return False
    return True


def make_uscc(body16: str) -> str:
    """Complete a code from its first 16 characters (dept+type, region, org code body) — for the demo
    generator and tests. The organization-code check digit (position 17) and the final check
    character are computed."""
    if len(body16) != 16:
        raise ValueError("need 16 characters: department, type, 6-digit region, 8-character org code body")
    org_body = body16[8:16]
    org_check = org_code_check_digit(org_body)
    first17 = body16 + org_check
    return first17 + _uscc.calc_check_digit(first17)


def org_code_check_digit(body8: str) -> str:
    """GB 11714-1997 check digit of an 8-character organization code body (0-9, X)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    total = sum(w * alphabet.index(c) for w, c in zip(weights, body8))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))
