"""argparse's own words in Indonesian, for the ``kdkmp`` command.

argparse (Python 3.12) looks every word it shows up through the gettext
functions ``_`` and ``ngettext`` of its module. :func:`indonesian` swaps them for
a lookup in :data:`MESSAGES` while the command's parser is built, parses and
prints its help, then puts the originals back (the swap is process-wide for
the block's duration, so the block holds only the command's own parsing).
Option names, metavars and the values as typed are kept as they are.

Messages only a programmer can meet (a parser built wrong: conflicting option
strings, an invalid ``nargs``, ...) raise at build time and stay English.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: argparse's msgids (``argparse.py`` of Python 3.12) that a user of ``kdkmp``
#: can meet, in Indonesian. ``%``-fields stay those of the msgid.
MESSAGES: dict[str, str] = {
    # help and usage
    "usage: ": "pemakaian: ",
    "positional arguments": "argumen",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini",
    # the error line and its prefix
    "%(prog)s: error: %(message)s\n": "Galat: %(message)s (bantuan: %(prog)s -h)\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    # what went wrong
    "invalid %(type)s value: %(value)r": "%(value)r bukan %(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r tidak "
    "dikenal; pilih salah satu: %(choices)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "perintah "
    "%(parser_name)r tidak dikenal; pilih salah satu: %(choices)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen ini wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "ambiguous option: %(option)s could match %(matches)s": "opsi %(option)s "
    "kurang lengkap, bisa berarti %(matches)s",
    "unexpected option string: %s": "opsi tidak terduga: %s",
    "not allowed with argument %s": "tidak boleh dipakai bersama argumen %s",
    "ignored explicit argument %r": "opsi ini tidak menerima nilai: %r",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu sedikitnya satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "can't open '%(filename)s': %(error)s": "berkas '%(filename)s' tidak dapat "
    "dibuka: %(error)s",
}

#: What a value of each ``type=`` must be, for ``invalid %(type)s value``
#: (argparse names the type by its Python name: ``int``, ``float``).
TYPE_NAMES = {
    "int": "bilangan bulat",
    "float": "angka; desimal ditulis dengan titik, mis. 163.5",
}


class _TypedMessage(str):
    """A message whose ``%(type)s`` is the Indonesian name of the type."""

    def __mod__(self, args: Any) -> str:
        if isinstance(args, dict) and "type" in args:
            name = str(args["type"])
            args = {**args, "type": TYPE_NAMES.get(name, f"nilai {name} yang sah")}
        return str.__mod__(self, args)


def text(msgid: str | None) -> str | None:
    """The Indonesian of one argparse msgid (the msgid itself when none).

    Parameters
    ----------
    msgid : str or None
        The English text argparse passes to ``_`` (``None`` for a missing
        subparsers description, as gettext passes it through).

    Returns
    -------
    str or None
        The Indonesian text, with the msgid's ``%``-fields.
    """
    if msgid is None:
        return None
    found = MESSAGES.get(msgid, msgid)
    return _TypedMessage(found) if "%(type)s" in found else found


def plural(singular: str, many: str, n: int) -> str | None:
    """``ngettext`` for argparse: the Indonesian of the form ``n`` asks for."""
    return text(singular if n == 1 else many)


@contextmanager
def indonesian() -> Iterator[None]:
    """argparse speaks Indonesian inside the ``with`` block.

    Build the parser, parse and print help inside it: argparse reads its
    section titles and ``-h`` help when a parser is built and its usage and
    error words when it formats them.

    Examples
    --------
    >>> with indonesian():
    ...     print(argparse.ArgumentParser(prog="kdkmp").format_usage(), end="")
    pemakaian: kdkmp [-h]
    """
    module = vars(argparse)
    saved = {name: module[name] for name in ("_", "ngettext")}
    module.update(_=text, ngettext=plural)
    try:
        yield
    finally:
        module.update(saved)
