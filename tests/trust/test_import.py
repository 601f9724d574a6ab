"""`jirga import` checks the signatures foreign content carries (both backends): a file holding
one that fails is refused whole, naming the object; good signed content is stored as signed."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import orjson

from jirga.objects.authoring import save
from jirga.store import ObjectFilter, Store, Visibility, open_store
from jirga.trust import manage
from tests.helpers import run_cli
from tests.trust.factories import make_node

ALL = Visibility.everything()


def bundle(path: Path, *objects: dict[str, Any]) -> Path:
    path.write_bytes(orjson.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}",
                                   "objects": list(objects)}))
    return path


def count(store: Store, object_id: str) -> int:
    return store.count(ObjectFilter(ids=(object_id,), include_revoked=True), visibility=ALL)


def test_a_bad_signature_refuses_the_file_and_names_the_object(store: Store,
                                                               tmp_path: Path) -> None:
    a_store = open_store(str(tmp_path / "a.db"))
    try:
        a = make_node(a_store, tmp_path / "a-keys", keyed=("PK",), node_party="PK")
        made = [a.incident("PK", name=n) for n in ("Besham convoy attack", "Quetta attack")]
        save(a.store, made)
        good, other = (a.store.get(o["id"], visibility=ALL).object() for o in made)
        keys = tmp_path / "pk.jwks"
        keys.write_bytes(orjson.dumps(manage.export_keys(a.store, "PK")))
    finally:
        a_store.close()
    manage.import_keys(store, keys)
    forged = {**other, "name": "Quetta attack (edited after signing)"}
    refused = run_cli("import", str(bundle(tmp_path / "bad.json", good, forged)), db=store.url)
    assert refused.returncode == 6, refused.stderr
    assert forged["id"] in refused.stderr and "nothing was imported" in refused.stderr
    assert good["id"] not in refused.stderr
    assert count(store, good["id"]) == 0 and count(store, forged["id"]) == 0
    taken = run_cli("import", str(bundle(tmp_path / "good.json", good, other)), db=store.url)
    assert taken.returncode == 0, taken.stderr
    assert store.get(good["id"], visibility=ALL).object() == good
