"""Warelink's benchmark suite (issue 9): ``python -m tests.perf [--size small|large] [--db URL]
[--json PATH]``.

Not part of the pytest suite. Each metric records its value, unit, target and whether the target
is met; metrics the product cannot measure yet are listed as "not measured yet", never estimated.
"""
