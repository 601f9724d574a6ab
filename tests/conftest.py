"""Shared fixtures: real SQLite files, a real PostgreSQL server, the shared test material.

Every store test runs on both backends through the `store` fixture. PostgreSQL is Debian's
server, started once per test session in a temporary directory (as the `postgres` user when the
tests run as root, since PostgreSQL refuses to run as root); each test gets its own schema.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from jirga.config import Settings
from jirga.store import Store, open_store

# -- PostgreSQL -------------------------------------------------------------------------------


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and shutil.which("initdb"):
        found = [shutil.which("initdb")]  # type: ignore[list-item]
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found; run ./dev test, which installs "
                           "Debian's postgresql package")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="jirga-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, text=True)

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-sync")
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts, "-w", "-l",
                  str(self.dir / "log"), "start")
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                  "-U", "postgres", "jirga_test")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def base_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/jirga_test"

    def fresh_url(self) -> str:
        """A URL whose search_path is a new, empty schema: one isolated database per test."""
        import psycopg

        schema = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.base_url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return f"{self.base_url}?options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr}") from exc
    yield server
    server.stop()


# -- stores -----------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "jirga.db")
    return request.getfixturevalue("postgres").fresh_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    the_store = open_store(db_url)
    yield the_store
    the_store.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    the_store = open_store(str(tmp_path / "jirga.db"))
    yield the_store
    the_store.close()


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings.from_env(environ={}, db=db_url)
