"""Writing a new file beside its target and renaming it into place once it is whole.

The partial file has the target's own name (so what a document records of its name is
right), inside a private folder beside the target, on the same file system: the rename is
atomic, and a crash leaves either no file at the target or a whole one, never half of one.
The folder a killed process left is removed by the next write to the same name.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

from compdesk.models.errors import InputError

PARTIAL_SUFFIX: Final = ".partial"


def write_beside(
    target: Path, write: Callable[[Path], None], *, name: str, overwrite: bool
) -> None:
    """Have `write` fill a partial file, then put it at `target` (called `name` in messages).

    Without `overwrite`, an existing `target` is refused (InputError), even one that appears
    while `write` runs.
    """
    if not target.parent.is_dir():
        raise InputError(f"the folder {target.parent} does not exist")
    if not overwrite and target.exists():
        raise InputError(f"{name} already exists; choose another name")
    remove_abandoned_partials(target)
    # mkdtemp: a folder only its owner can read, as the finished file's data may be personal.
    folder = Path(
        tempfile.mkdtemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=PARTIAL_SUFFIX, dir=target.parent
        )
    )
    partial = folder / target.name
    try:
        write(partial)
        if overwrite:
            os.replace(partial, target)
        else:
            rename_without_replacing(partial, target, name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def rename_without_replacing(partial: Path, target: Path, name: str) -> None:
    """Move `partial` to `target`, refusing (InputError naming `name`) a name already taken."""
    try:
        # A hard link is the one atomic "rename unless the name is taken".
        os.link(partial, target)
    except FileExistsError:
        raise InputError(f"{name} already exists; choose another name") from None
    except OSError:
        # File systems without hard links (FAT on a USB stick).
        if target.exists():
            raise InputError(f"{name} already exists; choose another name") from None
        os.replace(partial, target)


def partial_folders(target: Path) -> list[Path]:
    """The partial folders beside `target` that writes to its name made and did not remove."""
    pattern = f".{glob.escape(target.name)}.*{PARTIAL_SUFFIX}"
    return [folder for folder in target.parent.glob(pattern) if folder.is_dir()]


def remove_abandoned_partials(target: Path) -> None:
    """Remove the partial folders for `target` whose writing process no longer runs."""
    if os.name != "posix":
        # Without a harmless way to ask whether a process runs, leftovers are only ignored.
        return
    for folder in partial_folders(target):
        pid_text = folder.name[len(target.name) + 2 :].partition("-")[0]
        if pid_text.isdigit() and not _process_runs(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks: on POSIX it sends nothing
    except ProcessLookupError:
        return False
    except OSError:
        pass  # it runs, as another user
    return True
