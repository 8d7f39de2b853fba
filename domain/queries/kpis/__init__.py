"""KPIs of issue 8, computed in SQL on the ledger, quants, tasks, reconciliation and sync tables.
Each returns a ``KpiResult`` (tile value + the rows behind it); ``service.KpiService`` serves
them behind ``VIEW_REPORTS``. Definitions: README, section "KPIs"."""
