"""``kegong token``: the keys other systems read the API (/api/v1/) with — each belongs to a user and reads
what that user may read. The key is printed once, when it is made; only its SHA-256 is kept."""

from __future__ import annotations

import click

from kegong.cli.app import django_command, main
from kegong.core.texttable import text_table


@main.group()
def token() -> None:
    """接口令牌：创建、列出、吊销（供市平台、统计局工具等读取 /api/v1/）。"""


@token.command("create")
@click.option("--user", "username", required=True, help="令牌所属用户（接口按此用户的角色和范围返回数据）。")
@click.option("--name", required=True, help="令牌名称（用途），如 市平台。")
@click.option("--quiet", is_flag=True, help="只输出密钥（供脚本读取）。")
@django_command()
def token_create(username: str, name: str, quiet: bool) -> None:
    """为用户创建一个令牌，并显示密钥（只显示这一次）。"""
    from kegong.api.services import token_create as create

    t, key = create(username=username, name=name)
    if quiet:
        click.echo(key)
        return
    click.echo(f"已为用户“{username}”创建令牌“{t.name}”（编号 {t.pk}）。密钥只显示这一次，请立即保存：")
    click.echo(key)
    click.echo("使用：请求头 Authorization: Bearer <密钥>，接口说明见 /api/v1/docs")


@token.command("list")
@django_command()
def token_list() -> None:
    """列出全部令牌（不显示密钥）。"""
    from kegong.api.selectors import tokens

    rows = [[str(t.pk), t.name, t.user.get_username(), f"{t.prefix}…", _when(t.created_at), _when(t.last_used_at),
             "已吊销" if t.revoked else "有效"] for t in tokens()]
    if not rows:
        click.echo("还没有接口令牌（kegong token create --user 用户名 --name 用途）")
        return
    click.echo(text_table(["编号", "名称", "用户", "密钥开头", "创建时间", "最近使用", "状态"], rows))


@token.command("revoke")
@click.argument("token_id", type=int)
@django_command()
def token_revoke(token_id: int) -> None:
    """吊销编号为 TOKEN_ID 的令牌（立即失效）。"""
    from kegong.api.services import token_revoke as revoke

    t = revoke(token_id=token_id)
    click.echo(f"已吊销令牌“{t.name}”（编号 {t.pk}，用户 {t.user.get_username()}）")


def _when(moment) -> str:
    if moment is None:
        return "—"
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
