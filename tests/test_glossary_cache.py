"""The compiled-glossary cache: a hit finds what a fresh compile finds, any change to a file misses, and a damaged
cache is a warning and a fresh compile, never a crash or a stale glossary."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import mtqa.glossary.cache as glossary_cache
from conftest import ROOT, SEED
from mtqa.errors import InputError
from mtqa.glossary import load_glossaries, shipped_glossary_paths
from mtqa.glossary.cache import clear_glossary_cache, held_for_run, load_compiled_glossary
from mtqa.glossary.compile import CompiledGlossary
from mtqa.io import load_documents
from mtqa.pickle_store import HEADER, stored_checksum
from mtqa.pipeline import check_batch

CORPUS_GLOSSARY = ROOT / "tests" / "corpus" / "glossary.yaml"
CORPUS_ARTICLES = ROOT / "tests" / "corpus" / "articles"
SMALL = "name: small\nentries:\n  - {id: yoon, type: person, canonical: Yoon Suk Yeol, wrong: [Yun Seok-yeol]}\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MTQA_CACHE", str(folder))
    monkeypatch.delenv("MTQA_NO_CACHE", raising=False)
    return folder


def stored(cache_dir: Path) -> list[Path]:
    folder = cache_dir / "glossaries"
    return sorted(folder.glob("*.glossary")) if folder.exists() else []


def findings(documents, compiled: CompiledGlossary) -> list:
    return [finding for result in check_batch(documents, compiled).results for finding in result.findings]


def compile_refused(monkeypatch) -> None:
    """From now on, compiling is an error: only the cache can give a glossary."""
    def refused(*args, **kwargs):
        raise AssertionError("compiled instead of read from the cache")
    monkeypatch.setattr(glossary_cache, "load_glossaries", refused)


@pytest.mark.parametrize("paths, articles", [
    ([str(CORPUS_GLOSSARY)], CORPUS_ARTICLES),
    (shipped_glossary_paths(), SEED),
])
def test_a_cache_hit_finds_exactly_what_a_fresh_compile_finds(cache_dir, monkeypatch, paths, articles):
    documents = load_documents([str(articles)])
    fresh = findings(documents, CompiledGlossary(load_glossaries(paths)))
    assert fresh
    load_compiled_glossary(paths)
    assert len(stored(cache_dir)) == 1
    compile_refused(monkeypatch)
    cached = load_compiled_glossary(paths)
    assert findings(documents, cached) == fresh
    assert cached.glossary.paths == tuple(paths)


def test_a_pickle_round_trip_finds_exactly_the_same(shipped_glossary):
    documents = load_documents([str(SEED), str(CORPUS_ARTICLES)])
    copy = pickle.loads(pickle.dumps(shipped_glossary))
    assert findings(documents, copy) == findings(documents, shipped_glossary)


def test_a_changed_file_of_the_same_size_and_time_misses(cache_dir, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(SMALL, encoding="utf-8")
    before = os.stat(path)
    assert load_compiled_glossary([str(path)]).entries[0].canonical == "Yoon Suk Yeol"
    path.write_text(SMALL.replace("Yoon Suk Yeol", "Yoon Suk Yeal"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size and os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert load_compiled_glossary([str(path)]).entries[0].canonical == "Yoon Suk Yeal"
    assert len(stored(cache_dir)) == 2


def test_the_same_content_under_another_path_names_its_own_file(cache_dir, tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(SMALL, encoding="utf-8")
    second.write_text(SMALL, encoding="utf-8")
    load_compiled_glossary([str(first)])
    assert load_compiled_glossary([str(second)]).entries[0].origin.startswith(str(second))


def test_the_target_language_is_part_of_the_key(cache_dir, tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("id,type,en,fr\nun,organization,United Nations,Nations unies\n", encoding="utf-8")
    assert load_compiled_glossary([str(path)]).entries[0].canonical == "United Nations"
    assert load_compiled_glossary([str(path)], target_language="fr").entries[0].canonical == "Nations unies"


def damage_truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def damage_flipped_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))


def damage_foreign(path: Path) -> None:
    path.write_bytes(pickle.dumps({"not": "a glossary"}))


def damage_other_object(path: Path) -> None:
    """A well-formed cache file whose pickle holds something else than a compiled glossary."""
    payload = pickle.dumps(["something else"])
    path.write_bytes(glossary_cache.MAGIC + HEADER.pack(
        stored_checksum(path.name.removesuffix(glossary_cache.SUFFIX), payload), len(payload)) + payload)


def damage_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("damage", [damage_truncated, damage_empty, damage_flipped_byte, damage_foreign,
                                    damage_other_object, damage_folder])
def test_a_damaged_cache_file_is_one_warning_and_a_fresh_compile(cache_dir, tmp_path, capsys, damage):
    path = tmp_path / "g.yaml"
    path.write_text(SMALL, encoding="utf-8")
    load_compiled_glossary([str(path)])
    [cached] = stored(cache_dir)
    damage(cached)
    capsys.readouterr()
    compiled = load_compiled_glossary([str(path)])
    assert [entry.id for entry in compiled.entries] == ["yoon"]
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("mtqa: warning: glossary cache"), warnings


def test_a_damaged_file_is_replaced_by_a_good_one(cache_dir, tmp_path, capsys, monkeypatch):
    path = tmp_path / "g.yaml"
    path.write_text(SMALL, encoding="utf-8")
    load_compiled_glossary([str(path)])
    damage_truncated(stored(cache_dir)[0])
    load_compiled_glossary([str(path)])
    capsys.readouterr()
    compile_refused(monkeypatch)
    assert load_compiled_glossary([str(path)]).entries[0].id == "yoon"
    assert capsys.readouterr().err == ""


def test_a_cache_folder_that_cannot_be_written_is_a_warning(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MTQA_CACHE", str(blocker))
    path = tmp_path / "g.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert load_compiled_glossary([str(path)]).entries[0].id == "yoon"
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1 and "cannot store" in warnings[0]


@pytest.mark.parametrize("bypass", ["environment", "argument"])
def test_the_cache_can_be_left_out(cache_dir, tmp_path, monkeypatch, bypass):
    path = tmp_path / "g.yaml"
    path.write_text(SMALL, encoding="utf-8")
    if bypass == "environment":
        monkeypatch.setenv("MTQA_NO_CACHE", "1")
        compiled = load_compiled_glossary([str(path)])
    else:
        compiled = load_compiled_glossary([str(path)], use_cache=False)
    assert compiled.entries[0].id == "yoon"
    assert not (cache_dir / "glossaries").exists()


def test_errors_in_a_glossary_read_as_without_the_cache(cache_dir, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(SMALL + "  - {id: yoon, type: person, canonical: Someone Else}\n", encoding="utf-8")
    with pytest.raises(InputError) as uncached:
        load_glossaries([str(path)])
    with pytest.raises(InputError) as cached:
        load_compiled_glossary([str(path)])
    assert str(cached.value) == str(uncached.value)
    assert "duplicate entry id" in str(cached.value) and ":4:" in str(cached.value)
    missing = tmp_path / "missing.yaml"
    with pytest.raises(InputError) as absent:
        load_compiled_glossary([str(missing)])
    with pytest.raises(InputError) as absent_uncached:
        load_glossaries([str(missing)])
    assert str(absent.value) == str(absent_uncached.value)
    assert stored(cache_dir) == []


def test_clearing_removes_every_stored_glossary(cache_dir, tmp_path):
    for name in ("a", "b"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(SMALL.replace("small", name), encoding="utf-8")
        load_compiled_glossary([str(path)])
    (cache_dir / "glossaries" / "notes.txt").write_text("not ours", encoding="utf-8")
    assert clear_glossary_cache() == 2
    assert stored(cache_dir) == []
    assert (cache_dir / "glossaries" / "notes.txt").exists()
    assert clear_glossary_cache() == 0


def test_a_source_index_sent_elsewhere_makes_its_segmenter_where_it_lands(shipped_glossary):
    """The segmenter is made in the process that segments: a copy of an index that has made one makes its own
    where it lands (a worker, a run reading the cache), without carrying the dictionary along."""
    index = pickle.loads(pickle.dumps(shipped_glossary.source_forms))
    assert index.named_entries("尹锡悦今天访问东京。")
    assert index._tokenizer is not None
    received = pickle.loads(pickle.dumps(index))
    assert received._tokenizer is None and len(pickle.dumps(index)) < 1_000_000
    assert received.named_entries("尹锡悦今天访问东京。") == index.named_entries("尹锡悦今天访问东京。")
    assert received._tokenizer is index._tokenizer  # one copy of the dictionary per set of names in a process


def _source_glossary(tmp_path: Path, name: str, entry: str) -> CompiledGlossary:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\nlanguage: en\nentries:\n{entry}", encoding="utf-8")
    return CompiledGlossary(load_glossaries([str(path)]))


def test_one_glossarys_names_leave_another_glossarys_word_boundaries_alone(tmp_path, monkeypatch):
    """In one process (a notebook, a Dask worker kept up), a glossary checked first must not change what a later
    one finds: its personal names, taken as words, would split 曺國會見 as 曺國/會見 for every glossary after it."""
    # 國會 ("parliament") is one of the shipped common words, which name nobody: here it is a body's own form.
    monkeypatch.setattr("mtqa.entities.source_names.common_words", frozenset)
    person = _source_glossary(tmp_path, "person", "  - id: cho-kuk\n    type: person\n    canonical: Cho Kuk\n"
                              "    sources:\n      zh-Hant: 曺國\n")
    body = _source_glossary(tmp_path, "body", "  - id: national-assembly\n    type: organization\n"
                            "    canonical: National Assembly\n    sources:\n      zh-Hant: 國會\n")
    source = "曺國會見記者。"
    alone = body.source_forms.named_entries(source)
    assert alone == {"national-assembly"}  # 曺/國會/見: the body stands as a word
    assert person.source_forms.named_entries(source) == {"cho-kuk"}
    assert body.source_forms.named_entries(source) == alone
    assert _source_glossary(tmp_path, "body", "  - id: national-assembly\n    type: organization\n"
                            "    canonical: National Assembly\n    sources:\n      zh-Hant: 國會\n"
                            ).source_forms.named_entries(source) == alone


def test_a_glossary_held_for_a_run_is_not_walked_by_the_collector(cache_dir, tmp_path):
    """As the command line loads it: the collector off from loading to freezing, so that no young collection walks
    the glossary's objects, and no later one either."""
    import gc

    path = tmp_path / "people.yaml"
    path.write_text("name: people\nentries:\n" + "".join(
        f"  - {{id: p{i}, type: person, canonical: Person Number{i}x, wrong: [Persson Number{i}x]}}\n"
        for i in range(3000)), encoding="utf-8")
    load_compiled_glossary([str(path)])
    assert stored(cache_dir)
    collections: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(record)
    try:
        compiled = held_for_run(lambda: load_compiled_glossary([str(path)]))
    finally:
        gc.callbacks.remove(record)
    assert len(compiled.entries) == 3000 and gc.isenabled()
    assert collections == []
    assert len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1)) < 5000


