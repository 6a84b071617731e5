"""argparse's own messages of ``kdkmp`` are Indonesian (issue 14 §1).

A planner who mistypes an option meets argparse, not our code: its usage line,
its error line and its words come from :mod:`kdkmp_analysis._argparse_id`.
Option names, metavars and the values as typed stay; the exit status stays 2.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import re
from pathlib import Path

import pytest

from kdkmp_analysis import _argparse_id, cli
from kdkmp_analysis.testing.text_scan import violations

#: Fragments of argparse's English that must not reach a planner.
ENGLISH = re.compile(
    r"invalid|argument|required|unrecognized|expected|choose from|usage|error"
    r"|could match|ignored|not allowed|choices",
    re.I,
)


def _error(capsys, argv: list[str]) -> str:
    """stderr of ``kdkmp argv``, which argparse refuses with status 2."""
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["build", "--jobs", "x"], "argumen --jobs: 'x' bukan bilangan bulat"),
        (["simulate", "--runs", "2.5"], "argumen --runs: '2.5' bukan bilangan bulat"),
        (
            ["simulate", "--alokasi-beras", "1,5"],
            "argumen --alokasi-beras: '1,5' bukan angka; desimal ditulis dengan "
            "titik, mis. 163.5",
        ),
        (
            ["import-simkopdes"],
            "argumen berikut wajib diisi: CSV_LOKASI, --out",
        ),
        (["build", "--bogus"], "argumen tidak dikenal: --bogus"),
        (["build", "--out"], "argumen --out: perlu satu nilai"),
        (
            ["bogus"],
            "argumen PERINTAH: 'bogus' tidak dikenal; pilih salah satu: 'info', ",
        ),
        (
            ["build", "--k", "x"],
            "opsi --k kurang lengkap, bisa berarti --kabupaten, --kuota, --kalender",
        ),
        (
            ["template", "--out", "t.xlsx", "--kosong=ya"],
            "argumen --kosong: opsi ini tidak menerima nilai: 'ya'",
        ),
    ],
    ids=[
        "int",
        "int-decimal",
        "float-comma",
        "required",
        "unrecognized",
        "expected-one",
        "unknown-command",
        "ambiguous",
        "explicit-value",
    ],
)
def test_argparse_errors_are_indonesian(capsys, argv, said):
    err = _error(capsys, argv)
    usage, line = err.split("\nGalat: ")
    assert usage.startswith("pemakaian: kdkmp")
    assert said in line
    assert line.endswith(" -h)\n") and "(bantuan: kdkmp" in line
    assert not ENGLISH.findall(err), err
    assert not [v for v in violations(line) if not v.startswith("snake_case")]


def test_the_usage_line_is_that_of_the_subcommand(capsys):
    err = _error(capsys, ["import-simkopdes"])
    assert err.startswith("pemakaian: kdkmp import-simkopdes [-h]")
    assert "(bantuan: kdkmp import-simkopdes -h)" in err


def test_a_wrong_preset_key_is_one_galat_line_from_our_own_check(capsys):
    """``--kuota`` is checked by ``ScenarioOptions``, not argparse's choices."""
    assert cli.main(["simulate", "--kuota", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat: ") and err.count("\n") == 1
    assert "'nope' tidak dikenal" in err and "tanjungpinang" in err
    assert not ENGLISH.findall(err)


@pytest.mark.parametrize("argv", [["--help"], [], ["build", "--help"]])
def test_help_is_indonesian(capsys, argv):
    if argv:
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 0
    else:
        assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("pemakaian: kdkmp")
    assert "\nopsi:\n" in out and "tampilkan bantuan ini" in out
    assert "options:" not in out and "show this help" not in out
    assert not ENGLISH.findall(out)


def test_simulate_and_build_share_the_preset_options(capsys):
    helps = {}
    for command in ("simulate", "build"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        text = capsys.readouterr().out
        helps[command] = text[text.index("  --alokasi-beras T") :]
    assert helps["simulate"] == helps["build"]
    for flag, _, _ in cli.PRESET_OPTIONS:
        assert f"{flag} KUNCI" in helps["build"]


def test_argparse_is_english_again_after_the_command(capsys):
    """The swap is undone even when argparse exits (others' argparse stays)."""
    with pytest.raises(SystemExit):
        cli.main(["build", "--jobs", "x"])
    assert vars(argparse)["_"] is gettext.gettext
    assert vars(argparse)["ngettext"] is gettext.ngettext
    parser = argparse.ArgumentParser(prog="x")
    assert parser.format_usage().startswith("usage: ")


def _parse(capsys, build, argv: list[str]) -> str:
    """stderr of a small parser, built and run in Indonesian, that refuses argv."""
    with _argparse_id.indonesian():
        parser = argparse.ArgumentParser(prog="kdkmp uji")
        build(parser)
        with pytest.raises(SystemExit) as stop:
            parser.parse_args(argv)
    assert stop.value.code == 2
    return capsys.readouterr().err


def _tanggal(text: str) -> str:
    raise ValueError(text)


def _exclusive(p, required=False):
    g = p.add_mutually_exclusive_group(required=required)
    g.add_argument("--kosong", action="store_true")
    g.add_argument("--dari-register")


@pytest.mark.parametrize(
    ("build", "argv", "said"),
    [
        (
            _exclusive,
            ["--kosong", "--dari-register", "r.csv"],
            "argumen --dari-register: tidak boleh dipakai bersama argumen --kosong",
        ),
        (
            lambda p: _exclusive(p, required=True),
            [],
            "salah satu argumen ini wajib diisi: --kosong --dari-register",
        ),
        (
            lambda p: p.add_argument("--titik", nargs=2),
            ["--titik", "1"],
            "argumen --titik: perlu 2 nilai",
        ),
        (
            lambda p: p.add_argument("--kode", nargs="+"),
            ["--kode"],
            "argumen --kode: perlu sedikitnya satu nilai",
        ),
        (
            lambda p: p.add_argument("--harga", choices=["zona_2025", "satu_harga"]),
            ["--harga", "x"],
            "argumen --harga: 'x' tidak dikenal; pilih salah satu: 'zona_2025', ",
        ),
        (
            lambda p: p.add_argument("berkas", type=argparse.FileType("r")),
            ["/nonexistent/tidak-ada.csv"],
            "argumen berkas: berkas '/nonexistent/tidak-ada.csv' tidak dapat dibuka",
        ),
        (
            lambda p: p.add_argument("--tanggal", type=_tanggal),
            ["--tanggal", "kemarin"],
            "argumen --tanggal: 'kemarin' bukan nilai _tanggal yang sah",
        ),
    ],
    ids=[
        "not-allowed",
        "one-required",
        "n-values",
        "at-least-one",
        "choice",
        "cannot-open",
        "other-type",
    ],
)
def test_messages_the_command_does_not_use_yet_are_indonesian(
    capsys, build, argv, said
):
    err = _parse(capsys, build, argv)
    assert err.startswith("pemakaian: kdkmp uji")
    assert said in err
    english = ENGLISH.findall(err.replace("No such file or directory", ""))
    assert not english, err


#: argparse msgids only a programmer meets: the parser is built wrong and
#: argparse raises at build time (a traceback for the developer, not a planner).
PROGRAMMER_ONLY = {
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    'argument "-" with mode %r',
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "conflicting option string: %s",
    "conflicting option strings: %s",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
}


def _argparse_msgids() -> set[str]:
    """Every literal msgid argparse passes to ``_`` or ``ngettext``."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "ngettext")
        ):
            found |= {
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            }
    return found


def test_every_message_a_user_can_meet_is_translated():
    """A new Python's argparse with a new or changed msgid fails here."""
    msgids = _argparse_msgids()
    assert len(msgids) > 30
    assert msgids - PROGRAMMER_ONLY == set(_argparse_id.MESSAGES)
    assert msgids >= PROGRAMMER_ONLY


@pytest.mark.parametrize("msgid", sorted(_argparse_id.MESSAGES))
def test_a_translation_keeps_the_fields_of_its_msgid(msgid):
    fields = re.compile(r"%(?:\((\w+)\))?[srd]")
    indonesian = _argparse_id.MESSAGES[msgid]
    assert sorted(fields.findall(indonesian)) == sorted(fields.findall(msgid))
    assert indonesian.endswith("\n") == msgid.endswith("\n")
    assert not ENGLISH.findall(fields.sub("", indonesian))
