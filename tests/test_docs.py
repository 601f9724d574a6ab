"""Docs that are generated stay in step with the code; every command and setting is documented."""

from __future__ import annotations

from jirga.cli import reference, settings_doc
from jirga.config import SETTINGS
from tests.helpers import ROOT


def test_cli_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text()
    assert current == reference.render(), (
        "docs/cli.md is stale: run .venv/bin/python -m jirga.cli.reference > docs/cli.md")


def test_configuration_reference_is_current() -> None:
    current = (ROOT / "docs" / "configuration.md").read_text()
    assert current == settings_doc.render(), (
        "docs/configuration.md is stale: run "
        ".venv/bin/python -m jirga.cli.settings_doc > docs/configuration.md")
    for setting in SETTINGS:
        assert setting.env in current


def test_readme_has_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "./dev demo" in readme
    assert "./dev test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./dev test" in ci
