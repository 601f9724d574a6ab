"""The one ASGI app: HTML pages, the JSON API and (later) TAXII, over the same service functions."""
