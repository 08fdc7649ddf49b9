"""The menu follows the permission table: each role sees the top items it may use, 数据 leads to the first
desk page the role may use, and the desk's pages show as a second row only inside the desk."""

from __future__ import annotations

import pytest

from kegong.core import access
from kegong.web.menu import menu_for


def perms(role: str) -> frozenset[str]:
    return frozenset(p.code for p in access.PERMISSIONS if role in p.roles)


@pytest.mark.parametrize(("role", "top", "data_url"), [
    (access.ADMIN, ["驾驶舱", "企业", "培育", "数据", "台账", "项目与信息化", "报告", "考评", "管理后台"],
     "/data/import/"),
    (access.STAFF, ["驾驶舱", "企业", "培育", "数据", "台账", "项目与信息化", "报告", "考评"], "/data/import/"),
    (access.TOWN, ["驾驶舱", "企业", "培育", "数据", "台账", "项目与信息化", "考评"], "/data/audit/"),
    (access.ENTERPRISE, ["企业", "培育", "数据", "台账"], "/data/entry/"),
    (access.LEADER, ["驾驶舱", "企业", "培育", "台账", "项目与信息化", "报告", "考评"], None),
])
def test_each_role_sees_what_it_may_use(role, top, data_url):
    m = menu_for(perms(role), "home")
    assert [label for label, _url, _on in m["top"]] == top
    assert dict((label, url) for label, url, _on in m["top"]).get("数据") == data_url
    assert m["sub"] == []


def test_the_desk_row_marks_the_current_page():
    m = menu_for(perms(access.STAFF), "data_approval_unlock")
    assert [on for label, _u, on in m["top"] if label == "数据"] == [True]
    assert [label for label, _u, on in m["sub"] if on] == ["期别审定"]
    assert [label for label, _u, _on in m["sub"]] == ["数据导入", "导入批次", "导入方案", "手工录入", "数据审核",
                                                       "期别审定", "数据下载", "审计日志"]
    town = menu_for(perms(access.TOWN), "data_audit")
    assert [label for label, _u, _on in town["sub"]] == ["数据审核"]
    assert [on for label, _u, on in menu_for(perms(access.STAFF), "report_texts_period")["top"]
            if label == "报告"] == [True]


def test_the_cultivation_lists_are_a_section_of_their_own():
    m = menu_for(perms(access.TOWN), "list_scale_up_xlsx")
    assert [(label, url) for label, url, on in m["top"] if on] == [("培育", "/lists/rd/")]
    assert [(label, on) for label, _u, on in m["sub"]] == [("研发破零倍增", False), ("升规入统", True),
                                                             ("高企复审提醒", False), ("用工与融资排名", False),
                                                             ("中小微企业", False)]


def test_projects_and_informatization_are_a_section():
    m = menu_for(perms(access.STAFF), "projects_progress_xlsx")
    assert [(label, url) for label, url, on in m["top"] if on] == [("项目与信息化", "/informatization/")]
    assert [(label, on) for label, _u, on in m["sub"]] == [("信息化", False), ("项目完成情况", True)]
    town = menu_for(perms(access.TOWN), "informatization")
    assert [label for label, _u, _on in town["sub"]] == ["信息化"]  # the county's projects: staff and leaders
