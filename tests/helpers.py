"""Helpers tests import: the shared material, the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JIRGA_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or a skip that says why when the folder is absent (never in CI)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test material {path} is absent (CI always has ../shared)")
    return path


def run_cli(*args: str, db: str | None = None, input: str | None = None,
            env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`jirga ARGS` in a child process, as a user would run it."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("JIRGA_")}
    full_env["COLUMNS"] = "200"
    if db is not None:
        full_env["JIRGA_DB"] = db
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "jirga.cli.main", *args], input=input,
                          capture_output=True, text=True, env=full_env, cwd=cwd,
                          timeout=timeout)


def sign_in(client: Any, user: str, password: str) -> Any:
    """Sign `client` (a TestClient) in through the sign-in form, as a browser would."""
    import re

    form = client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, "the sign-in page has no CSRF field"
    answer = client.post("/signin", data={"username": user, "password": password,
                                          "csrf_token": token.group(1), "next": "/objects"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client
