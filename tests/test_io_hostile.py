"""Hostile and broken input reaching the article and reference readers: every bad input named with its file (and
line), never a hang, a traceback or a silent skip; every good one still read when the caller keeps going."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
from pathlib import Path

import pytest

from conftest import assert_one_error_line, check_command
from mtqa.errors import InputError
from mtqa.io import load_batch, load_documents, load_path
from mtqa.io.decode import read_utf8
from mtqa.io.json_keys import duplicate_key_line
from mtqa.io.json_values import MAX_NESTING
from mtqa.io.references import attach_references
from mtqa.model import Document, SkippedInput
from mtqa.suppressions import load_baseline

GOOD = '{"id": "%s", "target": "Fine text."}'


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@contextlib.contextmanager
def within(seconds: float):
    """Fails the test instead of hanging it when a read blocks (a FIFO opened without a writer)."""
    def expire(*_):
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def strict_error(paths: list[str]) -> InputError:
    with within(10), pytest.raises(InputError) as caught:
        load_batch(paths, keep_going=False)
    return caught.value


def check(*args: str):
    with within(60):
        return check_command("--glossary", "g.yaml", *args)


def write_jsonl(path: Path, *lines: str, end: str = "\n") -> None:
    path.write_bytes(end.join(lines).encode("utf-8") + end.encode())


def ids(documents: list[Document]) -> list[str]:
    return [document.id for document in documents]


def places(skipped: list[SkippedInput]) -> list[tuple[str, int | None]]:
    return [(item.path, item.line) for item in skipped]


# --- load_batch: the first bad input stops a strict run; keep-going loads every good part and records every bad one


def test_keep_going_keeps_every_good_line_and_records_every_bad_one(workspace):
    write_jsonl(workspace / "b.jsonl", GOOD % "a", "{broken", '{"id": "c"}', GOOD % "d", '["list"]', GOOD % "f")
    documents, skipped = load_batch(["b.jsonl"], keep_going=True)
    assert ids(documents) == ["a", "d", "f"]
    assert places(skipped) == [("b.jsonl", 2), ("b.jsonl", 3), ("b.jsonl", 5)]
    assert "not valid JSON" in skipped[0].reason and "'target'" in skipped[1].reason


def test_strict_load_stops_at_the_first_bad_line(workspace):
    write_jsonl(workspace / "b.jsonl", GOOD % "a", "{broken", '{"id": "c"}')
    error = strict_error(["b.jsonl"])
    assert (error.path, error.line) == ("b.jsonl", 2) and "not valid JSON" in str(error)


def test_keep_going_keeps_the_rest_of_a_folder_with_bad_files(workspace):
    folder = workspace / "articles"
    (folder / "deep").mkdir(parents=True)
    (folder / "a.txt").write_text("Fine.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"caf\xe9")
    (folder / "deep" / "c.md").write_text("Also fine.", encoding="utf-8")
    (folder / "deep" / "d.txt").write_bytes(b"\x00\x01")
    documents, skipped = load_batch(["articles", "missing.txt"], keep_going=True)
    assert ids(documents) == ["articles/a.txt", "articles/deep/c.md"]
    assert places(skipped) == [("articles/b.txt", 1), ("articles/deep/d.txt", 1), ("missing.txt", None)]
    assert "no such file" in skipped[2].reason


def test_duplicate_id_names_the_second_line_and_where_the_first_was(workspace):
    write_jsonl(workspace / "a.jsonl", GOOD % "one", GOOD % "two")
    write_jsonl(workspace / "b.jsonl", GOOD % "three", GOOD % "one", GOOD % "three")
    error = strict_error(["a.jsonl", "b.jsonl"])
    assert (error.path, error.line) == ("b.jsonl", 2)
    assert "duplicate document id 'one'" in str(error) and "a.jsonl:1" in str(error)

    documents, skipped = load_batch(["a.jsonl", "b.jsonl"], keep_going=True)
    assert ids(documents) == ["one", "two", "three"]
    assert places(skipped) == [("b.jsonl", 2), ("b.jsonl", 3)]
    assert "b.jsonl:1" in skipped[1].reason


@pytest.fixture
def named_twice(workspace):
    """d/x.txt, d/sub/y.md, d/sub/b.jsonl, a link to d/x.txt and a hard link to d/sub/b.jsonl."""
    (workspace / "d" / "sub").mkdir(parents=True)
    (workspace / "d" / "x.txt").write_text("Fine.", encoding="utf-8")
    (workspace / "d" / "sub" / "y.md").write_text("Also fine.", encoding="utf-8")
    write_jsonl(workspace / "d" / "sub" / "b.jsonl", GOOD % "j1", GOOD % "j2")
    (workspace / "alias.txt").symlink_to("d/x.txt")
    os.link(workspace / "d" / "sub" / "b.jsonl", workspace / "hard.jsonl")
    return workspace


@pytest.mark.parametrize(("paths", "expected"), [
    (["d/x.txt", "d/x.txt"], ["d/x.txt"]),
    (["d/x.txt", "./d/x.txt"], ["d/x.txt"]),
    (["d/x.txt", "{root}/d/x.txt", "d/../d/x.txt", "alias.txt"], ["d/x.txt"]),
    (["d", "d/x.txt"], ["j1", "j2", "d/sub/y.md", "d/x.txt"]),
    (["d/x.txt", "d"], ["d/x.txt", "j1", "j2", "d/sub/y.md"]),
    (["d/sub", "d"], ["j1", "j2", "d/sub/y.md", "d/x.txt"]),
    (["d", "d/sub", "./d/"], ["j1", "j2", "d/sub/y.md", "d/x.txt"]),
    (["hard.jsonl", "d/sub/b.jsonl", "d/sub"], ["j1", "j2", "d/sub/y.md"]),
])
def test_a_file_named_more_than_once_is_read_once_under_its_first_name(named_twice, paths, expected):
    given = [path.format(root=named_twice) for path in paths]
    documents, skipped = load_batch(given, keep_going=True)
    assert ids(documents) == expected and skipped == []
    assert load_documents(given) == documents


def test_the_cli_checks_a_file_named_twice_once(named_twice):
    (named_twice / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    result = check("d", "d/x.txt", "./d/sub/y.md", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)["documents"]] == ["j1", "j2", "d/sub/y.md", "d/x.txt"]


def test_equal_ids_in_different_files_stay_an_error(workspace):
    (workspace / "d").mkdir()
    write_jsonl(workspace / "d" / "a.jsonl", GOOD % "same")
    write_jsonl(workspace / "d" / "b.jsonl", GOOD % "same")
    (workspace / "copy.jsonl").write_bytes((workspace / "d" / "a.jsonl").read_bytes())
    error = strict_error(["d"])
    assert (error.path, error.line) == ("d/b.jsonl", 1) and "duplicate document id 'same'" in str(error)
    assert "d/a.jsonl:1" in str(error)
    error = strict_error(["d/a.jsonl", "copy.jsonl"])
    assert (error.path, error.line) == ("copy.jsonl", 1) and "duplicate document id 'same'" in str(error)


def test_clean_batches_load_as_before(workspace):
    (workspace / "folder").mkdir()
    (workspace / "folder" / "b.txt").write_text("B.", encoding="utf-8")
    (workspace / "folder" / "a.md").write_text("A.", encoding="utf-8")
    (workspace / "folder" / "notes.csv").write_text("ignored", encoding="utf-8")
    write_jsonl(workspace / "b.jsonl", GOOD % "x", "", GOOD % "y")
    expected = ["folder/a.md", "folder/b.txt", "x", "y"]
    assert ids(load_documents(["folder", "b.jsonl"])) == expected
    assert load_batch(["folder", "b.jsonl"], keep_going=True) == (load_documents(["folder", "b.jsonl"]), [])
    assert ids(load_path("folder")) == expected[:2]


# --- folder scan: nothing skipped without a word, links followed once, sorted


def test_a_folder_scan_reads_jsonl_batches_beside_text_files(workspace):
    (workspace / "f" / "deep").mkdir(parents=True)
    (workspace / "f" / "a.txt").write_text("A.", encoding="utf-8")
    write_jsonl(workspace / "f" / "b.jsonl", GOOD % "b1", "", GOOD % "b2")
    write_jsonl(workspace / "f" / "deep" / "C.JSONL", GOOD % "c1", end="\r\n")
    (workspace / "f" / "notes.json").write_text(GOOD % "not-an-article", encoding="utf-8")
    assert ids(load_documents(["f"])) == ["f/a.txt", "b1", "b2", "c1"]
    assert [document.path for document in load_documents(["f"])] == ["f/a.txt", "f/b.jsonl", "f/b.jsonl",
                                                                      "f/deep/C.JSONL"]


def test_a_folder_of_jsonl_batches_only_is_read(workspace):
    (workspace / "only").mkdir()
    write_jsonl(workspace / "only" / "one.jsonl", GOOD % "x")
    assert ids(load_documents(["only"])) == ["x"]


def test_bad_lines_of_a_batch_in_a_folder_are_reported_and_the_rest_read(workspace):
    (workspace / "f").mkdir()
    write_jsonl(workspace / "f" / "a.jsonl", GOOD % "a1", "{broken", '{"id": "a3"}', GOOD % "a4")
    (workspace / "f" / "empty.jsonl").write_text("\n", encoding="utf-8")
    (workspace / "f" / "latin.jsonl").write_bytes(b'{"id": "l", "target": "caf\xe9"}\n' + (GOOD % "l2").encode())
    (workspace / "f" / "z.txt").write_text("Z.", encoding="utf-8")
    documents, skipped = load_batch(["f"], keep_going=True)
    assert ids(documents) == ["a1", "a4", "l2", "f/z.txt"]
    assert places(skipped) == [("f/a.jsonl", 2), ("f/a.jsonl", 3), ("f/empty.jsonl", None), ("f/latin.jsonl", 1)]
    assert "no article in this file" in skipped[2].reason and "invalid UTF-8" in skipped[3].reason
    error = strict_error(["f"])
    assert (error.path, error.line) == ("f/a.jsonl", 2) and "not valid JSON" in str(error)


def test_the_cli_checks_a_folder_of_jsonl_batches(workspace):
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    (workspace / "f").mkdir()
    write_jsonl(workspace / "f" / "b.jsonl", GOOD % "b1", GOOD % "b2")
    (workspace / "f" / "a.md").write_text("A.", encoding="utf-8")
    result = check("f", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)["documents"]] == ["f/a.md", "b1", "b2"]


def test_an_unreadable_subfolder_is_an_input_error(workspace, monkeypatch):
    (workspace / "top" / "locked").mkdir(parents=True)
    (workspace / "top" / "ok.txt").write_text("Fine.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    error = strict_error(["top"])
    assert error.path == "top/locked" and "cannot read folder (permission denied)" in str(error)
    documents, skipped = load_batch(["top"], keep_going=True)
    assert ids(documents) == ["top/ok.txt"] and places(skipped) == [("top/locked", None)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_a_folder_without_read_permission_is_reported(workspace):
    (workspace / "top" / "locked").mkdir(parents=True)
    (workspace / "top" / "locked" / "lost.txt").write_text("Lost.", encoding="utf-8")
    (workspace / "top" / "ok.txt").write_text("Fine.", encoding="utf-8")
    (workspace / "top" / "locked").chmod(0)
    try:
        documents, skipped = load_batch(["top"], keep_going=True)
    finally:
        (workspace / "top" / "locked").chmod(0o755)
    assert ids(documents) == ["top/ok.txt"] and places(skipped) == [("top/locked", None)]


def test_linked_folders_are_followed_and_a_link_cycle_ends(workspace):
    (workspace / "top" / "sub").mkdir(parents=True)
    (workspace / "elsewhere").mkdir()
    (workspace / "top" / "a.txt").write_text("A.", encoding="utf-8")
    (workspace / "top" / "sub" / "b.txt").write_text("B.", encoding="utf-8")
    (workspace / "elsewhere" / "c.txt").write_text("C.", encoding="utf-8")
    (workspace / "top" / "linked").symlink_to("../elsewhere")
    (workspace / "top" / "sub" / "up").symlink_to("..")  # a cycle back to top
    (workspace / "top" / "again").symlink_to("sub")  # a second way to a folder already in the tree
    (workspace / "top" / "self").symlink_to("self")  # a link to itself: no folder, no article
    with within(10):
        documents, skipped = load_batch(["top"], keep_going=False)
    assert ids(documents) == ["top/a.txt", "top/linked/c.txt", "top/sub/b.txt"]
    assert skipped == []


def test_a_linked_folder_given_on_the_command_line_is_read(workspace):
    (workspace / "real").mkdir()
    (workspace / "real" / "a.txt").write_text("A.", encoding="utf-8")
    (workspace / "link").symlink_to("real")
    assert ids(load_documents(["link"])) == ["link/a.txt"]


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A repository checked out beside files it must not reach (secret/, and a folder of articles elsewhere/), run
    from inside the checkout: `repo` is the working folder, `translations/` in it the folder scanned."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "creds.txt").write_text("token=ghp_SECRETTOKEN1234567890\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "c.txt").write_text("C.", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "translations").mkdir(parents=True)
    (repo / "shared").mkdir()
    (repo / "translations" / "a.txt").write_text("A clean article.", encoding="utf-8")
    (repo / "shared" / "s.txt").write_text("Shared.", encoding="utf-8")
    (repo / "g.yaml").write_text("name: g\nentries:\n  - {id: a, type: term, canonical: forced labor}\n",
                                 encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.parametrize(("name", "target"), [
    ("notes.txt", "../../secret/creds.txt"),  # a file out of the checkout
    ("notes.md", "{root}/secret/creds.txt"),  # spelt as an absolute path
    ("more", "../../secret"),  # a folder out of the checkout
    ("deep/more", "../../../elsewhere"),  # from a subfolder
    ("hop.txt", "../shared/hop.txt"),  # a link inside the checkout to a link that leads out: the whole chain counts
])
def test_a_link_in_a_scanned_folder_that_leads_away_is_an_input_error(checkout, name, target):
    (checkout / "shared" / "hop.txt").symlink_to(checkout.parent / "secret" / "creds.txt")
    link = checkout / "translations" / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(target.format(root=checkout.parent))
    error = strict_error(["translations"])
    assert error.path == f"translations/{name}"
    assert "outside translations and the working folder: not read" in error.detail
    # Under --keep-going the rest is read, and the link is listed as not read: the run still exits 2.
    documents, skipped = load_batch(["translations"], keep_going=True)
    assert ids(documents) == ["translations/a.txt"]
    assert places(skipped) == [(f"translations/{name}", None)]


def test_a_link_that_leads_away_never_reaches_a_report(checkout):
    (checkout / "translations" / "notes.txt").symlink_to("../../secret/creds.txt")
    assert_one_error_line(check_command("translations/", "--glossary", "g.yaml", "--html", "r.html"),
                          "translations/notes.txt: a link to", "secret/creds.txt")
    result = check_command("translations/", "--glossary", "g.yaml", "--keep-going", "--html", "r.html")
    assert result.exit_code == 2
    html = (checkout / "r.html").read_text(encoding="utf-8")
    assert "A clean article." in html and "ghp_" not in html


def test_links_that_stay_inside_the_scanned_or_the_working_folder_are_read(checkout):
    (checkout / "translations" / "same.txt").symlink_to("a.txt")  # one file, read once
    (checkout / "translations" / "s.txt").symlink_to("../shared/s.txt")
    (checkout / "translations" / "shared").symlink_to("../shared")
    (checkout / "translations" / "self").symlink_to(".")
    documents, skipped = load_batch(["translations"], keep_going=False)
    assert ids(documents) == ["translations/a.txt", "translations/s.txt"] and skipped == []


def test_a_folder_scanned_outside_the_working_folder_keeps_its_own_links(checkout):
    # The scanned folder is the bound there: its links into itself are read, and those out of it are not.
    (checkout.parent / "elsewhere" / "alias.txt").symlink_to("c.txt")
    assert ids(load_documents(["../elsewhere"])) == ["../elsewhere/alias.txt"]  # one file, read once
    (checkout.parent / "elsewhere" / "leak.txt").symlink_to("../secret/creds.txt")
    assert strict_error(["../elsewhere"]).path == "../elsewhere/leak.txt"


def test_a_link_that_leads_away_is_read_where_the_command_line_names_it(checkout):
    (checkout / "translations" / "notes.txt").symlink_to("../../secret/creds.txt")
    (checkout / "away").symlink_to("../elsewhere")
    assert ids(load_documents(["translations/notes.txt", "away"])) == ["translations/notes.txt", "away/c.txt"]


@pytest.mark.parametrize("folder", ["x.txt", "empty", "only_other_files"])
def test_a_folder_that_yields_no_article_is_an_input_error(workspace, folder):
    (workspace / folder).mkdir()
    if folder == "only_other_files":
        (workspace / folder / "notes.csv").write_text("a,b", encoding="utf-8")
        (workspace / folder / "sub.txt").mkdir()
    error = strict_error([folder])
    assert error.path == folder and "no article in this folder" in str(error)
    assert load_batch([folder], keep_going=True)[1] == [SkippedInput(folder, error.detail)]


def test_an_empty_jsonl_batch_is_an_input_error(workspace):
    (workspace / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    assert "no article in this file" in str(strict_error(["empty.jsonl"]))


def test_folder_order_does_not_depend_on_creation_order(workspace):
    (workspace / "f").mkdir()
    for name in ("z.txt", "b/a.txt", "a-c.txt", "B.md", "a/z.txt"):
        (workspace / "f" / name).parent.mkdir(exist_ok=True)
        (workspace / "f" / name).write_text("x", encoding="utf-8")
    # by path parts, as pathlib sorts: a folder's files come right after its name
    assert ids(load_documents(["f"])) == ["f/B.md", "f/a/z.txt", "f/a-c.txt", "f/b/a.txt", "f/z.txt"]


def test_the_cli_refuses_a_folder_named_like_an_article(workspace):
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    (workspace / "x.txt").mkdir()
    line = assert_one_error_line(check("x.txt"))
    assert "x.txt: no article in this folder" in line


# --- only regular files are read, and nothing else is opened


def test_a_fifo_article_is_refused_without_blocking(workspace):
    os.mkfifo(workspace / "f.txt")
    error = strict_error(["f.txt"])
    assert error.path == "f.txt" and "not a regular file (a named pipe)" in str(error)


def test_a_device_article_is_refused(workspace):
    assert "not a regular file (a character device)" in str(strict_error(["/dev/zero"]))


def test_special_files_inside_a_folder_are_reported_and_the_rest_read(workspace):
    folder = workspace / "top"
    folder.mkdir()
    (folder / "ok.txt").write_text("Fine.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "gone.md").symlink_to("nowhere.md")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    os.mkfifo(folder / "pipe-without-article-suffix")  # not an article name: not looked at
    try:
        with within(10):
            documents, skipped = load_batch(["top"], keep_going=True)
    finally:
        server.close()
    assert ids(documents) == ["top/ok.txt"]
    reasons = {item.path: item.reason for item in skipped}
    assert "broken link" in reasons.pop("top/gone.md")
    assert reasons == {
        "top/pipe.txt": "not a regular file (a named pipe), expected a text file",
        "top/sock.txt": "not a regular file (a socket), expected a text file",
        "top/zero.txt": "not a regular file (a character device), expected a text file",
    }


def test_the_cli_names_a_fifo_instead_of_hanging(workspace):
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    os.mkfifo(workspace / "f.txt")
    assert "f.txt: not a regular file" in assert_one_error_line(check("f.txt"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "not a regular file (a named pipe)"),
        (lambda p: p.symlink_to("/dev/null"), "not a regular file (a character device)"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: None, "no such file or directory"),
        (lambda p: p.write_bytes(b"\xff\xfeH\x00i\x00"), "UTF-16 text (byte-order mark)"),
        (lambda p: p.write_bytes(b"\xfe\xff\x00H\x00i"), "UTF-16 text (byte-order mark)"),
        (lambda p: p.write_bytes(b"line one\nline\x00two"), "binary content (NUL byte at byte 13)"),
        (lambda p: p.symlink_to(p.name), "too many levels of symbolic links"),
    ],
)
def test_read_utf8_reads_only_regular_utf8_files(workspace, make, message):
    target = workspace / "input.yaml"
    make(target)
    with within(10), pytest.raises(InputError) as caught:
        read_utf8(str(target))
    assert caught.value.path == str(target) and message in str(caught.value)


@pytest.mark.parametrize(
    ("error", "message"),
    [(PermissionError(13, "Permission denied"), "permission denied"), (OSError(5, "Input/output error"),
                                                                       "input/output error")],
)
def test_read_utf8_turns_an_os_error_into_an_input_error(workspace, monkeypatch, error, message):
    (workspace / "a.txt").write_text("Fine.", encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError) as caught:
        read_utf8("a.txt")
    assert str(caught.value) == f"a.txt: {message}"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_read_utf8_names_a_file_without_read_permission(workspace):
    (workspace / "a.txt").write_text("Fine.", encoding="utf-8")
    (workspace / "a.txt").chmod(0)
    with pytest.raises(InputError, match="a.txt: permission denied"):
        read_utf8("a.txt")


def test_read_utf8_names_the_line_whatever_the_line_ends(workspace):
    for name, data in (("lf", b"a\nb\nc\xff"), ("crlf", b"a\r\nb\r\nc\xff"), ("cr", b"a\rb\rc\xff")):
        (workspace / name).write_bytes(data)
        with pytest.raises(InputError) as caught:
            read_utf8(name)
        assert caught.value.line == 3, name


def test_read_utf8_keeps_the_text_and_drops_only_a_utf8_bom(workspace):
    (workspace / "a.txt").write_bytes(b"\xef\xbb\xbfOne\r\nTwo\rThree")
    assert read_utf8("a.txt") == "One\r\nTwo\rThree"


# --- JSONL lines that break the parser or could not be written out again


def deep(levels: int) -> str:
    return '{"a": ' * levels + "1" + "}" * levels


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "b", "target": "x", "metadata": ' + deep(100_000) + "}", "JSON nested too deeply"),
        ('{"id": 1%s, "target": "x"}' % ("0" * 5000), "JSON number too long"),
        ('{"id": "b", "target": "x", "metadata": {"n": %s}}' % ("9" * 5000), "JSON number too long"),
        ('{"id": "b", "target": "x", "metadata": ' + deep(MAX_NESTING + 1) + "}", "nested more than 64 levels"),
        ('{"id": "b", "target": "x", "metadata": {"a": %s}}' % ("[" * 200 + "]" * 200), "field 'metadata'"),
        ('{"id": true, "target": "x"}', "field 'id' must be a string"),
    ],
)
def test_a_line_the_parser_cannot_take_is_an_input_error(workspace, line, message):
    write_jsonl(workspace / "b.jsonl", GOOD % "a", line, GOOD % "c")
    error = strict_error(["b.jsonl"])
    assert (error.path, error.line) == ("b.jsonl", 2) and message in str(error)
    documents, skipped = load_batch(["b.jsonl"], keep_going=True)
    assert ids(documents) == ["a", "c"] and places(skipped) == [("b.jsonl", 2)]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('{"id": "a\\ud800", "target": "x"}', "field 'id'"),
        ('{"id": "b", "target": "Fine.\\n(AP \\ud800 photo)"}', "field 'target'"),
        ('{"id": "b", "target": "x", "source": "\\udfff"}', "field 'source'"),
        ('{"id": "b", "target": "x", "reference": "ok \\ude00"}', "field 'reference'"),
        ('{"id": "b", "target": "x", "metadata": {"tags": ["ok", "\\ud83d"]}}', "field 'metadata'"),
        ('{"id": "b", "target": "x", "metadata": {"\\ud800": 1}}', "field 'metadata'"),
        ('{"id": "b", "target": "x", "\\udc80": 1}', "field name"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_line_and_field(workspace, line, field):
    write_jsonl(workspace / "b.jsonl", GOOD % "a", line)
    error = strict_error(["b.jsonl"])
    assert error.line == 2 and "lone surrogate" in str(error) and field in str(error)
    str(error).encode("utf-8")  # the message itself can be printed


def test_paired_surrogates_and_other_unusual_text_are_read(workspace):
    write_jsonl(workspace / "b.jsonl", '{"id": "\\ud83d\\ude00", "target": "Smile \\ud83d\\ude00 \\u202e x\\u0301"}',
                '{"id": "m", "target": "x", "metadata": ' + deep(MAX_NESTING) + "}")
    documents = load_documents(["b.jsonl"])
    assert documents[0].id == "\U0001f600" and documents[0].target == "Smile \U0001f600 \u202e x\u0301"
    assert ids(documents) == ["\U0001f600", "m"]


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
def test_line_ends_and_a_last_line_without_one(workspace, end):
    lines = (GOOD % "a", "", '{"id": "c", "target": "Two\\r\\nlines"}', "{bad", GOOD % "e")
    (workspace / "b.jsonl").write_bytes(end.join(lines).encode("utf-8"))  # no line end after the last
    documents, skipped = load_batch(["b.jsonl"], keep_going=True)
    assert ids(documents) == ["a", "c", "e"] and documents[1].target == "Two\r\nlines"
    assert places(skipped) == [("b.jsonl", 4)]


def test_a_utf16_batch_is_one_error_not_one_per_line(workspace):
    (workspace / "b.jsonl").write_bytes(((GOOD % "a") + "\n" + (GOOD % "b") + "\n").encode("utf-16"))
    documents, skipped = load_batch(["b.jsonl"], keep_going=True)
    assert documents == [] and len(skipped) == 1 and "UTF-16" in skipped[0].reason


def test_the_cli_refuses_a_lone_surrogate_with_one_line(workspace):
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    write_jsonl(workspace / "s.jsonl", '{"id": "s", "target": "Fine.\\n(AP \\ud800 file photo)\\n"}')
    line = assert_one_error_line(check("s.jsonl", "--format", "json"))
    assert "s.jsonl:1" in line and "lone surrogate" in line and "'target'" in line


@pytest.mark.parametrize("line", [deep(100_000), '{"id": 1%s, "target": "x"}' % ("0" * 5000)])
def test_the_cli_reports_unparsable_lines_with_one_line(workspace, line):
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    write_jsonl(workspace / "b.jsonl", GOOD % "a", line)
    assert "b.jsonl:2" in assert_one_error_line(check("b.jsonl"))


# --- file names that are not UTF-8


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(workspace):
    (workspace / "top").mkdir()
    (workspace / "top" / "ok.txt").write_text("Fine.", encoding="utf-8")
    with open(os.path.join(b"top", b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Text of the latin-1 named file.")
    escaped = "top/caf\\xe9.txt"
    documents = load_documents(["top"])
    assert [(d.id, d.path) for d in documents] == [(escaped, escaped), ("top/ok.txt", "top/ok.txt")]
    assert documents[0].target == "Text of the latin-1 named file."
    assert ids(load_documents([os.fsdecode(b"top/caf\xe9.txt")])) == [escaped]
    documents, skipped = load_batch([os.fsdecode(b"top/caf\xe9.txt"), "top"], keep_going=True)
    assert ids(documents) == [escaped, "top/ok.txt"] and skipped == []
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    result = check("top", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == [escaped, "top/ok.txt"]


def test_a_bad_file_with_a_name_that_is_not_utf8_is_named_escaped(workspace):
    with open(b"bad\xff.txt", "wb") as handle:
        handle.write(b"\xff")
    error = strict_error([os.fsdecode(b"bad\xff.txt")])
    assert error.path == "bad\\xff.txt"
    str(error).encode("utf-8")


# --- references: confined to their folder, read as strictly as articles


@pytest.fixture
def references(workspace):
    (workspace / "refs" / "sub").mkdir(parents=True)
    (workspace / "refs" / "a.txt").write_text("Reference of a.", encoding="utf-8")
    (workspace / "refs" / "sub" / "b.txt").write_text("Reference of sub/b.", encoding="utf-8")
    (workspace / "secret.txt").write_text("Outside the folder.", encoding="utf-8")
    return workspace


def with_references(doc_ids: list[str], given: str = "refs") -> list[str | None]:
    documents = [Document(id=doc_id, target="x") for doc_id in doc_ids]
    return [document.reference for document in attach_references(documents, given)]


def test_references_are_found_by_file_name_and_by_relative_id(references):
    assert with_references(["articles/a.txt", "sub/b.txt", "../elsewhere/a.txt", "c.txt"]) == [
        "Reference of a.", "Reference of sub/b.", "Reference of a.", None]


@pytest.mark.parametrize("doc_id", ["../secret.txt", "sub/../../secret.txt", "..", ".", "/etc/os-release",
                                    "../../../../../../etc/os-release", "sub/..", "a\x00b", "n" * 5000, ""])
def test_an_id_never_reads_outside_the_reference_folder(references, doc_id):
    (references / "refs" / "os-release").mkdir()  # named like the file outside: a folder is no reference
    assert with_references([doc_id]) == [None]


def test_a_link_out_of_the_reference_folder_is_refused(references):
    (references / "refs" / "leak.txt").symlink_to("../secret.txt")
    (references / "refs" / "inside.txt").symlink_to("a.txt")
    assert with_references(["inside.txt"]) == ["Reference of a."]
    with pytest.raises(InputError) as caught:
        with_references(["leak.txt"])
    assert caught.value.path == "refs/leak.txt" and "outside the reference folder" in str(caught.value)


def test_special_reference_files_are_refused_without_opening(references):
    os.mkfifo(references / "refs" / "pipe.txt")
    os.mkfifo(references / "pipe.txt")
    for doc_ids, given in ((["pipe.txt"], "refs"), (["a"], "pipe.txt"), (["a"], "/dev/zero")):
        with within(10), pytest.raises(InputError, match="not a regular file"):
            with_references(doc_ids, given)


def test_the_cli_does_not_read_a_file_named_by_a_traversing_id(references):
    (references / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    secret = (references / "secret.txt").read_text(encoding="utf-8")
    write_jsonl(references / "t.jsonl", json.dumps({"id": "../secret.txt", "target": secret}),
                json.dumps({"id": str(references / "secret.txt"), "target": secret}))
    result = check("t.jsonl", "--reference", "refs", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [d["metrics"] for d in json.loads(result.stdout)["documents"]] == [[], []]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "reference": "\\ud800"}', "lone surrogate"),
        ('{"id": "a", "reference": "x", "extra": ' + deep(100_000) + "}", "nested too deeply"),
        ('{"id": 1%s, "reference": "x"}' % ("0" * 5000), "JSON number too long"),
        ('{"id": [1], "reference": "x"}', "expected an object with 'id'"),
        ('{"id": "b", "reference": "again"}', "duplicate reference id 'b' (first at line 1)"),
        ('{"id": "a", "reference": "x", "reference": "y"}', "duplicate key 'reference' in a JSON object"),
        ('{"id": "b", "\\u0069d": "a", "reference": "x"}', "duplicate key 'id'"),
    ],
)
def test_a_bad_reference_line_is_named(workspace, line, message):
    write_jsonl(workspace / "r.jsonl", '{"id": "b", "reference": "Ref."}', line)
    with pytest.raises(InputError) as caught:
        with_references(["b"], "r.jsonl")
    assert (caught.value.path, caught.value.line) == ("r.jsonl", 2) and message in str(caught.value)


def test_a_reference_batch_with_any_line_ends_is_read(workspace):
    (workspace / "r.jsonl").write_bytes(b'{"id": "a", "reference": "A."}\r{"id": "b", "reference": "B."}\r\n'
                                        b'{"id": "c", "reference": "C."}')
    assert with_references(["a", "b", "c"], "r.jsonl") == ["A.", "B.", "C."]


# --- a key named twice in one JSON object is refused, never resolved to its last value


@pytest.mark.parametrize(("line", "key"), [
    ('{"id": "dk", "id": "dk2", "target": "x"}', "id"),
    ('{"id": "dk", "target": "x", "target": "y"}', "target"),
    ('{"id": "dk", "target": "x", "metadata": {"desk": "a", "desk": "b"}}', "desk"),
    ('{"id": "dk", "target": "x", "metadata": {"list": [{"k": 1, "k": 1}]}}', "k"),
    ('{"id": "dk", "\\u0069d": "dk2", "target": "x"}', "id"),  # equal once the escape is read
    ('{"id": "dk", "target": "x", "metadata": {"a\\nb": 1, "a\\nb": 2}}', "a\\nb"),  # the key shown escaped
])
def test_a_repeated_key_in_a_batch_line_is_refused_naming_line_and_key(workspace, line, key):
    write_jsonl(workspace / "b.jsonl", GOOD % "a", line, GOOD % "c")
    error = strict_error(["b.jsonl"])
    assert (error.path, error.line) == ("b.jsonl", 2) and f"duplicate key '{key}' in a JSON object" in str(error)
    documents, skipped = load_batch(["b.jsonl"], keep_going=True)
    assert ids(documents) == ["a", "c"] and places(skipped) == [("b.jsonl", 2)]


def test_equal_keys_in_different_objects_are_read(workspace):
    write_jsonl(workspace / "b.jsonl",
                '{"id": "a", "target": "x", "metadata": {"id": "m", "target": "t", "n": {"id": 1}, "l": [{"id": 2}]}}',
                '{"id": "b", "target": "id", "source": "\\"id\\": 1, \\"id\\": 2", "metadata": {"Id": 1, "ID": 2}}')
    documents = load_documents(["b.jsonl"])
    assert ids(documents) == ["a", "b"] and documents[1].metadata == {"Id": 1, "ID": 2}


def test_the_cli_refuses_a_repeated_key_with_one_line(workspace):
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    write_jsonl(workspace / "b.jsonl", GOOD % "a", '{"id": "dk", "id": "dk2", "target": "x"}')
    assert_one_error_line(check("b.jsonl"), "b.jsonl:2:", "duplicate key 'id'")


BASELINE_ENTRY = '{"doc": "a", "rule": "MTQ101", "fingerprint": "f1", "text": "x"}'


@pytest.mark.parametrize(("content", "key", "line"), [
    ('{"mtqa_baseline": "1", "findings": [], "findings": 5}', "findings", 1),
    ('{"mtqa_baseline": "2", "mtqa_baseline": "1", "findings": []}', "mtqa_baseline", 1),
    ('{\n  "mtqa_baseline": "1",\n  "findings": [\n    ' + BASELINE_ENTRY + ',\n    '
     '{"doc": "a", "fingerprint": "f2",\n     "text": "[{\\"fingerprint\\": }]", "fingerprint": "f3"}\n  ]\n}\n',
     "fingerprint", 6),
    ('{"mtqa_baseline": "1",\n "findings": [],\n "created": "x",\n "\\u0063reated": "y"}', "created", 4),
])
def test_a_repeated_key_in_a_baseline_is_refused_naming_line_and_key(workspace, content, key, line):
    (workspace / "bl.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_baseline("bl.json")
    assert (caught.value.path, caught.value.line) == ("bl.json", line)
    assert f"duplicate key '{key}' in a JSON object" in str(caught.value)


def test_a_baseline_with_equal_keys_in_different_entries_is_read(workspace):
    (workspace / "bl.json").write_text('{"mtqa_baseline": "1", "findings": [\n' + BASELINE_ENTRY + ",\n"
                                       + BASELINE_ENTRY.replace("f1", "f2") + "]}", encoding="utf-8")
    assert load_baseline("bl.json").fingerprints == {"a": frozenset({"f1", "f2"})}


def test_the_cli_refuses_a_repeated_baseline_key_with_one_line(workspace):
    (workspace / "a.txt").write_text("Fine.", encoding="utf-8")
    (workspace / "g.yaml").write_text("name: g\nentries: []\n", encoding="utf-8")
    (workspace / "bl.json").write_text('{"mtqa_baseline": "1",\n"findings": [], "findings": 5}', encoding="utf-8")
    assert_one_error_line(check("a.txt", "--baseline", "bl.json"), "bl.json:2:", "duplicate key 'findings'")


@pytest.mark.parametrize(("version", "kind"), [
    ("1", "a number"), ("1.0", "a number"), ("true", "true or false"), ("null", "null"), ('["1"]', "an array"),
    ('{"v": "1"}', "an object"),
])
def test_a_baseline_version_that_is_not_a_string_says_it_must_be_one(workspace, version, kind):
    (workspace / "bl.json").write_text(f'{{"mtqa_baseline": {version}, "findings": []}}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_baseline("bl.json")
    assert f"'mtqa_baseline' must be the string \"1\", not {kind}" in str(caught.value)


def test_duplicate_key_line_follows_strings_and_nesting():
    assert duplicate_key_line('{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}') is None
    assert duplicate_key_line('["a", "a"]') is None
    assert duplicate_key_line('{"a": "\\"a\\": {[", "b": "}]",\n "a": 2}') == 2
    assert duplicate_key_line('[{"x": 1},\r\n{"y": [1, {"z": 1,\n"z": 2}]}]') == 3
