"""What went wrong with a data folder, and what to tell the user to do about it."""

import os
from pathlib import Path


def remedy(path: Path, exc: Exception) -> str:
    """What to do about a store that will not open: free space, make its folder writable, or rebuild it."""
    # Rebuilding deletes the index first: never the advice when the folder itself is the problem.
    problem = folder_problem(path)
    text = str(exc).lower()
    if problem == "read-only" or "readonly" in text or "permission denied" in text:
        return "the data folder must be writable (CLUSTER_ASSISTANT_DATA_DIR); the index was left as it is"
    if problem == "full" or "disk is full" in text:
        return "the disk is full: free some space and try again; the index was left as it is"
    return "rebuild it with `cluster-assistant ingest --rebuild`"


def folder_problem(path: Path) -> str | None:
    """``read-only`` or ``full`` when the file system holding ``path`` is so, else None."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        stats = os.statvfs(path)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return "read-only"
    if stats.f_bavail * stats.f_frsize < 2**20:
        return "full"
    return None
