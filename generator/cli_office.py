"""``ecplan office start|stop|status``: the long-lived LibreOffice that makes PDFs (``office_server``), by hand."""

from __future__ import annotations

import datetime as dt
import sys

import click


@click.group()
def office() -> None:
    """常驻的 LibreOffice：第一次生成 PDF 时自动启动，之后的 PDF 都由它生成（快得多），空闲一段时间后自行退出。

    它空闲时预先载入一个生成进程，之后生成 PDF 的命令（render --pdf、render --png、pdf）交给它执行，省去启动时间。

    用 start、stop、status 手动管理；环境变量 ECPLAN_OFFICE_IDLE 设空闲多少秒后退出（默认 600），
    ECPLAN_OFFICE_SERVER=0 不用常驻的 LibreOffice，ECPLAN_OFFICE_RENDER=0 不把命令交给预先载入的进程。
    """


def _said(status: dict) -> str:
    since = dt.datetime.fromtimestamp(status["since"]).strftime("%Y-%m-%d %H:%M:%S")
    return (f"常驻的 LibreOffice 正在运行（进程 {status['pid']}，{since} 起）：{status['offices']} 个 LibreOffice，"
            f"已生成 {status['documents']} 份，正在处理 {status['busy']} 份"
            + ("；生成进程已预先载入，生成 PDF 的命令交给它执行。" if status.get("renderer") else "。"))


@office.command()
def start() -> None:
    """启动常驻的 LibreOffice（已在运行时只显示状态）。"""
    from generator import office_client

    click.echo(_said(office_client.start()))


@office.command()
def stop() -> None:
    """停止常驻的 LibreOffice（连同它启动的每个 LibreOffice）。"""
    from generator import office_client

    click.echo("已停止常驻的 LibreOffice。" if office_client.stop() else "常驻的 LibreOffice 没有在运行。")


@office.command()
def status() -> None:
    """显示常驻的 LibreOffice 是否在运行；没有运行时退出码为 1。"""
    from generator import office_client

    state = office_client.running()
    click.echo(_said(state) if state else "常驻的 LibreOffice 没有在运行（下次生成 PDF 时会自动启动）。")
    sys.exit(0 if state else 1)


def register(group: click.Group) -> None:
    group.add_command(office)
