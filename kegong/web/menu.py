"""The menu as data: the top items; under 培育, the computed lists; under 数据, the desk's pages. Each item
names the permission that shows it (kegong.core.access) and the URL names that mark it as the current page;
a top item with children leads to the first child the user may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Item:
    label: str
    target: str  # a URL name, or a path starting with "/"
    permission: str
    here: tuple[str, ...] = ()  # URL names (a trailing "*" matches a prefix) that mark the item current
    children: tuple[Item, ...] = ()

    def url(self) -> str | None:
        """The item's address; None for a page this installation does not have (tests/test_menu.py
        checks every role's menu in full, so a misspelt name does not go unnoticed)."""
        if self.target.startswith("/"):
            return self.target
        try:
            return reverse(self.target)
        except NoReverseMatch:
            return None

    def is_here(self, name: str) -> bool:
        if any(name == h or (h.endswith("*") and name.startswith(h[:-1])) for h in self.here):
            return True
        return any(c.is_here(name) for c in self.children)


DATA = (
    Item("数据导入", "data_import", "data.import", ("data_import*",)),
    Item("导入批次", "data_batches", "data.batches", ("data_batches", "data_batch_rollback")),
    Item("导入方案", "data_profiles", "data.import", ("data_profiles",)),
    Item("手工录入", "data_entry", "figures.enter", ("data_entry",)),
    Item("数据审核", "data_audit", "audit.view", ("data_audit*",)),
    Item("期别审定", "data_approval", "period.approve", ("data_approval*",)),
    Item("数据下载", "data_downloads", "data.export", ("data_downloads", "data_export", "data_computed", "data_template")),
    Item("审计日志", "audit_log", "audit_log.view", ("audit_log",)),
)
CULTIVATION = (
    Item("研发破零倍增", "list_rd", "enterprises.view", ("list_rd*",)),
    Item("升规入统", "list_scale_up", "enterprises.view", ("list_scale_up*",)),
    Item("高企复审提醒", "list_renewals", "ledgers.view", ("list_renewals",)),
    Item("用工与融资排名", "list_rankings", "dashboard.view", ("list_rankings*",)),
    Item("中小微企业", "sme", "enterprises.view", ("sme*",)),
)
PROJECTS_IT = (
    Item("信息化", "informatization", "dashboard.view", ("informatization*",)),
    Item("项目完成情况", "projects_progress", "reports.view", ("projects_progress*",)),
)
MENU = (
    Item("驾驶舱", "home", "dashboard.view", ("home",)),
    Item("企业", "enterprises", "enterprises.view", ("enterprises", "enterprise")),
    Item("培育", "", "", children=CULTIVATION),
    Item("数据", "", "", children=DATA),
    Item("台账", "ledgers", "ledgers.view", ("ledgers", "ledger_*")),
    Item("项目与信息化", "", "", children=PROJECTS_IT),
    Item("报告", "reports", "reports.view", ("reports", "report_*")),
    Item("考评", "assessment", "dashboard.view", ("assessment*",)),
    Item("管理后台", "/admin/", "users.manage"),
)


def menu_for(perms: frozenset[str], here: str) -> dict:
    """``{"top": [(label, url, on)], "sub": [(label, url, on)]}`` for a user's permissions and the current
    page's URL name; ``sub`` is the current section's children (empty outside a section)."""
    top, sub = [], []
    for item in MENU:
        allowed = [c for c in item.children if c.permission in perms and c.url()]
        if item.children:
            if not allowed:
                continue
            on = item.is_here(here)
            top.append((item.label, allowed[0].url(), on))
            if on:
                sub = [(c.label, c.url(), c.is_here(here)) for c in allowed]
        elif item.permission in perms and item.url():
            top.append((item.label, item.url(), item.is_here(here)))
    return {"top": top, "sub": sub}
