"""Property: any sequence of receipts, moves, status changes, reservations, issues and adjustments
keeps every invariant, and the ledger always sums to the quants.

Hypothesis drives the real services on a real SQLite database (a copy of a prepared file per
example, so each example starts from the same warehouse) and compares with a tiny model.
"""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import select

from domain import errors
from domain.persistence.database import Database
from domain.persistence.tables import quants
from domain.queries.stock import ledger_mismatches
from domain.services.stock import StockRef, StockService
from tests.integration.conftest import NOW

BINS = ["A-01", "A-02", "Q-01"]
STATUSES = ["available", "quarantine", "damaged"]
STOCK = [("PLAIN", None), ("LOT", "L1"), ("LOT", "L2")]
quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(20), places=2)


def _prepared_database(tmp_path_factory) -> tuple[Path, object]:
    """Build the small warehouse once; each example copies the file."""
    from tests.integration.conftest import World  # noqa: F401 (documents the shape)
    path = tmp_path_factory.mktemp("prop") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    from domain.clock import FixedClock
    from domain.numbering import ensure_rules
    from domain.services.masterdata import BinData, ItemData, MasterDataService
    from domain.services.users import UserService, actor_of
    users = UserService(db, FixedClock(NOW))
    admin = actor_of(users.create_first_admin("admin", "admin-pass"))
    supervisor = actor_of(users.add_user(admin, "sup", "sup-pass", "supervisor"))
    master = MasterDataService(db)
    db.write(ensure_rules)
    master.save_warehouse(admin, "WH1", "Main")
    for code in BINS:
        master.save_bin(admin, BinData("WH1", code))
    master.save_item(admin, ItemData("PLAIN", "Plain"))
    master.save_item(admin, ItemData("LOT", "Lotted", lot_tracked=True, shelf_life_days=3650))
    with db.engine.begin() as conn:  # make sure the WAL is folded into the file before copying
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path, supervisor


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return _prepared_database(tmp_path_factory)


def test_random_operations_keep_the_books_and_the_invariants(template, tmp_path, ledger_path):
    path, supervisor = template
    counter = iter(range(10**9))

    class StockMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            copy = tmp_path / f"run{next(counter)}.db"
            shutil.copy(path, copy)
            self.db = Database(f"sqlite:///{copy}")
            from domain.clock import FixedClock
            self.stock = StockService(self.db, FixedClock(NOW))
            self.model: dict[tuple, list[Decimal]] = {}   # key -> [on_hand, reserved]

        def teardown(self):
            self.db.dispose()

        def _get(self, key):
            return self.model.setdefault(key, [Decimal(0), Decimal(0)])

        def _attempt(self, allowed: bool, call) -> bool:
            """Run ``call``; it must succeed exactly when the model says stock suffices."""
            try:
                call()
            except (errors.InsufficientStock, errors.NotFound):  # NotFound: lot never received
                assert not allowed, "refused although the model had enough stock"
                return False
            assert allowed, "accepted although the model had too little stock"
            return True

        @rule(what=st.sampled_from(STOCK), bin=st.sampled_from(BINS),
              status=st.sampled_from(STATUSES), qty=quantities)
        def receive(self, what, bin, status, qty):
            item, lot = what
            self.stock.receive(supervisor, item=item, lot=lot, qty=qty, bin=bin, status=status)
            self._get((item, lot, bin, status))[0] += qty

        @rule(what=st.sampled_from(STOCK), src=st.sampled_from(BINS), dst=st.sampled_from(BINS),
              status=st.sampled_from(STATUSES), qty=quantities)
        def transfer(self, what, src, dst, status, qty):
            if src == dst:
                return
            key = (*what, src, status)
            q = self._get(key)
            ref = StockRef(what[0], src, lot=what[1], status=status)
            if self._attempt(q[0] - q[1] >= qty, lambda: self.stock.transfer(supervisor, ref, qty, dst)):
                q[0] -= qty
                self._get((*what, dst, status))[0] += qty

        @rule(what=st.sampled_from(STOCK), bin=st.sampled_from(BINS),
              src=st.sampled_from(STATUSES), dst=st.sampled_from(STATUSES), qty=quantities)
        def change_status(self, what, bin, src, dst, qty):
            if src == dst:
                return
            q = self._get((*what, bin, src))
            ref = StockRef(what[0], bin, lot=what[1], status=src)
            if self._attempt(q[0] - q[1] >= qty, lambda: self.stock.change_status(supervisor, ref, qty, dst)):
                q[0] -= qty
                self._get((*what, bin, dst))[0] += qty

        @rule(what=st.sampled_from(STOCK), bin=st.sampled_from(BINS), qty=quantities,
              use_reservation=st.booleans())
        def issue(self, what, bin, qty, use_reservation):
            q = self._get((*what, bin, "available"))
            from_reserved = min(qty, q[1]) if use_reservation else Decimal(0)
            ref = StockRef(what[0], bin, lot=what[1])
            if self._attempt(q[0] - q[1] >= qty - from_reserved,
                             lambda: self.stock.issue(supervisor, ref, qty, from_reserved=from_reserved)):
                q[0] -= qty
                q[1] -= from_reserved

        @rule(what=st.sampled_from(STOCK), bin=st.sampled_from(BINS), qty=quantities)
        def reserve(self, what, bin, qty):
            q = self._get((*what, bin, "available"))
            ref = StockRef(what[0], bin, lot=what[1])
            if self._attempt(q[0] - q[1] >= qty, lambda: self.stock.reserve(supervisor, ref, qty)):
                q[1] += qty

        @rule(what=st.sampled_from(STOCK), bin=st.sampled_from(BINS), qty=quantities)
        def unreserve(self, what, bin, qty):
            q = self._get((*what, bin, "available"))
            ref = StockRef(what[0], bin, lot=what[1])
            try:
                self.stock.unreserve(supervisor, ref, qty)
            except (errors.InvalidInput, errors.NotFound):
                assert q[1] < qty
                return
            assert q[1] >= qty
            q[1] -= qty

        @rule(what=st.sampled_from(STOCK), bin=st.sampled_from(BINS), qty=quantities,
              gain=st.booleans())
        def adjust(self, what, bin, qty, gain):
            q = self._get((*what, bin, "available"))
            ref = StockRef(what[0], bin, lot=what[1])
            delta = f"+{qty}" if gain else f"-{qty}"
            if self._attempt(gain or q[0] - q[1] >= qty,
                             lambda: self.stock.adjust(supervisor, ref, delta, reason_code="COUNT")):
                q[0] += qty if gain else -qty

        @invariant()
        def books_balance_and_match_the_model(self):
            with self.db.read() as s:
                assert ledger_mismatches(s) == []
                rows = s.execute(select(quants)).all()
            for row in rows:
                assert row.on_hand >= 0 and 0 <= row.reserved <= row.on_hand
                assert row.on_hand > 0 or row.reserved > 0, "empty quants are removed"
            expected = {k: v for k, v in self.model.items() if v[0] or v[1]}
            assert len(rows) == len(expected)

    StockMachine.TestCase.settings = settings(
        max_examples=30, stateful_step_count=25, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    StockMachine.TestCase().runTest()
