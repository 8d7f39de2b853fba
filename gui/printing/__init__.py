"""The Printing screen: the print queue, the printers, and station mode (issue 5)."""
from gui.printing.screen import PrintingScreen, printing_screen

__all__ = ["PrintingScreen", "printing_screen"]
