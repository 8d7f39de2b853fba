"""Warehouse operations (作业): receive, inspect, put away, pick, pack and ship, count, move,
return. One module per operation; each step checks permission, runs in one transaction
(``Database.write``) and changes stock only through ``services.ledger``, so every completed step
leaves moves, quants, an audit entry and exactly one outbox message for the ERP.
"""

from domain.services.operations import scanning as _scanning  # noqa: E402

_scanning.register()   # SSCCs, order and task numbers resolve like items and bins
