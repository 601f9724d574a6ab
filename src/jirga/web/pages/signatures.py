"""The signatures an object version carries, as the pages list them."""

from __future__ import annotations

from typing import Any


def of(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """The signatures inside an object (the trust layer writes them there)."""
    for ext in (obj.get("extensions") or {}).values():
        if isinstance(ext, dict) and isinstance(ext.get("signatures"), list):
            return [s for s in ext["signatures"] if isinstance(s, dict)]
    found = obj.get("x_jirga_signatures")
    return [s for s in found if isinstance(s, dict)] if isinstance(found, list) else []
