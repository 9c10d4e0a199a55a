"""Non-overlapping half-open spans with O(log n) overlap checks, so that
drafts with thousands of findings or entities stay linear-ish."""

from __future__ import annotations

from bisect import bisect_left


class SpanSet:
    """A set of non-overlapping spans [start, end)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # spans are disjoint and sorted, so their ends are sorted too: only the
        # last span starting before `end` can reach past `start`
        i = bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def add_if_free(self, start: int, end: int) -> bool:
        if self.overlaps(start, end):
            return False
        self.add(start, end)
        return True
