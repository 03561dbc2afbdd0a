"""The audit: validation, derived-cell rules, cross-table checks, findings and the rule registry.

Imports :mod:`lakip_xl.model`, :mod:`lakip_xl.tables` and :mod:`lakip_xl.io`. See docs/architecture.md.
"""
