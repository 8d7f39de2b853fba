"""Label and document templates: model, placeholder language, layout (no Qt, no devices).

Backends that turn a layout into PDF, PNG, ZPL or ESC/POS live in ``devices.printers.render``.
"""
