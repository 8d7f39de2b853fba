"""Master-data screens: items, bins, lots, warehouses and zones, users."""
