"""``kegong panel``: the derived panel store in the data folder (status, rebuild)."""

from __future__ import annotations

import click

from kegong.cli.app import main, setup_django


@main.group()
def panel() -> None:
    """面板存储：数据目录中按数据版本保存的全部企业月度数据的列式副本（数据库仍是唯一来源）。"""


@panel.command("status")
def panel_status() -> None:
    """显示面板存储的数据版本、年份、企业数和所在目录。"""
    setup_django()
    from kegong.figures import store

    snap = store.snapshot()
    p = snap.panel
    click.echo(f"数据版本：{snap.version}")
    click.echo(f"年份：{p.first_year}-{p.first_year + p.n_years - 1}，企业 {p.n_enterprises} 家，指标 {len(p.indicators)} 项")
    click.echo(f"目录：{snap.path or '（尚无数据变更记录，未写入磁盘）'}")


@panel.command("rebuild")
def panel_rebuild() -> None:
    """删除面板存储并从数据库全部重新读取（通常不需要：每次导入、撤销、录入后自动刷新）。"""
    setup_django()
    import time

    from kegong.figures import store

    t0 = time.perf_counter()
    snap = store.rebuild()
    click.echo(f"已重建面板存储（数据版本 {snap.version}，企业 {snap.panel.n_enterprises} 家，"
               f"用时 {time.perf_counter() - t0:.1f} 秒）")
