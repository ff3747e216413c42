"""``perfscore bundle``: an offline install folder for Windows PCs on an intranet.

``perfscore bundle --out 离线安装包`` runs on a computer with internet access and writes::

    离线安装包/
        install.bat     finds Python, installs from wheels\\ with pip --no-index, installs the add-ins
        说明.txt         what the folder is and how to use it (Chinese)
        加载项说明.md    docs/addin.md, which the intranet cannot fetch
        wheels/         perfscore's own wheel and every runtime dependency, for each target

The targets are CPython 3.11–3.13 on 64-bit Windows (``win_amd64``) unless ``--platform`` and
``--python`` say otherwise; ``--current`` serves the running interpreter instead (what the test
installs from). ``--server`` adds the ``server`` extra (the Office.js route).

Why not plain ``pip download --platform win_amd64``: pip evaluates the environment markers of
dependencies against the computer it runs on, not against the ``--platform`` it downloads for.
Run on Linux, it leaves out ``pywin32`` (``xlwings``: ``platform_system == 'Windows'``),
``colorama`` (``tqdm``) and ``tzdata`` (``pandas``), and tries to fetch ``uvloop``, which has no
Windows wheel (``xlwings-server``: ``sys_platform != 'win32'``). So for a Windows target pip runs
with the marker environment of that target (:data:`_PIP_FOR_TARGET`): the set it resolves is the
set pip on the Windows PC will ask for.

Nothing is written under the output folder's name until the bundle is complete: it is assembled
in a hidden folder beside it and renamed at the end. An existing folder that is not empty is
refused, and even with ``--force`` only an earlier bundle (nothing in it but the bundle's own
entries) is replaced.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import PerfscoreError, display_width
from . import arguments

#: The folder of wheels, the installer and the notes inside a bundle.
WHEELS = "wheels"
INSTALLER = "install.bat"
NOTES = "说明.txt"
#: The add-in guide (docs/addin.md) copied into the bundle: the intranet cannot fetch it.
GUIDE = "加载项说明.md"
#: Every entry a bundle holds; ``--force`` replaces a folder holding nothing else.
BUNDLE_ENTRIES = frozenset({WHEELS, INSTALLER, NOTES, GUIDE})

#: The default targets: what a bureau's Windows PCs run. Not 3.10: the pinned xlwings 0.37.8
#: requires Python 3.11 or later (its 0.37.x releases declare ``Requires-Python >=3.11``).
DEFAULT_PLATFORM = "win_amd64"
DEFAULT_PYTHONS: tuple[str, ...] = ("3.11", "3.12", "3.13")

#: Windows wheel platform tags → (``platform.machine()`` and ``sysconfig.get_platform()`` there,
#: the name users know).
WINDOWS_PLATFORMS: dict[str, tuple[str, str, str]] = {
    "win_amd64": ("AMD64", "win-amd64", "64 位 Windows"),
    "win_arm64": ("ARM64", "win-arm64", "ARM64 Windows"),
    "win32": ("x86", "win32", "32 位 Windows"),
}

#: Runs pip with the marker environment given as its first argument (JSON), so that a
#: dependency's ``; sys_platform == "win32"`` is judged for the target, not for this computer.
#: pip evaluates every marker through its vendored ``packaging.markers.default_environment``.
_PIP_FOR_TARGET = """\
import json, sys
from pip._vendor.packaging import markers
target = json.loads(sys.argv.pop(1))
markers.default_environment = lambda: dict(target)
from pip._internal.cli.main import main
sys.exit(main())
"""

#: Names in the source tree that are not copied for the wheel build: virtual environments,
#: caches, earlier build outputs (a stale ``build/lib`` would put deleted modules in the wheel).
_NOT_SOURCE = frozenset({"build", "dist", "__pycache__", "venv", "env", "node_modules"})

#: pip's words for a network that cannot be reached.
_NETWORK_TROUBLE = ("NewConnectionError", "Failed to establish a new connection",
                    "Temporary failure in name resolution", "Name or service not known",
                    "getaddrinfo failed", "ConnectTimeout", "ReadTimeout", "timed out",
                    "ProxyError", "SSLError", "Max retries exceeded", "Network is unreachable",
                    "Connection refused")


@dataclass(frozen=True)
class Target:
    """One platform and Python version the bundle has wheels for.

    Attributes:
        python: ``3.12``.
        platform: A Windows wheel platform tag (:data:`WINDOWS_PLATFORMS`), or None for the
            running interpreter's own platform.
    """

    python: str
    platform: str | None = None

    @property
    def label(self) -> str:
        """How messages name the target: ``Python 3.12（win_amd64）``."""
        return f"Python {self.python}（{self.platform or '本机 ' + sysconfig.get_platform()}）"

    @property
    def sysconfig_platform(self) -> str:
        """``sysconfig.get_platform()`` on the target: what install.bat checks."""
        return WINDOWS_PLATFORMS[self.platform][1] if self.platform else sysconfig.get_platform()

    def pip_options(self) -> list[str]:
        """pip's options that select this target's wheels (none for the running interpreter)."""
        if self.platform is None:
            return []
        return ["--platform", self.platform, "--python-version", self.python,
                "--implementation", "cp"]

    @property
    def system(self) -> str:
        """The target's system as users name it: ``64 位 Windows``, or this computer's platform."""
        return WINDOWS_PLATFORMS[self.platform][2] if self.platform else sysconfig.get_platform()

    def marker_environment(self) -> dict[str, str] | None:
        """The PEP 508 marker values of CPython ``python`` on this Windows platform (patch level
        0, as pip's ``--python-version`` takes it); None for the running interpreter, whose own
        values pip uses anyway."""
        if self.platform is None:
            return None
        machine = WINDOWS_PLATFORMS[self.platform][0]
        full = f"{self.python}.0"
        return {"implementation_name": "cpython", "implementation_version": full,
                "os_name": "nt", "platform_machine": machine, "platform_release": "10",
                "platform_system": "Windows", "platform_version": "10.0",
                "platform_python_implementation": "CPython", "python_full_version": full,
                "python_version": self.python, "sys_platform": "win32"}


def current_target() -> Target:
    """The running interpreter as a target (``--current``)."""
    return Target(f"{sys.version_info[0]}.{sys.version_info[1]}")


def _python_versions(text: str) -> tuple[str, ...]:
    """``--python``: Python versions ``3.11,3.12`` (commas or 、), each ``3.N``."""
    versions = tuple(dict.fromkeys(part.strip() for part in re.split(r"[,，、\s]+", text)
                                   if part.strip()))
    for version in versions:
        if not re.fullmatch(r"3\.\d{1,2}", version):
            raise argparse.ArgumentTypeError(f"Python 版本应写成 3.12 这样的形式（多个用逗号分隔），"
                                             f"而不是“{version}”")
    if not versions:
        raise argparse.ArgumentTypeError("至少给出一个 Python 版本，如 3.12")
    return versions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore bundle``."""
    parser.add_argument("--out", required=True, type=arguments.folder, metavar="文件夹",
                        help="要写出的离线安装包文件夹（不能是已有内容的文件夹）")
    parser.add_argument("--platform", choices=sorted(WINDOWS_PLATFORMS), default=None,
                        help=f"目标电脑的平台（默认 {DEFAULT_PLATFORM}，即 64 位 Windows）")
    parser.add_argument("--python", type=_python_versions, default=None, metavar="版本",
                        help=f"目标电脑的 Python 版本，多个用逗号分隔（默认 {','.join(DEFAULT_PYTHONS)}）")
    parser.add_argument("--current", action="store_true",
                        help="只为本机的平台和 Python 版本制作（用于测试；不能与 --platform、--python 同用）")
    parser.add_argument("--server", action="store_true",
                        help="一并收入 Office.js 路线所需的 perfscore[server]（xlwings Server）")
    parser.add_argument("--source", default=None, metavar="文件夹",
                        help="perfscore 源码文件夹（含 pyproject.toml；默认为本程序所在的源码文件夹或当前文件夹）")
    parser.add_argument("--force", action="store_true",
                        help="替换以前制作的离线安装包（文件夹中只能有安装包自己的文件）")
    parser.epilog = ("需要连网（使用 pip 的索引、镜像和代理设置）。"
                     "退出码：0 正常；2 参数有误、输出文件夹不可用或下载失败（PS-E004）。")


def run(args: argparse.Namespace) -> int:
    """Check the arguments and the output folder, build the bundle beside it, move it in place."""
    if args.current and (args.platform or args.python):
        raise PerfscoreError("--current 不能与 --platform、--python 同时使用", code="PS-E003")
    targets = [current_target()] if args.current else [
        Target(version, args.platform or DEFAULT_PLATFORM) for version in args.python or DEFAULT_PYTHONS]
    out = Path(os.path.abspath(args.out))  # "." and "a/.." by their real names
    _check_output(out, args.force)
    source = source_tree(args.source)
    staging = _staging_folder(out)
    try:
        wheels = build_bundle(staging, source, targets, server=args.server, exclude=(out,))
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    size = sum(path.stat().st_size for path in (out / WHEELS).iterdir())
    print(f"已写出离线安装包：{out}（{WHEELS} 中 {len(wheels)} 个安装文件，共 {size / 2**20:.0f} MB；"
          f"适用于 {'、'.join(target.label for target in targets)}）")
    print(f"把整个文件夹复制到内网电脑，关闭 Excel 后双击其中的 {INSTALLER}（说明见 {NOTES}）。")
    return 0


def source_tree(given: str | None) -> Path:
    """The perfscore source folder the own wheel is built from.

    Args:
        given: ``--source``; when None, the folder this package was loaded from (an editable
            install or a checkout), else the current folder.

    Raises:
        PerfscoreError: PS-E003 when the folder holds no perfscore source (pyproject.toml and
            scoring/cli.py).
    """
    candidates = [Path(given)] if given else [Path(__file__).resolve().parents[2], Path.cwd()]
    for folder in candidates:
        if (folder / "pyproject.toml").is_file() and (folder / "scoring" / "cli.py").is_file():
            return folder
    raise PerfscoreError(f"找不到 perfscore 的源码文件夹（含 pyproject.toml 和 scoring/）：查找了 "
                         f"{'、'.join(str(folder) for folder in candidates)}；"
                         "请在源码文件夹中运行，或用 --source 指定", code="PS-E003")


def build_bundle(folder: Path, source: Path, targets: Sequence[Target], *, server: bool = False,
                 exclude: Sequence[Path] = ()) -> list[Path]:
    """Write the wheels, ``install.bat`` and ``说明.txt`` into ``folder`` (an empty folder).

    Args:
        folder: Where the bundle is assembled.
        source: The perfscore source tree (:func:`source_tree`).
        targets: The platforms and Python versions served; pure-Python wheels are shared.
        server: Include the ``server`` extra.
        exclude: Folders inside ``source`` not to copy for the build (the output folder).

    Returns:
        The wheel files, sorted by name.

    Raises:
        PerfscoreError: PS-E004 when the own wheel cannot be built or a download fails.
    """
    wheels = folder / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    own = build_own_wheel(source, wheels, exclude=exclude)
    requirement = f"{own.resolve()}[server]" if server else str(own.resolve())
    for target in targets:
        print(f"正在下载 {target.label}所需的安装文件……", file=sys.stderr)
        download([requirement], wheels, target)
    found = sorted(wheels.glob("*.whl"))
    name, version = own.name.split("-")[:2]
    _write_text(folder / INSTALLER, installer_text(
        requirement=f"{name}{'[server]' if server else ''}=={version}", version=version,
        xlwings_versions=_versions(found, "xlwings"), targets=targets), bom=False)
    _write_text(folder / NOTES, notes_text(version=version, targets=targets, server=server,
                                           count=len(found)), bom=True)
    _write_text(folder / GUIDE, (source / "docs" / "addin.md").read_text(encoding="utf-8"), bom=True)
    return found


def build_own_wheel(source: Path, dest: Path, *, exclude: Sequence[Path] = ()) -> Path:
    """Build perfscore's wheel from a copy of ``source`` into ``dest``; returns its path.

    The build runs on a copy so that setuptools' ``build/`` and ``*.egg-info`` neither land in
    the source tree nor leak stale modules from an earlier build into this wheel.

    Raises:
        PerfscoreError: PS-E004 when pip cannot build it (its build backend is fetched from the
            package index).
    """
    skipped = {path.resolve() for path in exclude}

    def ignore(directory: str, names: list[str]) -> set[str]:
        return {name for name in names
                if name.startswith(".") or name in _NOT_SOURCE or name.endswith(".egg-info")
                or (Path(directory) / name).resolve() in skipped}

    print("正在构建 perfscore 自身的安装文件……", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="perfscore-source-") as temp:
        copy = Path(temp) / "perfscore"
        shutil.copytree(source, copy, ignore=ignore)
        _pip(["wheel", "--no-deps", "--wheel-dir", str(dest), str(copy)],
             "构建 perfscore 自身的安装文件（pip wheel）")
    return next(dest.glob("perfscore-*.whl"))


def download(requirements: Sequence[str], dest: Path, target: Target) -> None:
    """Download the wheels of ``requirements`` and all their dependencies for ``target``.

    Only wheels (``--only-binary=:all:``): an intranet PC has no compiler and no index to fetch
    build tools from. pip's own configuration (index, mirror, proxy, cache) applies.

    Raises:
        PerfscoreError: PS-E004 naming the target and what pip could not get.
    """
    _pip(["download", "--only-binary=:all:", "--dest", str(dest), *target.pip_options(),
          *requirements], f"下载 {target.label}所需的安装文件",
         target.marker_environment())


def _pip(options: list[str], what: str, markers: dict[str, str] | None = None) -> None:
    """Run the running interpreter's pip (with the marker environment ``markers`` when given);
    a failure raises PS-E004 naming ``what`` and why."""
    command = ([sys.executable, "-c", _PIP_FOR_TARGET, json.dumps(markers)] if markers
               else [sys.executable, "-m", "pip"])
    command += [*options, "--progress-bar", "off", "--disable-pip-version-check"]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                            errors="replace")
    if result.returncode:
        raise PerfscoreError(f"无法{what}：{_pip_failure(result.stdout + result.stderr)}",
                             code="PS-E004")


