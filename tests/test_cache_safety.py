"""The document cache: data only, and anything wrong with it means a rebuild.

`.kb-cache/` may come from a shared CI cache or from anyone who could write
to the checkout: a planted file must never run code, hang a run or change
what `kb check` reports, and a damaged one heals itself with one line.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.model import Bank, cache_codec
from kb_tools.model import cache as cache_module
from kb_tools.model.cache import DocumentCache
from kb_tools.model.document import Document

from .conftest import ROUTINE, BankDir, MakeBank

ROOT = Path(__file__).resolve().parents[1]
CACHE = ".kb-cache/documents.json"
REBUILT = (
    "Warning: the document cache .kb-cache/documents.json could not be read ({}); it is rebuilt."
)


class Payload:
    """A pickle that runs a shell command when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def payload(marker: Path) -> bytes:
    return pickle.dumps({"fingerprint": "x", "entries": Payload(marker)})


@pytest.fixture
def checked(make_bank: MakeBank) -> BankDir:
    bank = make_bank(
        {
            "rutiner/a.md": ROUTINE + "\n[B](b.md#saknas)\n",
            "rutiner/b.md": ROUTINE.replace("Ankomst", "Avresa"),
        }
    )
    first = bank.kb("check")
    assert first.output.splitlines()[0].startswith("docs/rutiner/a.md:10:")
    assert first.stderr == ""
    return bank


def test_a_planted_pickle_never_runs_and_is_removed(checked: BankDir, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    planted = checked.write(".kb-cache/documents.pickle", payload(marker))
    before = checked.kb("check").output
    checked.write("docs/rutiner/b.md", ROUTINE.replace("Ankomst", "Ändrad"))  # forces a save
    after = checked.kb("check")
    assert not marker.exists()
    assert after.output == before
    assert not planted.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a cache file written by kb, or truncated"),
        (b"\x80\x04K\x01.", "not a cache file written by kb, or truncated"),
        (b'{"fingerprint": "x", "entries": []}\n', "not a cache file written by kb"),
        (b"[1, 2]\n[]\n", "not a cache file written by kb"),
        (b"\xff\xfe\x00garbage", "not a cache file written by kb, or truncated"),
    ],
)
def test_a_foreign_cache_file_is_reported_once_and_rebuilt(
    checked: BankDir, content: bytes, reason: str
) -> None:
    expected = checked.kb("check").output
    checked.write(CACHE, content)
    damaged = checked.kb("check")
    assert damaged.output == expected
    assert damaged.stderr == REBUILT.format(reason) + "\n"
    healed = checked.kb("check")
    assert (healed.output, healed.stderr) == (expected, "")


def _real_header(bank: BankDir) -> bytes:
    return (bank.root / CACHE).read_bytes().partition(b"\n")[0]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'[["rutiner/a.md", "00", [1, 2]]', "not a cache file written by kb, or truncated"),
        (b'[["rutiner/a.md", "00", [1, 2]]]', "a document entry has the wrong shape"),
        (b'[["rutiner/a.md", 5, []]]', "an entry has no path or digest"),
        (b'{"entries": []}', "the entries are not a list"),
        (b'[["a.md", "00", {"\\u0000": "pickle", "v": "gASV"}]]', "unknown tag 'pickle'"),
        (b'[["a.md", "00", {"\\u0000": "model", "m": "os.system", "v": {}}]]', "damaged: KeyError"),
    ],
)
def test_a_damaged_cache_with_the_right_header_is_rebuilt(
    checked: BankDir, body: bytes, reason: str
) -> None:
    expected = checked.kb("check").output
    checked.write(CACHE, _real_header(checked) + b"\n" + body)
    damaged = checked.kb("check")
    assert (damaged.output, damaged.stderr) == (expected, REBUILT.format(reason) + "\n")
    assert checked.kb("check").stderr == ""


