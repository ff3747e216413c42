"""The docs keep their promises: every error code documented, README and CI run the same tests."""

from __future__ import annotations

import re
from pathlib import Path

from scoring.errors import CODES

ROOT = Path(__file__).resolve().parent.parent


def test_every_error_code_is_documented_and_no_other():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (PS-[A-Z]\d{3}) \| ([^|]+) \|", text, re.M)
    assert {code: title.strip() for code, title in documented} == CODES


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", readme)[:2]


def test_readme_opens_with_the_demo_and_the_test_command():
    demo, tests = _readme_commands()
    assert demo.endswith("perfscore demo")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_exactly():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _readme_commands()[1] in ci


def test_docs_linked_from_the_readme_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|xlsx_templates|benchmarks)/[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