def _pip_failure(output: str) -> str:
    """Why pip failed, in Chinese, with pip's own error line for the IT staff.

    pip's lines may be indented: a failed build-dependency install is quoted from a subprocess.
    """
    missing = re.search(r"ERROR: Could not find a version that satisfies the requirement (\S+).*",
                        output)
    errors = [line.strip() for line in output.splitlines() if line.strip().startswith("ERROR:")]
    line = missing.group(0) if missing else errors[-1] if errors else ""
    line = re.sub(r" \(from versions: (?!none\))[^)]*\)", "", line)  # the list of every release
    detail = f"（pip：{line[:300]}）" if line else ""
    if any(words in output for words in _NETWORK_TROUBLE):
        return ("无法连接软件包索引（PyPI 或 pip 设置的镜像）；请在能上网的电脑上运行，"
                "并检查网络、代理和 pip 的镜像设置" + detail)
    if missing and "(from versions: none)" in line:
        return (f"软件包索引没有给出 {missing.group(1)} 的任何版本：可能无法连接索引，或索引（镜像）中没有它；"
                f"请检查网络、代理和 pip 的镜像设置{detail}")
    if missing:
        python = ("；pip 报告有的版本要求另外的 Python 版本（Requires-Python）"
                  if "require a different python version" in output else "")
        return (f"软件包索引中没有 {missing.group(1)} 适用于该平台和 Python 版本的安装文件（wheel）"
                f"{python}{detail}")
    return f"pip 出错{detail or '，没有给出原因'}"


