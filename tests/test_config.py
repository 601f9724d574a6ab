"""Settings: the table drives defaults, environment, files, and errors that name the fix."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from jirga.config import SETTINGS, Settings
from jirga.errors import ConfigError


def test_table_and_dataclass_agree() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    defaults = Settings.from_env(environ={})
    for setting in SETTINGS:
        assert getattr(defaults, setting.name) == setting.default()


def test_environment_overrides_file_overrides_default(tmp_path: Path) -> None:
    toml = tmp_path / "jirga.toml"
    toml.write_text('node_name = "from-file"\nport = 9000\nmax_request_bytes = "5MB"\n')
    settings = Settings.from_env(environ={"JIRGA_PORT": "9100", "JIRGA_DEFAULT_TLP": "TLP:GREEN"},
                                 config_file=toml)
    assert settings.node_name == "from-file"
    assert settings.port == 9100
    assert settings.max_request_bytes == 5_000_000
    assert settings.default_tlp == "green"


@pytest.mark.parametrize(("env", "words"), [
    ({"JIRGA_PORT": "eighty"}, "JIRGA_PORT"),
    ({"JIRGA_DEFAULT_TLP": "purple"}, "not a TLP level"),
    ({"JIRGA_SECURE_COOKIES": "maybe"}, "boolean"),
    ({"JIRGA_CONFIG": "/nonexistent/jirga.toml"}, "does not exist"),
    ({"JIRGA_NODE_PARTY": "PK-MOI"}, "set JIRGA_PARTY=PK-MOI"),
])
def test_bad_values_are_named(env: dict[str, str], words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        Settings.from_env(environ=env)


def test_unknown_key_in_file(tmp_path: Path) -> None:
    toml = tmp_path / "jirga.toml"
    toml.write_text('colour = "blue"\n')
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        Settings.from_env(environ={}, config_file=toml)


def test_a_leftover_node_party_equal_to_party_is_ignored() -> None:
    same = Settings.from_env(environ={"JIRGA_NODE_PARTY": "PK-MOI", "JIRGA_PARTY": "PK-MOI"})
    assert same.party == "PK-MOI"
