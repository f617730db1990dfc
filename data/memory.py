"""How the process treats memory it frees: given back to the system, not kept.

Arrow's own allocator (mimalloc) keeps freed blocks for reuse, and glibc raises its
mmap threshold after each large free, after which big arrays come from the heap and
stay there once freed. For a job that builds large frames one after another (the
CLI's rank, a server holding 100,000 programs) the peak is then what was ever
alive, not what is alive at once. Elsewhere than glibc the system's allocator is
used as it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow as pa

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


@functools.cache
def give_back_freed_memory() -> None:
    """Once per process, before the large frames are made."""
    pa.set_memory_pool(pa.system_memory_pool())
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, 1 << 20)  # a fixed 1 MB: big arrays stay in mmap


def release() -> None:
    """Between stages: hand back what the allocators still hold."""
    pa.default_memory_pool().release_unused()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
