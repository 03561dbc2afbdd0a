"""Renderings of an audit: the report workbook, the console table and the JSON document.

Reads findings; never recomputes one. Imports every lower layer. See docs/architecture.md.
"""
