"""The dashboard and reports (issue 8): KPI tiles, charts, drill-down, export."""
from gui.dashboard.screen import DashboardScreen

__all__ = ["DashboardScreen"]
