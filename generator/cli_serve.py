"""``ecplan serve``: the workbench in the browser (``generator.web``)."""

from __future__ import annotations

import click


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--port", type=click.IntRange(1, 65535), default=8737, show_default=True, help="端口。")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听的地址；默认只有本机能访问。用其他地址（如 0.0.0.0）时必须设置口令。")
@click.option("--token", help="进入工作台的口令（也可用环境变量 ECPLAN_SERVE_TOKEN）；在本机以外提供服务时必须设置。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve(directory: str, port: int, host: str, token: str | None, no_browser: bool) -> None:
    """在浏览器中编写方案：列出“目录”中的方案文件，逐章填写表单，边写边检查，并可下载 Word 文档和 PDF。

    方案文件仍是唯一的依据：每次保存都直接改写 YAML 文件（保留注释和未修改部分的写法），并保留保存前的版本。
    """
    from generator.errors import SettingError
    from generator.web import missing_flask, serve as run

    missing = missing_flask()
    if missing:
        raise SettingError(missing)
    run(directory, host, port, token, not no_browser)


def register(group: click.Group) -> None:
    group.add_command(serve)