def test_a_command_makes_the_collectors_passes_rarer_and_a_library_call_does_not(tmp_path):
    # mtqa check's process ends with its run: the young objects of a checked article are freed by reference counting,
    # so the collector need not look at them every 700 new objects. A library caller's process keeps its settings.
    import gc

    from click.testing import CliRunner

    import mtqa
    from mtqa.cli import cli
    from mtqa.gc_paused import RUN_THRESHOLDS

    before = gc.get_threshold()
    defaults = (700, 10, 10)  # Python's: a command run earlier in this test process leaves its own
    gc.set_threshold(*defaults)
    try:
        articles = [str(path) for path in sorted(CORPUS_ARTICLES.iterdir())[:3]]
        checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(CORPUS_GLOSSARY),), fluency=False,
                                                  use_cache=False))
        checker.check(mtqa.load_documents(articles))
        assert gc.get_threshold() == defaults
        result = CliRunner().invoke(cli, ["check", *articles, "--glossary", str(CORPUS_GLOSSARY), "--no-fluency",
                                          "--no-cache", "--format", "json", "-o", str(tmp_path / "report.json")])
        assert result.exit_code in (0, 1), result.output
        assert gc.get_threshold() == RUN_THRESHOLDS
    finally:
        gc.set_threshold(*before)
