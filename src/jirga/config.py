"""Settings: one declarative table drives defaults, environment parsing, validation and docs.

Values come, lowest priority first, from the table's defaults, a `jirga.toml` file (the path in
`JIRGA_CONFIG`, else `./jirga.toml` when present), `JIRGA_*` environment variables, and finally
explicit overrides (CLI flags). `docs/configuration.md` is checked against this table by a test.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jirga.errors import ConfigError

ENV_PREFIX = "JIRGA_"


def default_db_path() -> Path:
    """The embedded database when nothing else is named: `jirga.db` in the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path("jirga") / "jirga.db"


def default_keys_dir() -> Path:
    """Private signing keys when nothing else is named: `keys/` in the user's data directory."""
    from platformdirs import user_data_path

    return user_data_path("jirga") / "keys"


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"'{text}' is not a boolean (use true or false)")


def _parse_tlp(text: str) -> str:
    from jirga.model.tlp import parse_level

    return parse_level(text)


def _parse_size(text: str) -> int:
    """Bytes from '20MB', '512KB', '1048576'."""
    units = {"kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "kib": 1024, "mib": 1024**2}
    raw = text.strip().lower().replace(" ", "")
    for unit, factor in sorted(units.items(), key=lambda kv: -len(kv[0])):
        if raw.endswith(unit):
            return int(float(raw[: -len(unit)]) * factor)
    return int(raw.rstrip("b"))


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    parse: Callable[[str], Any]
    default: Callable[[], Any]
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", str, lambda: str(default_db_path()),
            "Database: a SQLite file path or a postgresql:// URL."),
    Setting("host", str, lambda: "127.0.0.1", "Address `jirga serve` listens on."),
    Setting("port", int, lambda: 8000, "Port `jirga serve` listens on."),
    Setting("node_name", str, lambda: "jirga", "This node's name, shown in pages and TAXII discovery."),
    Setting("party", str, lambda: "",
            "This node's own party code (e.g. PK-MOI): objects stored here without an origin "
            "party are this party's under the TLP rules; its key signs the node's tree heads, "
            "what the local operator authors and its cosignatures of peers' heads."),
    Setting("session_hours", int, lambda: 12, "Lifetime of a web sign-in, in hours."),
    Setting("default_tlp", _parse_tlp, lambda: "amber",
            "TLP 2.0 level applied to objects that carry no TLP marking."),
    Setting("max_request_bytes", _parse_size, lambda: 20_000_000,
            "Largest request body the web and TAXII interfaces accept (e.g. 20MB)."),
    Setting("page_size", int, lambda: 100, "Objects per page in lists and TAXII answers."),
    Setting("max_page_size", int, lambda: 1000, "Largest page a client may ask for."),
    Setting("secure_cookies", _parse_bool, lambda: False,
            "Mark session cookies Secure (set true behind HTTPS)."),
    Setting("request_deadline_days", int, lambda: 30,
            "Days an assistance request gives the other party to answer, when it names no deadline."),

    Setting("max_document_bytes", _parse_size, lambda: 20_000_000,
            "Largest document `jirga ingest` and `jirga extract` read: a file, a fetched page, "
            "or one article of a JSON Lines export (e.g. 20MB)."),

    Setting("keys_dir", str, lambda: str(default_keys_dir()),
            "Directory of this node's private signing keys (one PEM file per key, mode 0600)."),
    Setting("key_passphrase", str, lambda: "",
            "Passphrase that unlocks passphrase-protected private keys (empty: none given)."),
    Setting("require_signatures", _parse_bool, lambda: False,
            "Refuse to save an authored object when its author party has no key on this node."),
)


@dataclass(frozen=True)
class Settings:
    """Everything a node needs to know about its set-up; frozen so it can be shared freely."""

    db: str = field(default_factory=lambda: str(default_db_path()))
    host: str = "127.0.0.1"
    port: int = 8000
    node_name: str = "jirga"
    party: str = ""
    session_hours: int = 12
    default_tlp: str = "amber"
    max_request_bytes: int = 20_000_000
    page_size: int = 100
    max_page_size: int = 1000
    secure_cookies: bool = False
    request_deadline_days: int = 30

    max_document_bytes: int = 20_000_000

    keys_dir: str = field(default_factory=lambda: str(default_keys_dir()))
    key_passphrase: str = field(default="", repr=False)
    require_signatures: bool = False

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        config_file: Path | None = None,
        **overrides: Any,
    ) -> Settings:
        env = os.environ if environ is None else environ
        if env.get("JIRGA_NODE_PARTY", "") not in ("", env.get("JIRGA_PARTY")):
            raise ConfigError("JIRGA_NODE_PARTY is no longer read: the node's own party "
                              f"(JIRGA_PARTY) signs its tree heads; set JIRGA_PARTY="
                              f"{env['JIRGA_NODE_PARTY']} and unset JIRGA_NODE_PARTY")
        values: dict[str, Any] = {s.name: s.default() for s in SETTINGS}
        path = config_file or _config_path(env)
        if path is not None:
            values.update(_read_toml(path))
        for setting in SETTINGS:
            if setting.env in env and env[setting.env] != "":
                values[setting.name] = _parse(setting, env[setting.env], setting.env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _config_path(env: Mapping[str, str]) -> Path | None:
    if env.get("JIRGA_CONFIG"):
        path = Path(env["JIRGA_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"JIRGA_CONFIG '{path}' does not exist; unset it or point it at a file")
        return path
    local = Path("jirga.toml")
    return local if local.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
    known = {s.name: s for s in SETTINGS}
    out: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting '{key}'; known: {', '.join(known)}")
        out[key] = _parse(known[key], str(raw), f"{path}: {key}") if isinstance(raw, str) else raw
    return out


def _parse(setting: Setting, text: str, where: str) -> Any:
    try:
        return setting.parse(text)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{where} = '{text}' is not valid: {exc}") from exc
