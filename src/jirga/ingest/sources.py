"""What `jirga ingest` was asked to read: files, folders (read recursively) and URLs.

URLs are fetched with the standard library (a web page, a PDF or a feed, told apart by the
server's content type), with a time-out and the same size limit as files; where the network is
closed the error says so and the rest of the batch goes on.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from jirga.errors import Invalid
from jirga.ingest.readers import READABLE, ReadResult, format_for, read_bytes, read_file

USER_AGENT = "jirga/0.1 (open-source monitoring; +https://github.com/jirga)"
CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
                 "application/rss+xml": "feed", "application/atom+xml": "feed",
                 "application/xml": "feed", "text/xml": "feed", "text/plain": "text",
                 "text/markdown": "markdown", "application/x-research-info-systems": "ris",
                 "application/x-ndjson": "jsonl", "application/jsonl": "jsonl"}


@dataclass(frozen=True)
class Source:
    name: str  # as the user will recognise it: the path or the URL
    path: Path | None = None
    url: str | None = None


def expand(inputs: list[str]) -> list[Source]:
    """One source per file (folders walked, hidden files skipped) or URL, in the order given."""
    out: list[Source] = []
    for item in inputs:
        if item.startswith(("http://", "https://")):
            out.append(Source(item, url=item))
            continue
        path = Path(item)
        if path.is_dir():
            out.extend(Source(str(p), path=p) for p in sorted(path.rglob("*"))
                       if p.is_file() and p.suffix.lower() in READABLE
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            out.append(Source(item, path=path))
    return out


def read_source(source: Source, max_bytes: int, timeout: float = 20.0) -> ReadResult:
    if source.url is not None:
        data, fmt, final = fetch(source.url, max_bytes, timeout)
        return read_bytes(data, source.name, fmt, url=final, max_bytes=max_bytes)
    assert source.path is not None
    if not source.path.exists():
        raise Invalid(f"{source.name}: no such file or folder")
    return read_file(source.path, max_bytes)


def fetch(url: str, max_bytes: int, timeout: float) -> tuple[bytes, str, str]:
    """(body, format, final URL) of a URL, refusing bodies over `max_bytes`."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html,application/pdf,"
                                                   "application/rss+xml,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            kind = response.headers.get_content_type()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise Invalid(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise Invalid(f"{url}: cannot fetch ({reason}); is the network reachable from here?") \
            from exc
    if len(data) > max_bytes:
        raise Invalid(f"{url}: the page is over the {max_bytes / 1e6:.0f} MB limit for one "
                      "document (JIRGA_MAX_DOCUMENT_BYTES)")
    return data, format_for(final, data[:8192], CONTENT_TYPES.get(kind)), final
