"""Who may do what: the bureau's roles and the permission table, as data (pure: no Django).

A permission is a row naming the roles that hold it; what a user may *read* or *enter* is further limited
by the user's scope (a set of towns and parks, or one enterprise), which the accounts app keeps. Adding a
page means adding (or reusing) a row here; the access-matrix test walks every URL against this table.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, STAFF, TOWN, ENTERPRISE, LEADER = "admin", "staff", "town", "enterprise", "leader"
ROLES: tuple[tuple[str, str], ...] = (
    (ADMIN, "局管理员"),
    (STAFF, "局业务人员"),
    (TOWN, "乡镇/园区人员"),
    (ENTERPRISE, "企业填报员"),
    (LEADER, "领导"),
)
ROLE_NAMES = dict(ROLES)
ALL = frozenset(r for r, _ in ROLES)
BUREAU = frozenset({ADMIN, STAFF})


@dataclass(frozen=True)
class Permission:
    code: str
    name: str
    roles: frozenset[str]


PERMISSIONS: tuple[Permission, ...] = (
    Permission("dashboard.view", "查看驾驶舱", ALL - {ENTERPRISE}),
    Permission("enterprises.view", "查看企业名单与企业档案（本人范围内）", ALL),
    Permission("enterprises.contacts", "查看企业联系人与电话", BUREAU | {TOWN, ENTERPRISE}),
    Permission("figures.view", "查看企业月度数据（本人范围内）", ALL),
    Permission("figures.enter", "录入企业月度数据（本人可填报范围内）", BUREAU | {ENTERPRISE}),
    Permission("data.import", "导入文件、导入方案", BUREAU),
    Permission("data.rollback", "撤销导入批次", BUREAU),
    Permission("data.batches", "查看导入批次", BUREAU),
    Permission("audit_log.view", "查看审计日志（登录、导出、审定、撤销、后台修改）", BUREAU),
    Permission("data.export", "批量下载（企业名单、月度数据、各类汇总表）", BUREAU),
    Permission("audit.view", "查看数据审核结果", BUREAU | {TOWN}),
    Permission("audit.confirm", "确认审核疑点", BUREAU),
    Permission("period.approve", "审定期别、解锁", BUREAU),
    Permission("reports.view", "查看与下载报告", BUREAU | {LEADER}),
    Permission("reports.make", "生成报告、编辑报告文字、上传模板", BUREAU),
    Permission("ledgers.view", "查看台账（本人范围内的企业）", ALL),
    Permission("ledgers.edit", "登记、修改、导入台账", BUREAU),
    Permission("users.manage", "管理用户、角色与范围", frozenset({ADMIN})),
)
BY_CODE = {p.code: p for p in PERMISSIONS}

# scope kinds: what limits a role's reading and entering
SCOPE_ALL, SCOPE_UNITS, SCOPE_ENTERPRISE = "all", "units", "enterprise"
READ_SCOPE = {ADMIN: SCOPE_ALL, STAFF: SCOPE_ALL, LEADER: SCOPE_ALL, TOWN: SCOPE_UNITS, ENTERPRISE: SCOPE_ENTERPRISE}
ENTRY_SCOPE = {ADMIN: SCOPE_ALL, STAFF: SCOPE_ALL, ENTERPRISE: SCOPE_ENTERPRISE}


def allows(role: str, code: str) -> bool:
    """Whether ``role`` holds permission ``code`` (an unknown code is a programming error)."""
    return role in BY_CODE[code].roles


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)