def _versions(wheels: Sequence[Path], name: str) -> tuple[str, ...]:
    """The versions of package ``name`` among the wheel files (``xlwings-0.37.8-….whl``)."""
    return tuple(sorted({path.name.split("-")[1] for path in wheels
                         if path.name.split("-")[0].lower() == name}))


def _check_output(out: Path, force: bool) -> None:
    """Refuse an output folder that holds anything, unless ``force`` and it is an earlier bundle.

    Raises:
        PerfscoreError: PS-W008 when it is not empty (and not replaceable); PS-W001 when it is
            a file or cannot be read; PS-E003 when it is the current folder.
    """
    if not out.exists():
        return
    if out.is_dir() and out.samefile(Path.cwd()):
        raise PerfscoreError("输出文件夹不能是当前文件夹：制作完成时要把整个文件夹换成新的安装包；"
                             "请换一个文件夹，如 --out 离线安装包", code="PS-E003", folder=str(out))
    if not out.is_dir():
        raise PerfscoreError("这是一个文件，不是文件夹；请换一个输出文件夹", code="PS-W001", file=str(out))
    try:
        entries = {entry.name for entry in out.iterdir()}
    except OSError as exc:
        from ..workbook.safety import os_error_message

        raise PerfscoreError(f"无法读取输出文件夹：{os_error_message(exc)}", code="PS-W001",
                             folder=str(out)) from exc
    if not entries:
        return
    if not force:
        raise PerfscoreError("文件夹已存在且不为空，未写入；如需替换以前制作的离线安装包请使用 --force，"
                             "或换一个文件夹", code="PS-W008", folder=str(out))
    others = sorted(entries - BUNDLE_ENTRIES)
    if others:
        raise PerfscoreError(f"文件夹中有不属于离线安装包的内容（{'、'.join(others[:5])}"
                             f"{' 等' if len(others) > 5 else ''}），为免删除，未替换；请换一个文件夹",
                             code="PS-W008", folder=str(out))


