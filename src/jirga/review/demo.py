"""Two news reports the demo reads, so the review queue of a new node is not empty.

Written for jirga from public reporting of the attacks (see `data/demo/`); ingesting them twice
changes nothing, as for any document.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jirga.ingest.pipeline import IngestReport, ingest
from jirga.ingest.sources import Source
from jirga.store import Store, Visibility


def ingest_demo_documents(store: Store) -> IngestReport:
    folder = resources.files("jirga.review").joinpath("data/demo")
    sources = [Source(f"demo/{entry.name}", path=Path(str(entry)))
               for entry in sorted(folder.iterdir(), key=lambda e: e.name)
               if entry.name.endswith(".txt")]
    return ingest(store, sources, visibility=Visibility.everything(), max_bytes=1_000_000)
