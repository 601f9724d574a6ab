"""Server-rendered pages, one module per area; each handler parses the request, calls service
functions with the signed-in reader's visibility, and renders a template (docs/web.md)."""
