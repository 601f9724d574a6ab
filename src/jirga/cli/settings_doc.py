"""The settings reference (docs/configuration.md), generated from `jirga.config.SETTINGS`.

`python -m jirga.cli.settings_doc > docs/configuration.md` rewrites it; a test fails when stale.
"""

from __future__ import annotations

from jirga.config import SETTINGS


def render() -> str:
    lines = [
        "# Configuration",
        "",
        "Generated from `jirga.config.SETTINGS` by "
        "`python -m jirga.cli.settings_doc > docs/configuration.md`.",
        "",
        "Each setting comes, lowest priority first, from its default, a `jirga.toml` file (the",
        "path in `JIRGA_CONFIG`, else `./jirga.toml` when present), the `JIRGA_*` environment",
        "variable, and a command-line flag where there is one (`--db`, `serve --host/--port`).",
        "",
        "| setting | environment | default | meaning |",
        "|---|---|---|---|",
    ]
    per_user = {"db": "`~/.local/share/jirga/jirga.db` (the user's data directory)",
                "keys_dir": "`~/.local/share/jirga/keys` (the user's data directory)"}
    for s in SETTINGS:
        default = s.default()
        shown = per_user.get(s.name, f"`{default}`")
        lines.append(f"| `{s.name}` | `{s.env}` | {shown} | {s.help} |")
    lines += ["", "Example `jirga.toml`:", "", "```toml",
              'db = "postgresql://jirga@db.internal/jirga"', 'node_name = "pk-moi-1"',
              'default_tlp = "amber"', 'max_request_bytes = "20MB"', "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
