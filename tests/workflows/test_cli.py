"""The cooperation commands as a liaison officer runs them: real processes, a real file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jirga.store import open_store
from tests.factories import make_party
from tests.helpers import run_cli
from tests.workflows.factories import quick_user


class Node:
    """A node's database and the `jirga` command run against it."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = str(tmp_path / "node.db")

    def run(self, *args: str, user: str | None = None, ok: bool = True) -> Any:
        env = {"JIRGA_AS": user} if user else None
        done = run_cli(*args, db=self.db, env=env)
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    def json(self, *args: str, user: str | None = None) -> Any:
        return json.loads(self.run(*args, user=user).stdout)

    def versions(self) -> int:
        store = open_store(self.db)
        try:
            return store.version_count()
        finally:
            store.close()


@pytest.fixture
def node(tmp_path: Path) -> Node:
    """A node with the two parties and their liaison officers (set up in-process: the account
    commands have their own tests)."""
    node = Node(tmp_path)
    store = open_store(node.db)
    try:
        make_party(store, "PK-MOI", "Pakistan Ministry of Interior")
        make_party(store, "AF-MOI", "Afghanistan Ministry of Interior")
        quick_user(store, "amina.k", "PK-MOI", "liaison")
        quick_user(store, "wahid.s", "AF-MOI", "liaison")
    finally:
        store.close()
    return node


def test_a_liaison_officer_runs_the_mechanism_from_the_command_line(node: Node) -> None:
    agreement = node.json(
        "agreement", "add", "--as", "amina.k", "--name", "JCC terms of reference",
        "--party", "PK-MOI", "--party", "AF-MOI", "--agreed", "2025-01-15", "--json",
        "--commitment", "Joint border patrols | within 3 months | joint | weekly patrols",
        "--commitment", "Secure hotline | 1 month | AF-MOI")
    listed = node.json("commitment", "list", "--agreement", agreement["id"][11:19], "--json")
    hotline = next(c for c in listed if c["name"] == "Secure hotline")
    assert (hotline["deadline"], hotline["parties"]) == ("2025-02-15", {"responsible": ["AF-MOI"]})

    before = node.versions()
    refused = node.run("commitment", "status", hotline["id"], "--status", "full", "--date",
                       "2025-02-10", user="wahid.s", ok=False)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "requires evidence" in refused.stderr
    assert node.versions() == before
    node.run("commitment", "status", hotline["id"], "--status", "full", "--date", "2025-02-10",
             "--document", "Hotline test log", user="wahid.s")
    node.run("commitment", "dispute", hotline["id"], "--reason", "Rang out twice", "--date",
             "2025-02-12", user="amina.k")
    shown = node.json("commitment", "show", hotline["id"], "--json")
    assert shown["status"] == "full" and shown["status_asserted_by_ref"] == "AF-MOI"
    assert [(d["by"], d["open"]) for d in shown["disputes"]] == [("PK-MOI", True)]
    assert [h["user"] for h in shown["history"]] == ["amina.k", "wahid.s"]

    meeting = node.json("meeting", "add", "--as", "amina.k", "--name", "JCC 1", "--held",
                        "2025-03-01", "--mechanism", "joint-coordination-committee",
                        "--party", "PK-MOI:host", "--party", "AF-MOI:delegation",
                        "--agreement", agreement["id"], "--json")
    patrols = next(c for c in listed if c["name"] == "Joint border patrols")
    moved = node.run("meeting", "decide", meeting["id"], "--text", "Patrols: one more month",
                     "--move", patrols["id"], "--extend", "P1M", user="wahid.s")
    assert "2025-05-15" in moved.stdout

    request = node.json("request", "add", "--to", "AF-MOI", "--subject", "Examine findings",
                        "--ask", "examination-of-findings", "--date", "2025-03-02", "--json",
                        user="amina.k")
    assert request["deadline"] == "2025-04-01"
    wrong = node.run("request", "answer", request["id"], "--findings", "x", user="amina.k",
                     ok=False)
    assert wrong.returncode == 5 and "it is addressed to AF-MOI" in wrong.stderr
    node.run("request", "ack", request["id"], "--date", "2025-03-03", user="wahid.s")
    node.run("request", "answer", request["id"], "--findings", "Handlers named", "--date",
             "2025-03-20", user="wahid.s")
    node.run("request", "close", request["id"], "--date", "2025-03-22", user="amina.k")

    card = node.json("scorecard", "--as-of", "2025-06-30", "--party", "AF-MOI", "--format", "json")
    af = card["parties"][0]
    assert (card["as_of"], af["party"]) == ("2025-06-30", "AF-MOI")
    assert af["requests"]["received"] == 1 and af["requests"]["median_days_to_answer"] == 18.0
    assert (af["commitments"]["due"], af["commitments"]["met"]) == (2, 1)
    assert af["disputes_against_open"] == 1
    late = node.json("overdue", "--as-of", "2025-06-30", "--json")
    assert [(i["id"], i["days"]) for i in late] == [(patrols["id"], 46)]
    soon = node.json("reminders", "--as-of", "2025-05-10", "--within", "1 week", "--json")
    assert [i["id"] for i in soon] == [patrols["id"]]
    table = node.run("scorecard", "--as-of", "2025-06-30").stdout
    assert "requests received" in table and "AF-MOI" in table and "PK-MOI" in table


def test_errors_are_one_line_with_the_fix(node: Node) -> None:
    no_user = node.run("agreement", "add", "--name", "x", "--party", "PK-MOI", "--party",
                       "AF-MOI", "--agreed", "2025-01-01", ok=False)
    assert no_user.returncode == 2 and "pass --as USER" in no_user.stderr
    unknown = node.run("request", "show", "feedbeef", ok=False)
    assert unknown.returncode == 3 and "see `jirga request list`" in unknown.stderr
    bad_format = node.run("scorecard", "--format", "xml", ok=False)
    assert "use table or json" in bad_format.stderr
    future = node.run("request", "add", "--to", "AF-MOI", "--subject", "s", "--ask",
                      "information", "--date", "2999-01-01", user="amina.k", ok=False)
    assert "in the future" in future.stderr and future.stderr.count("\n") == 1


def test_demo_loads_the_cooperation_once(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    first = run_cli("demo", db=db)
    assert first.returncode == 0 and "cooperation demo: 1 agreement" in first.stderr
    second = run_cli("demo", db=db)
    assert "already loaded" in second.stderr
    requests = json.loads(run_cli("request", "list", "--json", db=db).stdout)
    assert sorted(r["state"] for r in requests) == ["acknowledged", "closed", "declined"]
    card = json.loads(run_cli("scorecard", "--as-of", "2026-11-20", "--format", "json",
                              db=db).stdout)
    assert {p["party"] for p in card["parties"]} == {"PK-MOI", "AF-MOI"}
    assert sum(p["disputes_raised_open"] for p in card["parties"]) == 1