def _staging_folder(out: Path) -> Path:
    """A new hidden folder beside ``out`` to assemble the bundle in (same disk: renamed at the end).

    Raises:
        PerfscoreError: PS-W001 when it cannot be created.
    """
    from ..workbook.files import make_folder
    from ..workbook.safety import os_error_message

    parent = make_folder(out.absolute().parent)
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise PerfscoreError(f"无法在输出文件夹旁建立临时文件夹：{os_error_message(exc, writing=True)}",
                             code="PS-W001", folder=str(parent)) from exc


def _move_into_place(staging: Path, out: Path) -> None:
    """Rename the finished bundle to ``out``; an earlier bundle (checked by
    :func:`_check_output`) is set aside first and removed only once the new one is in place.

    Raises:
        PerfscoreError: PS-W001 when a rename fails (the earlier bundle is then put back).
    """
    from ..workbook.safety import os_error_message

    earlier = None
    try:
        if out.exists():
            if any(out.iterdir()):
                earlier = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=staging.parent))
                os.replace(out, earlier)
            else:
                out.rmdir()
        os.rename(staging, out)
    except OSError as exc:
        if earlier is not None and not out.exists():
            os.replace(earlier, out)
        raise PerfscoreError(f"无法把离线安装包放到输出文件夹：{os_error_message(exc, writing=True)}",
                             code="PS-W001", folder=str(out)) from exc
    if earlier is not None:
        shutil.rmtree(earlier, ignore_errors=True)


