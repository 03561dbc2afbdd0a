"""``lakip-xl serve``: the audit as a web page for staff, and Bappeda's inbox of submissions.

A room of its own above ``report/``: it calls the library (``audit``,
``write_report``, ``write_workbook``, ``rekap``) and renders the same JSON
documents the command line writes. Nothing here imports FastAPI at import
time except :mod:`lakip_xl.web.app` and the route modules, which
``lakip-xl serve`` loads only when it runs (``pip install 'lakip-xl[web]'``).
docs/web.md describes deployment; docs/architecture.md the modules.
"""
