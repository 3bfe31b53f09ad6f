"""Why a file of ``docs/`` is not read: the code, message and hint of each
refusal (KB107 links out of the docs folder, KB108 files that are not
regular files, KB109 pages over ``max_page_size``, KB111 names that are not
UTF-8). :mod:`.files` reports them while it walks and reads the folder;
``kb codes --examples`` shows them.
"""

from __future__ import annotations

import re
import stat

from ..fields import file_size_text
from ..i18n import Message, msg

# Python reads the bytes of a name that are not UTF-8 as these surrogates.
_SURROGATES = re.compile("[\udc80-\udcff]")


def undecodable(name: str) -> bool:
    """Whether *name* holds bytes that are not UTF-8 (read as surrogates)."""
    return _SURROGATES.search(name) is not None


def not_utf8(folder: bool) -> tuple[str, Message, Message]:
    """The code, message and hint of a file or folder whose name is not UTF-8."""
    if folder:
        return (
            "KB111",
            msg("the folder name is not valid UTF-8, so it cannot be published (the site's "
                "addresses are UTF-8): the folder is not read"),
            msg("rename the folder; a name saved by an old program in another encoding (such "
                "as Windows-1252) is the usual cause"),
        )
    return (
        "KB111",
        msg("the file name is not valid UTF-8, so it cannot be published (the site's "
            "addresses are UTF-8): the file is not read"),
        msg("rename the file; a name saved by an old program in another encoding (such as "
            "Windows-1252) is the usual cause"),
    )


def outside_link(written: str, folder: bool) -> tuple[str, Message, Message]:
    """KB107's code, message and hint for a link to *written*, outside the docs folder."""
    if folder:
        return (
            "KB107",
            msg(
                "symbolic link to '{target}', a folder outside the docs folder: it is not "
                "followed, and the site is not built while it is there",
                target=written,
            ),
            msg("copy the folder into the docs folder instead of linking to it"),
        )
    return (
        "KB107",
        msg(
            "symbolic link to '{target}', outside the docs folder: it is not read or published",
            target=written,
        ),
        msg("copy the file into the docs folder instead of linking to it"),
    )


_SPECIAL_KINDS = (
    (stat.S_ISDIR, msg("a folder")),  # only when a page was swapped for one after the walk
    (stat.S_ISFIFO, msg("a named pipe (FIFO)")),
    (stat.S_ISCHR, msg("a character device")),
    (stat.S_ISBLK, msg("a block device")),
    (stat.S_ISSOCK, msg("a socket")),
)


def special_file(mode: int, linked: bool) -> tuple[str, Message, Message]:
    """KB108's code, message and hint for a file of *mode* that is not a regular file."""
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), msg("a special file"))
    message = (
        msg("symbolic link to {kind}, not a regular file: it is not read", kind=kind)
        if linked
        else msg("{kind}, not a regular file: it is not read", kind=kind)
    )
    return "KB108", message, msg("remove it; pages and attachments must be regular files")


def too_large(size: int, limit: int) -> tuple[str, Message, Message]:
    """KB109's code, message and hint for a page of *size* bytes over *limit*."""
    return (
        "KB109",
        msg(
            "the page is {size}, larger than max_page_size ({limit}): it is not read or "
            "published",
            size=file_size_text(size),
            limit=file_size_text(limit),
        ),
        msg(
            "split it into smaller pages, or raise 'max_page_size' in the kb settings in "
            "mkdocs.yml"
        ),
    )
