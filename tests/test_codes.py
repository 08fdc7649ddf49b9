"""统一社会信用代码 (GB 32100-2015 + GB 11714) and GB/T 4754-2017 industry classes."""

import pytest

from kegong.core.codes.industry import IndustryCodeError, classify, section_name
from kegong.core.codes.uscc import USCCError, is_valid_uscc, make_uscc, org_code_check_digit, validate_uscc


def test_real_and_generated_codes_are_valid():
    assert is_valid_uscc("91110000600037341L")  # a published code
    assert validate_uscc(" 91110000600037341L ") == "91110000600037341L"
    assert validate_uscc(make_uscc("9143102100000001")) == make_uscc("9143102100000001")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110000600037341A", "末位校验码错误，应为“L”"),
        ("91110000600037341l", "小写"),
        ("91110000600037341", "长度为 17 位"),
        ("911100006000373411L", "长度为 19 位"),
        ("", "为空"),
        ("9111000060003734IL", "不允许的字符 I"),
        ("91110000O00037341L", "不允许的字符 O"),
        ("91110000Z00037341L", "不允许的字符 Z"),
        ("91110000S00037341L", "不允许的字符 S"),
        ("91110000V00037341L", "不允许的字符 V"),
        ("9A110000600037341L", "前 8 位应为数字"),
    ],
)
def test_invalid_codes_say_why_in_chinese(code, message):
    with pytest.raises(USCCError) as e:
        validate_uscc(code)
    assert message in str(e.value)


def test_organization_code_check_digit_inside_the_code_is_checked():
    # 60003734 has GB 11714 check digit 1; a code whose 17th character is wrong but whose final
    # check character is recomputed to match must still be refused.
    from stdnum.cn.uscc import calc_check_digit

    assert org_code_check_digit("60003734") == "1"
    first17 = "91110000600037342"
    forged = first17 + calc_check_digit(first17)
    with pytest.raises(USCCError, match="第 17 位应为“1”"):
        validate_uscc(forged)


def test_org_code_check_digit_x_and_zero():
    # Digits chosen so the weighted sum mod 11 gives 1 (→ X) and 0 (→ 0).
    assert org_code_check_digit("00000001") in "0123456789X"
    codes = {org_code_check_digit(f"{n:08d}") for n in range(200)}
    assert "X" in codes and "0" in codes


@pytest.mark.parametrize(
    ("code", "section", "division", "division_name"),
    [
        ("2110", "C", "21", "家具制造业"),
        ("1011", "B", "10", "非金属矿采选业"),
        ("0610", "B", "06", "煤炭开采和洗选业"),
        ("610", "B", "06", "煤炭开采和洗选业"),  # leading zero lost in a spreadsheet
        ("4415", "D", "44", "电力、热力生产和供应业"),
        ("3031", "C", "30", "非金属矿物制品业"),
        ("4610", "D", "46", "水的生产和供应业"),
        ("5211", "F", "52", "52 大类"),
    ],
)
def test_industry_code_gives_section_and_division(code, section, division, division_name):
    c = classify(code)
    assert (c.section, c.division, c.division_name) == (section, division, division_name)
    assert c.is_industry == (section in "BCD")


@pytest.mark.parametrize("bad", ["21A0", "21100", "", None, "9810", "0010"])
def test_unknown_industry_codes_are_refused(bad):
    with pytest.raises(IndustryCodeError):
        classify(bad)


def test_section_names():
    assert section_name("D") == "电力、热力、燃气及水生产和供应业"
    with pytest.raises(IndustryCodeError):
        section_name("Z")
