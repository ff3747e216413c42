"""Run the perfscore xlwings Server: ``python -m addin.server [--host] [--port] [--namespace]``.

Binds 127.0.0.1:8000 by default: only this PC reaches it until ``--host`` names an address of
the network. Office.js add-ins need HTTPS except on localhost: pass ``--certfile`` and
``--keyfile`` (the bureau's certificate, or for a test PC one made with
``mkcert localhost 127.0.0.1``), or put the server behind an HTTPS reverse proxy. The optional
shared token is read from ``PERFSCORE_TOKEN``; ``--allow-origin`` adds CORS origins. See
docs/addin.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.parse

from scoring.errors import PerfscoreError

from . import ASGI_APP, check_ready, server_environment


def origin(text: str) -> str:
    """``--allow-origin``: an origin as a browser sends it, ``https://host[:port]`` in lower
    case. One with a path or a trailing slash (``https://host/``), or without the scheme, would
    match no request and leave the page refused without a word.

    Raises:
        argparse.ArgumentTypeError: in Chinese, for anything else (``*`` included).
    """
    try:
        parts = urllib.parse.urlsplit(text.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or parts.username or parts.password or parts.path or parts.query or parts.fragment):
        raise argparse.ArgumentTypeError(
            f"来源应写成 https://主机名 或 https://主机名:端口（不带路径和末尾的斜杠），而不是“{text}”")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def build_parser() -> argparse.ArgumentParser:
    """The launcher's options (Chinese help, as the CLI's)."""
    from scoring.cli import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="python -m addin.server",
                                   description="运行 perfscore 的 xlwings Server（Office.js 自定义函数与任务窗格）")
    parser.add_argument("--host", default="127.0.0.1", metavar="地址",
                        help="监听地址（默认 127.0.0.1，仅本机可访问；供局域网使用时填本机的网络地址）")
    parser.add_argument("--port", type=int, default=8000, metavar="端口", help="端口（默认 8000）")
    parser.add_argument("--namespace", default=None, metavar="命名空间",
                        help="函数命名空间，如 PERF（得到 =PERF.PERF_SCORE）；默认不加命名空间")
    parser.add_argument("--certfile", default=None, metavar="文件", help="HTTPS 证书文件（Office.js 需要 HTTPS）")
    parser.add_argument("--keyfile", default=None, metavar="文件", help="HTTPS 私钥文件")
    parser.add_argument("--allow-origin", action="append", default=None, metavar="来源", type=origin,
                        help="允许跨源调用的来源，如 https://oos.example.gov.cn，可重复；"
                             "默认只允许服务器自身。访问令牌由环境变量 PERFSCORE_TOKEN 设置")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the options, set up the environment before xlwings is imported, and serve."""
    args = build_parser().parse_args(argv)
    env = server_environment(args.namespace, origins=args.allow_origin)
    try:
        check_ready(env)
    except PerfscoreError as exc:
        print(exc.format_message(), file=sys.stderr)
        return exc.exit_code
    os.environ.update(env)
    import uvicorn

    uvicorn.run(ASGI_APP, host=args.host, port=args.port, ssl_certfile=args.certfile,
                ssl_keyfile=args.keyfile, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
