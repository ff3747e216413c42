"""``perfscore bundle``: the offline install folder installs perfscore into a fresh virtual
environment with no index, its install.bat is a Windows batch file that does the same, Windows
wheels are chosen by Windows' markers, and a folder with other files in it is never touched.

The tests that download need the package index (PyPI). They are skipped, saying so, only when
it cannot be reached; CI has network, so there they run. Only the running interpreter's platform
is bundled here (``--current``), from pip's cache when it holds the wheels.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scoring.commands.bundle import BUNDLE_ENTRIES, GUIDE, INSTALLER, NOTES, WHEELS, Target, download

RULE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"


def _index_reachable() -> bool:
    """Whether PyPI answers on its HTTPS port within three seconds."""
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
    except OSError:
        return False
    return True


needs_network = pytest.mark.skipif(not _index_reachable(),
                                   reason="无法连接 pypi.org:443：制作离线安装包需要下载（CI 中有网络，必须运行）")


def perfscore(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scoring.cli", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=900)


def _without_pip_settings() -> dict[str, str]:
    """The environment with none of pip's settings: no configuration file, no PIP_* variables
    (this machine's find-links or extra index would otherwise hide a wheel missing from the
    bundle)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


@needs_network
def test_the_bundle_installs_perfscore_offline_into_a_fresh_venv(tmp_path):
    out = tmp_path / "离线安装包"
    made = perfscore("bundle", "--current", "--out", str(out), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "已写出离线安装包" in made.stdout
    assert {entry.name for entry in out.iterdir()} == BUNDLE_ENTRIES
    assert [entry.name for entry in tmp_path.iterdir()] == [out.name]  # no temporary folder left

    own = list((out / WHEELS).glob("perfscore-*-py3-none-any.whl"))
    assert len(own) == 1
    names = set(zipfile.ZipFile(own[0]).namelist())
    for packaged in ("addin/perfscore.xlam", "addin/xlwings_udfs.bas", "addin/server/pyproject.toml",
                     "scoring/data/nanjing_2024.json", "scoring/data/traditional.tsv", "scoring/cli.py"):
        assert packaged in names
    assert not any(name.startswith("tests/") for name in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    env = _without_pip_settings()
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--find-links",
                                str(out / WHEELS), "perfscore"], capture_output=True, text=True,
                               cwd=tmp_path, env=env, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    command = venv / ("Scripts" if os.name == "nt" else "bin") / "perfscore"
    helped = subprocess.run([str(command), "--help"], capture_output=True, text=True, cwd=tmp_path,
                            env=env, timeout=120)
    assert helped.returncode == 0 and "bundle" in helped.stdout, helped.stderr
    scored = subprocess.run([str(command), "rule", RULE, "--actual", "97%"], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=120)
    assert scored.returncode == 0 and scored.stdout.startswith("得分：8 / 10"), scored.stdout + scored.stderr
    found = subprocess.run([str(python), "-c", "import addin, scoring, xlwings; "
                            "print(scoring.__file__, addin.XLAM_PATH.is_file(), xlwings.__version__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    location, xlam, xlwings_version = found.stdout.split()
    assert str(venv) in location and xlam == "True" and xlwings_version == "0.37.8", found.stderr

    data = (out / INSTALLER).read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF throughout
    head, _, _ = data.partition(b"chcp 65001")
    assert head.startswith(b"@echo off\r\n") and head.isascii()  # no BOM, ASCII until chcp
    text = data.decode("utf-8")
    assert 'set "PS_WHEELS=%~dp0wheels"' in text
    assert '-m pip install --no-index --find-links "%PS_WHEELS%" "perfscore==' in text
    assert "xlwings.__version__ not in ('0.37.8',)" in text
    assert "-m xlwings.cli addin install\r\n" in text and "'--file', str(addin.XLAM_PATH)" in text
    notes = (out / NOTES).read_bytes()
    assert notes.startswith(b"\xef\xbb\xbf") and b"\n" not in notes.replace(b"\r\n", b"")
    assert "pip install --no-index --find-links" in notes.decode("utf-8-sig")
    assert (out / GUIDE).read_bytes().startswith(b"\xef\xbb\xbf")


@needs_network
def test_windows_wheels_follow_the_markers_of_windows():
    """pip alone judges ``colorama; platform_system == "Windows"`` (tqdm) on this computer."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        download(["tqdm"], Path(folder), Target("3.12", "win_amd64"))
        names = sorted(path.name.split("-")[0].lower() for path in Path(folder).iterdir())
    assert names == ["colorama", "tqdm"]


def test_a_folder_with_other_files_is_refused_even_with_force(tmp_path):
    out = tmp_path / "安装包"
    out.mkdir()
    (out / "财务数据.xlsx").write_bytes(b"user work")
    refused = perfscore("bundle", "--current", "--out", str(out), cwd=tmp_path)
    assert refused.returncode == 2 and "[PS-W008]" in refused.stderr and "--force" in refused.stderr
    forced = perfscore("bundle", "--current", "--out", str(out), "--force", cwd=tmp_path)
    assert forced.returncode == 2 and "不属于离线安装包的内容（财务数据.xlsx）" in forced.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["安装包"]
    assert [path.name for path in out.iterdir()] == ["财务数据.xlsx"]
    assert (out / "财务数据.xlsx").read_bytes() == b"user work"


def test_no_index_is_a_coded_error_and_leaves_nothing(tmp_path):
    env = _without_pip_settings()
    env.update(PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_RETRIES="1", PIP_TIMEOUT="5")
    failed = perfscore("bundle", "--current", "--out", str(tmp_path / "安装包"), cwd=tmp_path, env=env)
    assert failed.returncode == 2, failed.stderr
    assert ("\n[PS-E004] 无法构建 perfscore 自身的安装文件（pip wheel）：无法连接软件包索引"
            in failed.stderr), failed.stderr
    assert "Traceback" not in failed.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (("--current", "--python", "3.12"), "--current 不能与 --platform、--python 同时使用"),
    (("--python", "3"), "Python 版本应写成 3.12 这样的形式"),
    (("--platform", "linux"), "无效的选项"),
])
def test_bad_targets_are_refused(tmp_path, args, message):
    refused = perfscore("bundle", "--out", str(tmp_path / "安装包"), *args, cwd=tmp_path)
    assert refused.returncode == 2 and "[PS-E003]" in refused.stderr and message in refused.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("given", [".", "./", "../安装包"])
def test_the_current_folder_as_out_is_refused_before_anything_is_made(tmp_path, monkeypatch, given):
    """``--out .`` in an empty folder once failed only at the very end (rmdir of "." after the
    whole download); the folder replaced at the end cannot be the one the command runs in."""
    here = tmp_path / "安装包"
    here.mkdir()
    refused = perfscore("bundle", "--current", "--out", given, cwd=here)
    assert refused.returncode == 2 and "[PS-E003]" in refused.stderr, refused.stderr
    assert "当前文件夹" in refused.stderr and "正在构建" not in refused.stderr
    assert [entry.name for entry in tmp_path.iterdir()] == ["安装包"] and not any(here.iterdir())


def test_every_path_in_install_bat_is_quoted():
    """A folder named ``a&b`` or ``x^y`` (install.bat's own, the venv, the user profile): an
    unquoted ``echo %PS_VENV%`` ran ``b\\venv`` as a command and ate carets."""
    import re

    from scoring.commands.bundle import installer_text

    text = installer_text(requirement="perfscore==0.1.0", version="0.1.0", xlwings_versions=("0.37.8",),
                          targets=[Target("3.12", "win_amd64")])
    paths = re.compile(r"%PS_VENV%|%PS_WHEELS%|%USERPROFILE%|%~dp0|%~f1|%~1")
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("rem "):
            continue
        for found in paths.finditer(line):
            assert line[:found.start()].count('"') % 2 == 1, f"line {number} unquoted: {line}"


def test_install_bat_and_notes_ask_for_the_targets_python():
    """``--platform win32`` once told users to install the 64-bit Python, which install.bat
    then refused."""
    from scoring.commands.bundle import installer_text, notes_text

    targets = [Target("3.12", "win32")]
    for text in (installer_text(requirement="perfscore==0.1.0", version="0.1.0",
                                xlwings_versions=("0.37.8",), targets=targets),
                 notes_text(version="0.1.0", targets=targets, server=False, count=30)):
        assert "python.org 的 32 位 Windows 安装包" in text and "64 位" not in text
