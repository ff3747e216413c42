"""Run the perfscore xlwings Server: ``python -m addin.server [--host] [--port] [--namespace]``.

Binds 127.0.0.1:8000 by default. Office.js add-ins need HTTPS: pass ``--certfile`` and
``--keyfile`` (for a test PC, certificates made with ``mkcert localhost 127.0.0.1``), or put the
server behind an HTTPS reverse proxy. See docs/addin.md.
"""

from __future__ import annotations

import argparse
import os
import sys

from scoring.errors import PerfscoreError

from . import ASGI_APP, check_ready, server_environment


def main(argv: list[str] | None = None) -> int:
    """Parse the options, set up the environment before xlwings is imported, and serve."""
    parser = argparse.ArgumentParser(prog="python -m addin.server",
                                     description="运行 perfscore 的 xlwings Server（Office.js 自定义函数）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument("--namespace", default=None,
                        help="函数命名空间，如 PERF（得到 =PERF.PERF_SCORE）；默认不加命名空间")
    parser.add_argument("--certfile", default=None, help="HTTPS 证书文件（Office.js 需要 HTTPS）")
    parser.add_argument("--keyfile", default=None, help="HTTPS 私钥文件")
    args = parser.parse_args(argv)
    env = server_environment(args.namespace)
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