def _write_text(path: Path, text: str, *, bom: bool) -> None:
    """Write ``text`` with Windows line ends (CRLF) in UTF-8; ``bom`` for Notepad's sake."""
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def installer_text(*, requirement: str, version: str, xlwings_versions: Sequence[str],
                   targets: Sequence[Target]) -> str:
    """The text of ``install.bat`` (LF line ends here; written with CRLF).

    The file is UTF-8 without a byte-order mark (a BOM would break its first command): every
    line up to ``chcp 65001`` is ASCII, the messages after it are Chinese, and the code page the
    window had is restored at the end. Python 3.10+ needs Windows 8.1 or later, where cmd runs
    UTF-8 batch files under code page 65001.

    It takes the newest ``py -3.N`` among the targets, else ``python`` on PATH, and accepts it
    only if its version and platform are among the targets (a 32-bit or newer Python would find
    no wheels). With a folder argument it uses (or creates) a virtual environment there.
    """
    pythons = " ".join(target.python for target in targets)
    platforms = {target.sysconfig_platform for target in targets}
    check = ("import sys, sysconfig; sys.exit(0 if '.'.join(map(str, sys.version_info[:2])) in "
             f"'{pythons}'.split() and sysconfig.get_platform() in {tuple(sorted(platforms))!r} else 1)")
    newest_first = " ".join(sorted((target.python for target in targets),
                                   key=lambda text: tuple(map(int, text.split("."))), reverse=True))
    xlwings_check = ("import sys, xlwings; print('xlwings', xlwings.__version__); "
                     f"sys.exit(xlwings.__version__ not in {tuple(xlwings_versions)!r})")
    addin_install = ("import sys, addin; from xlwings.cli import main; "
                     "sys.argv = ['xlwings', 'addin', 'install', '--file', str(addin.XLAM_PATH)]; main()")
    systems = "或".join(sorted({target.system for target in targets}))
    wanted = f"{systems} 的 Python {'、'.join(target.python for target in targets)}"
    return f"""\
@echo off
setlocal EnableExtensions DisableDelayedExpansion
rem perfscore {version} offline installer, written by "perfscore bundle" (see the notes file).
rem Usage: install.bat [venv folder]; unattended, with its input redirected from nul.
rem UTF-8 without BOM: only ASCII up to the chcp line; the old code page is restored at the end.
rem Every path is written in double quotes, even in an echo: a folder may be named "a&b" or "x^y".
for /f "tokens=*" %%a in ('chcp') do for %%b in (%%a) do set "PS_CODEPAGE=%%~nb"
chcp 65001 >nul
set "PYTHONIOENCODING=utf-8"
set "PS_WHEELS=%~dp0{WHEELS}"
set "PS_CHECK={check}"
set "PS_RESULT=0"
echo perfscore {version} 离线安装
echo 本程序只使用本文件夹 {WHEELS} 中的安装文件，不连网。
echo 请先关闭所有 Excel 窗口，然后按任意键开始安装。
pause >nul

if "%~1"=="" goto find_python
set "PS_VENV=%~f1"
if exist "%PS_VENV%\\Scripts\\python.exe" goto use_venv
call :find_python_only
if not defined PS_PY goto no_python
echo 正在创建虚拟环境 "%PS_VENV%" ……
%PS_PY% -m venv "%PS_VENV%"
if errorlevel 1 goto failed
:use_venv
set PS_PY="%PS_VENV%\\Scripts\\python.exe"
%PS_PY% -c "%PS_CHECK%" >nul 2>&1
if errorlevel 1 goto wrong_venv
goto install

:find_python
call :find_python_only
if not defined PS_PY goto no_python

:install
echo 使用的 Python：
%PS_PY% -c "import sys; print(sys.executable, sys.version.split()[0])"
echo 正在安装 perfscore 及其依赖……
%PS_PY% -m pip install --no-index --find-links "%PS_WHEELS%" "{requirement}"
if errorlevel 1 goto failed
echo 正在检查 xlwings……
%PS_PY% -c "{xlwings_check}"
if errorlevel 1 goto wrong_xlwings
echo 正在安装 xlwings 加载项（xlwings addin install）……
%PS_PY% -m xlwings.cli addin install
if errorlevel 1 goto failed
echo 正在安装 perfscore 加载项（xlwings addin install --file 安装位置\\addin\\perfscore.xlam）……
%PS_PY% -c "{addin_install}"
if errorlevel 1 goto failed
echo.
echo 安装完成。接下来请按 {GUIDE} 完成 Excel 的信任中心设置，
echo 然后在 Excel 的单元格中输入 =PERF_GRADE(99) 检查，应显示“优秀”。
if defined PS_VENV echo 加载项须使用虚拟环境中的 Python：在用户配置文件 "%USERPROFILE%\\.perfscore\\perfscore.conf" 中写一行 "Interpreter_Win","%PS_VENV%\\Scripts\\pythonw.exe"
goto end

:no_python
echo 未找到可用的 Python：需要 {wanted}。
echo 请安装 python.org 的 {systems} 安装包（安装时勾选 Add python.exe to PATH），然后重新运行本程序。
set "PS_RESULT=1"
goto end

:wrong_venv
echo 虚拟环境 "%PS_VENV%" 中的 Python 不适用：需要 {wanted}。
set "PS_RESULT=1"
goto end

:wrong_xlwings
echo xlwings 无法导入，或版本不是 {'、'.join(xlwings_versions)}（加载项需要这个版本）。
set "PS_RESULT=1"
goto end

:failed
echo 安装未完成：上面的步骤出错，请查看上方的提示。
set "PS_RESULT=1"
goto end

:find_python_only
set "PS_PY="
for %%v in ({newest_first}) do if not defined PS_PY call :try py -%%v
if not defined PS_PY call :try python
exit /b 0

:try
%* -c "%PS_CHECK%" >nul 2>&1
if errorlevel 1 exit /b 1
set "PS_PY=%*"
exit /b 0

:end
echo 按任意键关闭本窗口。
pause >nul
if defined PS_CODEPAGE chcp %PS_CODEPAGE% >nul
endlocal & exit /b %PS_RESULT%
"""


