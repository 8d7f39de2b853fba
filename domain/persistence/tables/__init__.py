"""The schema, by area: the stock core (``core``), warehouse operations, printing, the link
with the ERP and the designer's templates, all on one ``metadata``. Migrations are generated from
it and a test checks they agree. Import tables from here: every area is loaded with it, so the
metadata is always whole."""
from domain.persistence.tables.core import (
    metadata, users, items, item_barcodes, pack_units, warehouses, zones, bins, lots, serials,
    quants, stock_moves, audit_log, outbox, number_sequences, settings,
)
from domain.persistence.tables.operations import (
    inbound_orders, inbound_order_lines, outbound_orders, outbound_order_lines, tasks, task_lines,
    reservations, inspection_results, inspection_attachments, putaway_rules, packages,
    package_contents, count_plans, count_entries,
)
from domain.persistence.tables.printing import (
    printers, print_stations, print_station_labels, print_jobs,
)
from domain.persistence.tables.erp import (
    reconciliation_runs, reconciliation_lines, sync_attempts, sync_inbox, sync_comments,
    sync_payload_edits, sync_exceptions, sync_retry_rules,
)
from domain.persistence.tables.templates import label_templates
