"""Printers: renderers from the label layout to device formats, and (later) printer adapters."""
