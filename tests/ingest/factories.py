"""Test documents made on the spot: PDFs, web pages, feeds and exports with chosen contents."""

from __future__ import annotations

from typing import Any

import orjson


def make_pdf(lines: list[str], *, title: str | None = None, author: str | None = None,
             created: str | None = None) -> bytes:
    """A small valid PDF whose one page shows `lines` (Helvetica, one line each)."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(
        f"({escape(line)}) '" for line in lines) + " ET"
    info = {"Title": title, "Author": author, "CreationDate": created}
    info_dict = " ".join(f"/{k} ({escape(v)})" for k, v in info.items() if v)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< {info_dict} >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def make_html(title: str, paragraphs: list[str], *, published: str | None = None,
              author: str | None = None, debris: bool = True) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    meta += f'<meta name="author" content="{author}">' if author else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    noise = ('<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
             '<div class="share"><a>Facebook</a> <a>Twitter</a> <a>WhatsApp</a></div>'
             if debris else "")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title} | News</title>"
            f"{meta}</head><body>{noise}<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright 2024</footer></body></html>").encode()


def make_rss(items: list[dict[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{i['title']}</title><link>{i['link']}</link>"
        f"<pubDate>{i['date']}</pubDate><description><![CDATA[<p>{i['text']}</p>]]>"
        f"</description></item>" for i in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Feed</title><link>https://news.example/</link>{entries}</channel></rss>"
            ).encode()


def make_jsonl(articles: list[dict[str, Any]]) -> bytes:
    return b"\n".join(orjson.dumps(a) for a in articles) + b"\n"


ATTACK_REPORT = (
    "PESHAWAR: Four policemen were martyred and two others injured when militants attacked a "
    "police checkpost in the Pezu area of Lakki Marwat district on Sunday night, police said. "
    "No group claimed responsibility for the attack.")
