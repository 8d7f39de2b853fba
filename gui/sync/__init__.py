"""The Sync area: the ERP error inbox, the sync dashboard, retry rules and the connection
(issue 7)."""
from gui.sync.screen import SyncInboxPage, SyncScreen

__all__ = ["SyncInboxPage", "SyncScreen"]
