"""The Sync area: outbox status and the ERP error inbox (issue 7)."""
from gui.sync.screen import SyncScreen

__all__ = ["SyncScreen"]
