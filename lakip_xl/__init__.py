"""lakip-xl: template, read back and audit LAKIP workbooks."""

__version__ = "0.1.0"
