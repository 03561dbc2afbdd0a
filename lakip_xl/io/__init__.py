"""Workbooks and JSON in and out: guarded package access, reader, template writer, interchange, atomic output.

Imports :mod:`lakip_xl.model` and :mod:`lakip_xl.tables` only. See docs/architecture.md.
"""
