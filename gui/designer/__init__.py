"""The label and document template designer (issue #6); see ``screen.DesignerScreen``."""
from gui.designer.screen import DesignerScreen

__all__ = ["DesignerScreen"]
