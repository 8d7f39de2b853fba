"""People who use Warelink and the role that decides what they may do."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(str, enum.Enum):
    CLERK = "clerk"
    STATION = "station"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(eq=False)
class User:
    username: str
    role: str
    password_hash: str
    full_name: str = ""
    active: bool = True
    language: str = "en"
    created_at: datetime | None = None
    last_login_at: datetime | None = None
    id: int | None = None
