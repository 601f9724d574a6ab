"""Summaries a reader takes in at a glance or hands over: the dashboard, charts, the map as
SVG, and the briefing for a period as HTML and PDF (docs/web.md)."""
