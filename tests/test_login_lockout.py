"""Login protection (issue 15 item 2): five wrong passwords in a row for one user name from one address lock
that pair for 30 minutes (django-axes) with a Chinese page; a correct password is refused until the cool-off
has passed; each attempt is in the audit log with its address."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings

from kegong.auditlog.models import Event
from kegong.core import access
from tests.desk_data import PW, make_user

IP = "10.20.30.40"
LOCKED = "登录已暂时锁定"
WRONG = "用户名或密码不正确"


@pytest.fixture
def wang(db):
    return make_user(access.STAFF, "wang", "王主任")


def _post(client: Client, password: str, ip: str = IP, **extra):
    return client.post("/login/", {"username": "wang", "password": password}, REMOTE_ADDR=ip, **extra)


def _signed_in(client: Client) -> bool:
    return client.get("/enterprises/").status_code == 200


def test_the_settings_are_the_issues():
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_the_sixth_wrong_password_meets_the_lockout_and_a_correct_one_waits_for_the_cool_off(client, wang):
    for i in range(1, settings.AXES_FAILURE_LIMIT):
        r = _post(client, f"wrong-{i}")
        assert r.status_code == 200 and WRONG in r.content.decode(), i
    fifth = _post(client, "wrong-5")  # the limit reached: locked from this attempt on
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    sixth = _post(client, "wrong-6")
    html = sixth.content.decode()
    assert sixth.status_code == 429 and LOCKED in html and "30 分钟后再试" in html and "wang" in html
    assert "Traceback" not in html and "axes" not in html.lower()

    right = _post(client, PW)  # the right password, still locked
    assert right.status_code == 429 and LOCKED in right.content.decode() and not _signed_in(client)

    # another address is not locked out for this user name (username + IP)
    other = Client()
    assert _post(other, PW, ip="10.20.30.41").status_code == 302 and _signed_in(other)

    # 31 minutes later: the cool-off is over
    AccessAttempt.objects.filter(ip_address=IP).update(
        attempt_time=AccessAttempt.objects.get(ip_address=IP).attempt_time - dt.timedelta(minutes=31))
    later = _post(client, PW)
    assert later.status_code == 302 and _signed_in(client)


def test_each_attempt_is_logged_with_its_address(client, wang):
    for i in range(6):
        _post(client, f"wrong-{i}")
    _post(client, PW)
    failed = Event.objects.filter(action=Event.Action.LOGIN_FAILED).order_by("at", "pk")
    assert failed.count() == 7  # six wrong passwords and the right one refused while locked
    assert {(e.username, e.ip, e.via) for e in failed} == {("wang", IP, "网页")}
    assert Event.objects.filter(action=Event.Action.LOCKED_OUT, username="wang", ip=IP).exists()
    assert not Event.objects.filter(action=Event.Action.LOGIN).exists()


def test_a_login_and_a_logout_are_logged_and_a_success_clears_the_failures(client, wang):
    for i in range(3):
        _post(client, f"wrong-{i}")
    assert _post(client, PW).status_code == 302
    login = Event.objects.get(action=Event.Action.LOGIN)
    assert (login.user, login.username, login.ip) == (wang, "wang", IP)
    client.post("/logout/", REMOTE_ADDR=IP)
    logout = Event.objects.get(action=Event.Action.LOGOUT)
    assert (logout.user, logout.ip) == (wang, IP)
    # the three failures were forgotten on success: five more are needed for a lockout
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post(client, f"again-{i}").status_code == 200


def test_behind_the_proxy_the_forwarded_address_is_locked_and_logged(client, wang):
    with override_settings(KEGONG_TRUST_X_FORWARDED_FOR=True):
        for i in range(settings.AXES_FAILURE_LIMIT):
            _post(client, f"wrong-{i}", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"spoofed, {IP}")
        assert _post(client, PW, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=IP).status_code == 429
        # another visitor behind the same proxy is not locked out
        assert _post(Client(), PW, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 302
    assert set(Event.objects.filter(action=Event.Action.LOGIN_FAILED).values_list("ip", flat=True)) == {IP}
