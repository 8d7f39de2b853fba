"""Shipped label and document templates (NAME.LANG.json); a package so wheels carry them."""