def test_truncated_at_any_point_the_cache_is_rebuilt(checked: BankDir) -> None:
    expected = checked.kb("check").output
    whole = (checked.root / CACHE).read_bytes()
    for cut in range(0, len(whole) - 1, max(1, len(whole) // 40)):
        checked.write(CACHE, whole[:cut])
        result = checked.kb("check")
        assert result.output == expected
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("Warning: the document cache .kb-cache/documents.json")


def _forged(bank: BankDir) -> None:
    """A cache with the right fingerprint that claims a.md has no problems
    and a title it does not have: what a poisoned shared cache could say."""
    config = load_config(bank.root / "mkdocs.yml")
    cache = DocumentCache.for_bank(config.root, config.config_file)
    assert cache is not None
    for src, (digest, document) in list(cache.entries.items()):
        document.title = "Förfalskad"
        document.scanned.links.clear()
        cache.entries[src] = (digest, document)
    cache.changed = True
    cache.save()


def test_no_cache_reads_nothing_and_replaces_a_forged_cache(
    checked: BankDir, tmp_path: Path
) -> None:
    honest = checked.kb("check").output
    _forged(checked)
    legacy = checked.write(".kb-cache/documents.pickle", payload(tmp_path / "pwned"))
    assert checked.kb("check").output != honest  # the forgery is believed when read
    no_cache = checked.kb("check", "--no-cache")
    assert (no_cache.output, no_cache.stderr) == (honest, "")
    assert checked.kb("check").output == honest  # and it did not survive
    assert not legacy.exists() and not (tmp_path / "pwned").exists()
    config = load_config(checked.root / "mkdocs.yml")
    assert {d.title for d in Bank.load(config).documents} == {"Ankomst", "Avresa"}


def test_a_cache_of_another_configuration_is_quietly_ignored(checked: BankDir) -> None:
    expected = checked.kb("check").output
    text = (checked.root / "mkdocs.yml").read_text(encoding="utf-8")
    checked.write("mkdocs.yml", text.replace("Testbanken", "Andra banken"))
    result = checked.kb("check")
    assert (result.output, result.stderr) == (expected, "")


def _kb_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb_tools.cli", "check", "--today", "2026-11-23"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_symlink_to_dev_zero_or_a_fifo_does_not_hang_the_run(checked: BankDir) -> None:
    expected = checked.kb("check").output
    cache = checked.root / CACHE
    cache.unlink()
    cache.symlink_to("/dev/zero")
    zero = _kb_check(checked.root)
    assert (zero.returncode, zero.stdout) == (1, expected)
    assert zero.stderr == REBUILT.format("documents.json is a symbolic link") + "\n"
    assert not cache.is_symlink()  # replaced by a real cache, /dev/zero untouched
    cache.unlink()
    os.mkfifo(cache)
    fifo = _kb_check(checked.root)
    assert (fifo.returncode, fifo.stdout) == (1, expected)
    assert fifo.stderr == REBUILT.format("documents.json is not a regular file") + "\n"


def _slim(document: Document) -> Document:
    """What the cache keeps of a document (see DocumentCache.put)."""
    cache = DocumentCache(Path("/nonexistent/documents.json"), "x", read=False)
    cache.put(document, b"")
    return cache.entries[document.src_path][1]


BROKEN = {
    "rutiner/trasig.md": "---\ntitle: [oavslutad\n---\nText.\n",
    "rutiner/ansi.md": b"---\ntitle: V\xe4xj\xf6\n---\n",
    "rutiner/fel.md": ROUTINE.replace("reviewed: 2026-09-01", "reviewed: 2026-02-30\nfarg: bla")
    + "\n<script>alert(1)</script>\n[x](saknas.md)\n",
    "samverkansparter/p.md": "---\ntitle: P\norg_type: company\nowner: samordnare\n"
    "reviewed: 2026-01-01\nreview_every: 6 months\ncontacts:\n"
    "  - {name: Anna, role: Handläggare, email: anna@example.se, verified: 2026-01-01}\n"
    "  - {name: Bo, role: X, verified: 2026-01-01}\n---\n# P\n",
}


def test_every_page_survives_the_format_unchanged(make_bank: MakeBank) -> None:
    sample = Bank.load(load_config(ROOT / "mkdocs.yml"), use_cache=False).documents
    broken = Bank.load(load_config(make_bank(BROKEN).root / "mkdocs.yml")).documents
    assert len(sample) > 30 and len(broken) == 4
    assert sum(len(d.problems) for d in broken) >= 5
    for document in [*sample, *broken]:
        slim = _slim(document)
        stored = json.dumps(cache_codec.encode_document(slim))
        back = cache_codec.decode_document(json.loads(stored, object_hook=cache_codec.object_hook))
        assert back == slim, document.src_path
        assert back.meta.model_fields_set == slim.meta.model_fields_set


def test_values_json_lacks_are_kept_and_unknown_ones_refused() -> None:
    from datetime import UTC, date, datetime

    from kb_tools.fields.durations import Duration

    value = {
        "d": date(2026, 1, 2),
        "t": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        "b": b"\x00\xff",
        "tuple": (1, "a"),
        "dur": Duration(months=6),
        "\x00": "a key that looks like our tag",
        "n": [None, True, 1.5, float("inf")],
    }
    stored = json.dumps(cache_codec.encode_value(value))
    assert json.loads(stored, object_hook=cache_codec.object_hook) == value
    with pytest.raises(TypeError):
        cache_codec.encode_value({1, 2})
    with pytest.raises(TypeError):
        cache_codec.encode_value(object())


def test_a_page_with_a_value_the_format_does_not_keep_is_parsed_again(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An integer too long to print (D2) cannot be stored; the page is simply
    # not cached, and every other page is.
    bank = make_bank(
        {"rutiner/a.md": ROUTINE, "rutiner/b.md": ROUTINE.replace("Ankomst", "Avresa")}
    )
    original = cache_codec.encode_document

    def refuse_a(document: Document) -> list[object]:
        if document.src_path == "rutiner/a.md":
            raise TypeError("not kept")
        return original(document)

    monkeypatch.setattr(cache_codec, "encode_document", refuse_a)
    config = load_config(bank.root / "mkdocs.yml")
    Bank.load(config)
    stored = (bank.root / CACHE).read_text(encoding="utf-8").splitlines()[1]
    assert [entry[0] for entry in json.loads(stored)] == ["rutiner/b.md"]
    assert cache_module.FILE_NAME == "documents.json"


READ_OTHER_CACHES = """
import sys
from pathlib import Path
from kb_tools.linkcheck.cache import LinkCache
from kb_tools.review.remind import SentState
folder = Path(sys.argv[1])
print(LinkCache(folder / "links.json", 3600).entries, SentState(folder / "remind.json").entries)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_link_cache_and_reminder_state_read_only_regular_files(tmp_path: Path) -> None:
    folder = tmp_path / ".kb-cache"
    folder.mkdir()
    (folder / "links.json").symlink_to("/dev/zero")
    os.mkfifo(folder / "remind.json")
    result = subprocess.run(
        [sys.executable, "-c", READ_OTHER_CACHES, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout == "{} {}\n"


def test_a_link_cache_of_the_wrong_shape_is_ignored(tmp_path: Path) -> None:
    from kb_tools.linkcheck.cache import LinkCache

    path = tmp_path / "links.json"
    path.write_text(
        json.dumps(
            {
                "https://a.example.org/": {"status": "ok", "code": 200, "checked_at": 9000.0},
                "https://b.example.org/": {"status": "exploded"},
                "https://c.example.org/": ["not", "an", "entry"],
                "https://d.example.org/": {"status": "ok", "checked_at": "yesterday"},
            }
        )
    )
    cache = LinkCache(path, 3600, now=10_000.0)
    assert sorted(cache.entries) == ["https://a.example.org/", "https://d.example.org/"]
    result = cache.get("https://a.example.org/")
    assert result is not None and result.cached
    assert cache.get("https://d.example.org/") is None  # no usable time: too old


def test_values_json_cannot_hold_do_not_stop_the_rest_of_the_cache(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parser refuses numbers longer than the cache keeps (KB100), so the
    # cache's own limit is lowered to reach the case it guards against.
    from kb_tools.model import cache_codec

    monkeypatch.setattr(cache_codec, "MAX_INT_BITS", 64)
    bank = make_bank(
        {
            "rutiner/a.md": ROUTINE,
            "rutiner/b.md": ROUTINE.replace("reviewed:", f"stor: {'9' * 30}\nreviewed:"),
            "rutiner/c.md": ROUTINE.replace("Ankomst", "Avresa"),
        }
    )
    first = bank.kb("check")
    assert first.output.startswith("docs/rutiner/b.md:4:1: KB103 warning: unknown key 'stor'")
    stored = (bank.root / CACHE).read_bytes().splitlines()[1]
    entries = json.loads(stored)
    assert [entry[0] for entry in entries] == ["rutiner/a.md", "rutiner/c.md"]
    second = bank.kb("check")
    assert (second.output, second.stderr) == (first.output, "")