def notes_text(*, version: str, targets: Sequence[Target], server: bool, count: int) -> str:
    """The text of ``说明.txt``: what the folder holds and how to install from it."""
    wanted = "、".join(target.label for target in targets)
    systems = "或".join(sorted({target.system for target in targets}))
    entries = ((INSTALLER, "安装程序"), (WHEELS + "\\", f"perfscore 及其全部依赖的安装文件（{count} 个）"),
               (NOTES, "本说明"), (GUIDE, "加载项的安装、设置和使用说明（perfscore 的 docs/addin.md）"))
    contents = "\n".join(f"  {name}{' ' * (16 - display_width(name))}{what}" for name, what in entries)
    server_note = ("本安装包还包含 Office.js 路线所需的 perfscore[server]（xlwings Server），"
                   f"其启动方法见 {GUIDE}“Office.js 路线”。\n" if server else "")
    return f"""\
perfscore {version} 离线安装包
========================

本文件夹由 perfscore bundle 在能上网的电脑上制作，供不能上网的内网电脑安装 perfscore 和 Excel 加载项。
适用于：{wanted}。
{server_note}
内容
{contents}

安装（每台电脑一次）
  1. 先安装 Python（上面所列版本之一；python.org 的 {systems} 安装包，勾选 Add python.exe to PATH）。
     Python 安装包不在本文件夹中，请另行复制到内网。
  2. 把整个文件夹复制到电脑上（路径可以有中文）。
  3. 关闭所有 Excel 窗口，双击 {INSTALLER}。它会：
     找到 Python → 用 pip 从 {WHEELS} 安装 perfscore（pip install --no-index --find-links，不连网）
     → 检查 xlwings → 安装 xlwings 加载项（xlwings addin install）
     → 安装 perfscore 加载项（xlwings addin install --file …\\addin\\perfscore.xlam）。
  4. 按 {GUIDE}“经典路线”完成 Excel 信任中心设置，然后在单元格中输入 =PERF_GRADE(99)，应显示“优秀”。

装到虚拟环境
  在命令提示符中运行：{INSTALLER} D:\\perfscore\\venv
  文件夹不存在时新建虚拟环境，已存在时直接使用；之后在用户配置文件
  %USERPROFILE%\\.perfscore\\perfscore.conf 中写一行 "Interpreter_Win","D:\\perfscore\\venv\\Scripts\\pythonw.exe"。

无人值守（如由脚本分发）：{INSTALLER} [虚拟环境文件夹] < nul，退出码 0 表示成功。

升级：用新版本的安装包再运行一次 {INSTALLER}。
"""
