"""Every edit in the back office is recorded with who, when, before and after (kegong.admin_log): a change
to an enterprise in the admin, a user added with role and scope in one form."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User

from kegong.accounts.selectors import access_of
from kegong.accounts.services import user_create
from kegong.core import access
from kegong.enterprises.models import Enterprise, OrgUnit
from kegong.enterprises.services import county
from tests.ingest.builders import uscc

PW = "Kegong-2026-pw"


@pytest.fixture
def firm(db):
    town = OrgUnit.objects.create(name="城关镇", kind=OrgUnit.Kind.TOWN, parent=county())
    OrgUnit.objects.create(name="白沙镇", kind=OrgUnit.Kind.TOWN, parent=county())
    return Enterprise.objects.create(uscc=uscc(1), name="青溪县宏达建材厂", industry_code="3011", town=town,
                                     contact_person="张三")


def _inlines(*prefixes: str) -> dict:
    out = {}
    for p in prefixes:
        out.update({f"{p}-TOTAL_FORMS": "0", f"{p}-INITIAL_FORMS": "0", f"{p}-MIN_NUM_FORMS": "0",
                    f"{p}-MAX_NUM_FORMS": "1000"})
    return out


def test_an_admin_edit_records_before_and_after(client, firm):
    admin = user_create(username="root", password=PW, role=access.ADMIN, name="局管理员甲", check_password=False)
    client.force_login(admin)
    baisha = OrgUnit.objects.get(name="白沙镇")
    data = {"uscc": firm.uscc, "name": "青溪县宏达建材有限公司", "industry_code": "3011", "town": baisha.pk,
            "park": "", "chain": "", "contact_person": "张三", "contact_phone": "", "commissioned": "",
            **_inlines("aliases", "scale_statuses")}
    r = client.post(f"/admin/enterprises/enterprise/{firm.pk}/change/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    entry = LogEntry.objects.get(object_id=str(firm.pk))
    assert entry.user == admin and entry.action_time is not None
    msg = entry.get_change_message()
    assert "单位详细名称：“青溪县宏达建材厂”→“青溪县宏达建材有限公司”" in msg
    assert "“城关镇" in msg and "→“白沙镇" in msg
    assert "联系人" not in msg  # unchanged fields are not listed
    history = client.get(f"/admin/enterprises/enterprise/{firm.pk}/history/").content.decode()
    assert "青溪县宏达建材厂" in history and "root" in history


def test_a_user_is_added_with_role_and_scope_in_one_form(client, firm):
    client.force_login(user_create(username="root", password=PW, role=access.ADMIN, check_password=False))
    page = client.get("/admin/auth/user/add/").content.decode()
    assert "角色与范围" in page and "乡镇/园区人员" in page and ">town<" not in page  # Chinese names in choices
    r = client.post("/admin/auth/user/add/", {
        "username": "cg-li", "password1": "Qx-2026-town-pw!", "password2": "Qx-2026-town-pw!",
        "usable_password": "true",
        "account-TOTAL_FORMS": "1", "account-INITIAL_FORMS": "0", "account-MIN_NUM_FORMS": "0",
        "account-MAX_NUM_FORMS": "1", "account-0-role": access.TOWN,
        "account-0-read_units": [OrgUnit.objects.get(name="城关镇").pk], "account-0-phone": ""})
    assert r.status_code == 302, r.content.decode()[:3000]
    user = User.objects.get(username="cg-li")
    a = access_of(user)
    assert a.role == access.TOWN and a.may_read(firm)
    entry = LogEntry.objects.filter(object_id=str(user.pk)).latest("action_time")
    msg = entry.get_change_message()
    assert "新增" in msg and "可查看的乡镇/园区“城关镇”" in msg and "角色“乡镇/园区人员”" in msg
    assert "Qx-2026-town-pw!" not in msg and "（已设置）" in msg  # the password is never written down


def test_a_changed_scope_applies_at_once(client, firm):
    """The access cache forgets an account the moment it changes in this process."""
    from kegong.accounts.models import Account

    user = user_create(username="cg", password=PW, role=access.TOWN, units=["白沙镇"], check_password=False)
    client.force_login(user)
    assert client.get(f"/enterprises/{firm.uscc}/").status_code == 404  # 城关镇's firm
    Account.objects.get(user=user).read_units.set([OrgUnit.objects.get(name="城关镇")])
    assert client.get(f"/enterprises/{firm.uscc}/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get(f"/enterprises/{firm.uscc}/").status_code == 302  # logged out: to the login page
