"""Extraction benchmark: documents per second and peak memory on 1,000 news-length documents.

    .venv/bin/python bench/extract.py            # 1,000 documents, the reference on 100
    .venv/bin/python bench/extract.py --n 200 --ref-n 20

jirga side: `ingest.pipeline.prepare` on each document — normalisation, language detection
(lingua), and extraction of incidents and claims with their evidence — which is what
`jirga extract` and `jirga ingest` run per document. Speed is reported in CPU time of this
process (what one core does, whatever else the machine runs) and in wall-clock time.
Reference, measured in the same run on the same documents: dateparser's `search_dates`, the
library a user would otherwise reach for to find the dates in a text (one of the things jirga
extracts), and a bare word count (`re.findall`), which shows what reading the text costs at all.
Documents are assembled from the labelled development set (eval/extraction/docs) with a fixed
seed, 3,000-5,000 characters each — the length of a news article — and shaped like one: an
attack report (the news), another report of the set (an earlier attack as background, or a
statement), then the set's other texts (meetings, statements, statistics, op-eds) as the
context paragraphs that fill most of a real article.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jirga.ingest.document import Document  # noqa: E402
from jirga.ingest.pipeline import prepare  # noqa: E402

DOCS = ROOT / "eval" / "extraction" / "docs"


def corpus(n: int, seed: int = 7) -> list[Document]:
    gold = [orjson.loads(line) for line in (DOCS.parent / "dev.jsonl").read_bytes().splitlines()]
    texts = {item["path"]: (DOCS.parent / item["path"]).read_text(encoding="utf-8")
             for item in gold if item["path"].endswith(".txt")}
    attacks = [texts[i["path"]] for i in gold if i["incidents"] and i["path"] in texts]
    context = [texts[i["path"]] for i in gold if not i["incidents"] and i["path"] in texts]
    rng = random.Random(seed)
    out = []
    for index in range(n):
        parts = [rng.choice(attacks), rng.choice(attacks + context)]
        length = rng.randint(3000, 5000)
        while sum(map(len, parts)) < length:
            parts.append(rng.choice(context))
        out.append(Document(text="\n\n".join(parts), format="text", source=f"bench#{index}",
                            published=date(2024, rng.randint(1, 12), rng.randint(1, 28))))
    return out


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def run_jirga(docs: list[Document]) -> dict[str, Any]:
    prepare(docs[0])  # load the gazetteer, group dictionary and language models once
    incidents = 0

    def go() -> None:
        nonlocal incidents
        for doc in docs:
            incidents += len(prepare(doc).extraction.incidents)

    cpu, wall = timed(go)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    tracemalloc.start()  # a second pass for memory: tracing slows Python several times over
    for doc in docs:
        prepare(doc)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"docs": len(docs), "cpu_s": cpu, "wall_s": wall, "incidents": incidents,
            "peak_traced_mb": peak / 1e6, "max_rss_mb": rss}


def run_dateparser(docs: list[Document]) -> dict[str, Any]:
    from dateparser.search import search_dates

    search_dates(docs[0].text[:200], languages=["en"])
    cpu, wall = timed(lambda: [search_dates(d.text, languages=["en"]) for d in docs])
    return {"docs": len(docs), "cpu_s": cpu, "wall_s": wall}


def run_words(docs: list[Document]) -> dict[str, Any]:
    word = re.compile(r"\w+")
    cpu, wall = timed(lambda: [word.findall(d.text) for d in docs])
    return {"docs": len(docs), "cpu_s": cpu, "wall_s": wall}


def rate(result: dict[str, Any], key: str) -> float:
    return result["docs"] / result[key] if result[key] else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="documents for jirga")
    parser.add_argument("--ref-n", type=int, default=100, help="documents for dateparser")
    args = parser.parse_args()
    docs = corpus(args.n)
    chars = sum(len(d.text) for d in docs) / len(docs)
    jirga = run_jirga(docs)
    words = run_words(docs)
    dates = run_dateparser(docs[:args.ref_n])
    print(f"{len(docs)} documents, {chars:,.0f} characters on average; "
          f"{jirga['incidents']} candidate incidents extracted")
    print(f"{'':38} {'docs/s (CPU)':>13} {'docs/s (wall)':>14}")
    for label, result in (("jirga prepare (language + extraction)", jirga),
                          ("reference: dateparser search_dates", dates),
                          ("reference: re.findall words", words)):
        print(f"{label:38} {rate(result, 'cpu_s'):13,.1f} {rate(result, 'wall_s'):14,.1f}")
    print(f"jirga / dateparser: {rate(jirga, 'cpu_s') / rate(dates, 'cpu_s'):.1f}x faster; "
          f"jirga costs {rate(words, 'cpu_s') / rate(jirga, 'cpu_s'):,.0f}x a bare word count")
    print(f"peak memory: {jirga['peak_traced_mb']:.1f} MB allocated by Python during the run "
          f"(tracemalloc), {jirga['max_rss_mb']:.0f} MB process RSS")


if __name__ == "__main__":
    main()
