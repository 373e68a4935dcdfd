"""The layers of docs/architecture.md hold: import-linter checks the contract in pyproject.toml (imports inside
functions count), and fails when an import runs upward."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint(config):
    return subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache", "--no-logo"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_layers_contract_is_kept():
    result = lint(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_lists_no_exception():
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    assert contract.get("ignore_imports", []) == []


def test_the_contract_fails_on_an_import_that_runs_upward(tmp_path):
    """Put sources above force: force's API, which nests sources' citations, now imports upward and breaks the
    build, named with its line."""
    text = (ROOT / "pyproject.toml").read_text()
    contract = tomllib.loads(text)["tool"]["importlinter"]["contracts"][0]
    layers = '    "muster.force",\n    "muster.places",\n    "muster.sources",\n'
    assert layers in text
    config = tmp_path / "pyproject.toml"
    config.write_text(text.replace(layers, '    "muster.sources",\n    "muster.force",\n    "muster.places",\n'))
    result = lint(config)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "muster.force.api -> muster.sources.api" in result.stdout
    assert contract["layers"][-1] == "muster.core"
