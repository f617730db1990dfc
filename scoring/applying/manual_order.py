"""The user's own rank order: a typed position means "put it here"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def place(current: Sequence[str], typed: Mapping[str, int]) -> list[str]:
    """The order after the user typed new positions (1 = first) for some programs.

    Each moved program lands at the position typed (clamped to the list); the others
    keep their relative order in the places left. Two programs typed at the same
    position keep their previous order, the second taking the next free place.
    """
    n = len(current)
    slots: list[str | None] = [None] * n
    before = {pid: i for i, pid in enumerate(current)}
    moved = sorted((pid for pid in typed if pid in before), key=lambda pid: (typed[pid], before[pid]))
    for pid in moved:
        slot = min(max(int(typed[pid]), 1), n) - 1
        while slots[slot] is not None:  # taken: the next free place, wrapping to the first free one
            slot = (slot + 1) % n
        slots[slot] = pid
    rest = iter(pid for pid in current if pid not in typed)
    return [pid if pid is not None else next(rest) for pid in slots]


def move(current: Sequence[str], pid: str, step: int) -> list[str]:
    """The order with one program moved up (step < 0) or down (step > 0) by |step| places."""
    order = list(current)
    i = order.index(pid)
    j = min(max(i + step, 0), len(order) - 1)
    order.insert(j, order.pop(i))
    return order
