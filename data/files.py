"""Writing a file so that it is either the old one or the new one, never half of either.

Every file the app or the command line writes goes through write_atomic: the bytes go to
a temporary file beside the target (same folder, so the same file system), are flushed to
disk, and the temporary file is renamed over the target only when complete. A full disk,
a crash or a second writer racing for the same name then leaves the previous file whole
(or the other writer's whole file), never a truncated one or one padded with NUL bytes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

PRIVATE = 0o600  # readable by the user only, like the workspace


def _default_mode(path: Path) -> int:
    """The mode a plain open() would give: an existing file's, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, content: bytes | Callable[[BinaryIO], None], mode: int | None = None) -> Path:
    """Write `content` (bytes, or a function that writes into a binary file) to `path`
    through a temporary file beside it, renamed into place when complete. `mode`:
    the new file's permissions (default: as a plain open() would make them). An error
    (OSError, or whatever `content` raises) leaves `path` as it was and no temporary file."""
    path = Path(path)
    final_mode = _default_mode(path) if mode is None else mode
    # mkstemp creates the file owner-only, so private bytes are never readable by others.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as sink:
            if isinstance(content, bytes | bytearray | memoryview):
                sink.write(content)
            else:
                content(sink)
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(temp, final_mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    # The rename itself reaches the disk when the folder is flushed (POSIX; Windows has no such call).
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
