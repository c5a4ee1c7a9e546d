"""The library API given what a programmer might hand it: paths as path objects or one string, settings of the
wrong type or out of range, articles built by hand with wrong fields or one id twice, a batch whose reading failed.
Each is one clear mtqa error at the door, or works as the command line would; never a report that is silently
wrong."""

from __future__ import annotations

import json
import threading
import traceback
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

import mtqa
import mtqa.report
from mtqa.checks.context import CheckSettings
from mtqa.errors import ConfigError, InputError, MtqaError
from mtqa.fluency.settings import FluencySettings
from mtqa.gate import GateSettings
from mtqa.model import Document, Segment, Severity, Span
from mtqa.pipeline import CheckOptions
from mtqa.selection import RuleSelection

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossaries" / "east-asia-news.yaml"
MISSPELT = "President Yoon Suk-yue met reporters in Seoul on Monday."
CLEAN = "The weather in Seoul was mild on Monday, officials said."


def checker(**config) -> mtqa.Checker:
    return mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(GLOSSARY),), use_cache=False, **config))


def test_two_articles_with_one_id_are_refused_not_reported_as_one():
    # Before, the report held the second article twice and the first one's misspelling was lost.
    with pytest.raises(InputError, match="duplicate document id 'same'"):
        checker().check([Document(id="same", target=MISSPELT), Document(id="same", target=CLEAN)])


def test_articles_built_by_hand_are_checked_as_the_readers_check_theirs():
    bad = [
        (Document(id=5, target=CLEAN), "field 'id' must be a non-empty string"),
        (Document(id="a", target=None), "field 'target' must be a string"),
        (Document(id="a", target=b"bytes"), "field 'target' must be a string"),
        (Document(id="a", target=CLEAN, source=5), "field 'source' must be a string or None"),
        (Document(id="a", target=CLEAN, reference=7), "field 'reference' must be a string or None"),
        (Document(id="a", target=CLEAN, metadata=None), "field 'metadata' must be a mapping"),
        (Document(id="a", target=CLEAN, metadata={"mtqa_ignore": "NOPE"}), "unknown rule 'NOPE'"),
        (Document(id="a", target=CLEAN, segments=("one",)), "field 'segments' must be a tuple"),
        (Document(id="a", target=CLEAN, segments=(Segment("s", Span(0, 999)),)), "spans must lie in"),
        (Document(id="a", target=CLEAN, segments=(Segment("s", Span(0, 3), Span(0, 1)),)), "spans must lie in"),
        (Document(id="a", target=CLEAN, terms={"x": 5}), "field 'terms' must map"),
        # As a JSONL line's terms: the missing-term check failed with "unexpected IndexError" on the first two.
        (Document(id="a", target=CLEAN, source="强制劳动", terms={"强制劳动": ()}), "needs a non-empty list"),
        (Document(id="a", target=CLEAN, source="强制劳动", terms={"强制劳动": (" ",)}), "needs a non-empty list"),
        (Document(id="a", target=CLEAN, terms={" ": ("forced labour",)}), "a term whose source form is empty"),
        (Document(id="a", target=CLEAN, terms={"强制劳动": ("x" * 1_001,)}), "forms are at most 1,000 characters"),
        (Document(id="a", target=CLEAN, terms={"习近平": ("Xi",), " 习近平": ("Xi",)}), "given twice"),
        (Document(id="a", target="half of a pair \ud800"), "lone surrogate"),
        (Document(id="a", target=CLEAN, metadata={"note": "\udfff"}), "lone surrogate"),
        # What reports write, caches key and worker processes receive: JSON's values, and lines counted from 1.
        (Document(id="a", target=CLEAN, terms={"外交部": ("Foreign Ministry\udc00",)}), "lone surrogate.*'terms'"),
        (Document(id="a", target=CLEAN, segments=(Segment("s\ud800", Span(0, 3)),)), "lone surrogate.*'segments'"),
        (Document(id="a", target=CLEAN, target_lang="en\ud800"), "lone surrogate.*'target_lang'"),
        (Document(id="a", target=CLEAN, metadata={"on_done": lambda: None}), "'metadata' cannot be passed on"),
        (Document(id="a", target=CLEAN, metadata={"lock": threading.Lock()}), "'metadata' cannot be passed on"),
        (Document(id="a", target=CLEAN, metadata={"n": 10 ** 5000}), "'metadata' cannot be passed on"),
        (Document(id="a", target=CLEAN, path="batch.jsonl", line=0), "field 'line' must be a whole number from 1"),
        (Document(id="a", target=CLEAN, line=10 ** 5000), "field 'line' must be a whole number from 1"),
        (Document(id="a", target=CLEAN, segments=(Segment("s", Span(0, 3), line="3"),)), "line and column"),
        (Document(id="a", target=CLEAN, segments=(Segment("s", Span(0, 3), line=-3, column=-2),)), "line and column"),
        (Document(id="a", target=CLEAN, segments=(Segment("2", Span(9, 20)), Segment("1", Span(0, 8)))),
         "segments must follow one another"),
        (Document(id="a", target=CLEAN, segments=(Segment("1", Span(0, 10)), Segment("2", Span(5, 20)))),
         "segments must follow one another"),
    ]
    for document, message in bad:
        with pytest.raises(InputError, match=message):
            checker().check([document])
    one = Document(id="a", target=CLEAN)
    for not_a_batch in ("an article as a string", {"a": one}, one):
        with pytest.raises(InputError, match="expected a list or other iterable of mtqa.model.Document"):
            checker().check(not_a_batch)


def test_an_articles_terms_built_by_hand_are_taken_as_a_jsonl_lines_are():
    spaced = Document(id="a", target="The ministry spoke of the green house.", source="外交部说蓝色房子。",
                      terms={" 蓝色房子 ": [" blue house "]})
    tidy = Document(id="a", target=spaced.target, source=spaced.source, terms={"蓝色房子": ("blue house",)})
    result = checker().check([tidy]).results[0]
    assert (result.term_accuracy.matched, result.term_accuracy.total) == (0, 1)  # the term is counted, and missing
    assert checker().check([spaced]).results == (result,)
    # A read-only view is taken as a dict, which worker processes and caches can take.
    viewed = replace(tidy, terms=MappingProxyType({"蓝色房子": ("blue house",)}))
    assert checker().check([viewed]).results == (result,)
    assert type(checker().check([viewed]).results[0].document.terms) is dict


def test_good_articles_built_by_hand_give_the_report_of_the_same_articles_read_from_a_file(tmp_path):
    documents = [Document(id="one", target=MISSPELT, metadata={"desk": "asia"}),
                 Document(id="two", target=CLEAN, source="원문",
                          segments=(Segment("s1", Span(0, len(CLEAN)), Span(0, 2)),))]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": d.id, "target": d.target}) + "\n" for d in documents[:1]),
                     encoding="utf-8")
    by_hand = checker().check(documents)
    read = checker().check(mtqa.load_documents([str(batch)]))
    assert [f.rule for f in by_hand.results[0].findings] == [f.rule for f in read.results[0].findings] == ["MTQ101"]
    assert [r.document.id for r in by_hand.results] == ["one", "two"]


def test_a_batch_whose_reading_stopped_at_a_bad_line_says_so_again_not_an_empty_batch(tmp_path):
    batch_file = tmp_path / "batch.jsonl"
    batch_file.write_text('{"id": "a", "target": "fine"}\nnot json\n{"id": "c", "target": "fine"}\n',
                          encoding="utf-8")
    batch = mtqa.load_documents([str(batch_file)])
    for _ in range(2):  # before, the second call gave [] and the check of it passed the gate
        with pytest.raises(InputError, match="line 2|:2:"):
            _ = batch.documents
    with pytest.raises(InputError):
        checker().check(batch)
    first_line_bad = tmp_path / "first.jsonl"
    first_line_bad.write_text("not json\n", encoding="utf-8")
    batch = mtqa.load_documents([str(first_line_bad)])
    for _ in range(2):
        with pytest.raises(InputError):
            batch.has_articles()


def test_paths_may_be_one_string_or_path_objects(tmp_path, monkeypatch):
    article = tmp_path / "article.txt"
    article.write_text(MISSPELT, encoding="utf-8")
    (tmp_path / "other.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # One path given alone is that path: before, its characters were read as paths ("." read the whole folder).
    assert [d.id for d in mtqa.load_documents("article.txt", keep_going=True)] == ["article.txt"]
    assert [d.id for d in mtqa.load_documents(Path("article.txt"))] == ["article.txt"]
    assert [d.id for d in mtqa.load_documents([article])] == [str(article)]
    with_path_objects = mtqa.Checker(mtqa.CheckerConfig(glossaries=GLOSSARY, use_cache=False))
    assert with_path_objects.config.glossaries == (str(GLOSSARY),)
    assert with_path_objects.check(mtqa.load_documents([article])).findings
    with pytest.raises(ConfigError, match="glossaries must be paths"):
        mtqa.CheckerConfig(glossaries=(str(GLOSSARY), 5))


@pytest.mark.parametrize(("config", "message"), [
    ({"jobs": -1}, "jobs must be a whole number"),
    ({"jobs": "2"}, "jobs must be a whole number"),
    ({"jobs": True}, "jobs must be a whole number"),
    ({"jobs": 2.5}, "jobs must be a whole number"),
    ({"fluency": "yes"}, "fluency must be True, False or None"),
    ({"scheduler": 8786}, "scheduler must be an address"),
    ({"options": CheckOptions(settings=CheckSettings(fuzzy_threshold=150))}, "fuzzy_threshold must be"),
    ({"options": CheckOptions(settings=CheckSettings(fuzzy_threshold="80"))}, "fuzzy_threshold must be"),
    ({"options": CheckOptions(settings=CheckSettings(fuzzy_threshold=float("nan")))}, "fuzzy_threshold must be"),
    ({"options": CheckOptions(metrics=("BLEU", "nope"))}, "unknown metric 'nope'"),
    ({"options": CheckOptions(metrics="BLEU")}, "metrics must be a tuple"),
    ({"options": CheckOptions(severity_overrides={"MTQ999": Severity.MAJOR})}, "unknown rule 'MTQ999'"),
    ({"options": CheckOptions(severity_overrides={"MTQ101": "huge"})}, "must be one of minor, major, critical"),
    ({"options": CheckOptions(severity_overrides={"MTQ102": "critical", "forbidden-term": "minor"})},
     "severity_overrides: 'MTQ102' and 'forbidden-term' both name MTQ102"),
    ({"options": CheckOptions(severity_overrides={"mtq301": "minor", "MTQ301": "minor"})}, "both name MTQ301"),
    ({"gate": GateSettings(fail_on="bogus")}, "fail_on must be one of"),
    ({"gate": GateSettings(max_penalty="5")}, "max_penalty must be a finite number"),
    ({"gate": GateSettings(min_chrf=101)}, "min_chrf must be a finite number from 0 to 100"),
    # Parts of the wrong type, caught where the config is made rather than as an AttributeError deep in a check.
    ({"options": None}, "options must be an mtqa.CheckOptions"),
    ({"gate": None}, "gate must be an mtqa.GateSettings"),
    ({"engine": "Local"}, "engine must be one of local, dask"),
    ({"options": CheckOptions(selection=None)}, "selection must be an mtqa.selection.RuleSelection"),
    ({"options": CheckOptions(selection="MTQ101")}, "selection must be an mtqa.selection.RuleSelection"),
    ({"options": CheckOptions(metrics=None)}, "metrics must be a tuple"),
    ({"options": CheckOptions(fluency=None)}, "fluency must be an mtqa.fluency.settings.FluencySettings"),
    ({"options": CheckOptions(fluency=FluencySettings(threads="2"))}, "fluency threads must be a whole number"),
    ({"options": CheckOptions(fluency=FluencySettings(batch_size=0))}, "fluency batch_size must be a whole number"),
    ({"options": CheckOptions(fluency=FluencySettings(precision="fp64"))}, "fluency precision must be one of"),
    ({"options": CheckOptions(fluency=FluencySettings(model=5))}, "fluency model must be paths"),
    ({"options": CheckOptions(baseline=5)}, "baseline must be a path, an mtqa.suppressions.Baseline or None"),
])
def test_settings_of_the_wrong_type_or_out_of_range_are_one_config_error(config, message):
    with pytest.raises(ConfigError, match=message):
        mtqa.CheckerConfig(**config)


def test_settings_given_as_the_config_file_gives_them_are_taken():
    options = CheckOptions(severity_overrides={"MTQ101": "critical"}, metrics=("chrf", "bleu"),
                           selection=RuleSelection(select="MTQ1", ignore="MTQ103"),
                           settings=CheckSettings(boilerplate_files=str(ROOT / "tests" / "x.yaml")))
    config = mtqa.CheckerConfig(options=options)
    assert config.options.severity_overrides == {"MTQ101": Severity.CRITICAL}
    assert config.options.metrics == ("BLEU", "chrF++")
    assert config.options.selection.select == ("MTQ1",) and config.options.selection.ignore == ("MTQ103",)
    assert config.options.settings.boilerplate_files == (str(ROOT / "tests" / "x.yaml"),)
    report = mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(GLOSSARY),), use_cache=False,
                                             options=CheckOptions(severity_overrides={"MTQ101": "critical"}))
                          ).check([Document(id="a", target=MISSPELT)])
    assert [f.severity for f in report.findings if f.rule == "MTQ101"] == [Severity.CRITICAL]


def test_every_renderer_the_readme_names_is_in_mtqa_report():
    report = checker().check([Document(id="a", target=MISSPELT)])
    verdict = checker().judge(report)
    assert "<html" in mtqa.report.render_html(report, verdict).lower()
    assert "".join(mtqa.report.html_chunks(report, verdict)) == mtqa.report.render_html(report, verdict)
    from mtqa.report import html_chunks, render_html  # noqa: F401 - the import itself is what is tested


@pytest.mark.parametrize("renderer", ["render_json", "render_sarif", "render_junit", "render_github", "render_gitlab",
                                      "render_html", "json_report_chunks", "sarif_chunks", "junit_chunks",
                                      "gitlab_chunks", "html_chunks"])
def test_a_renderer_given_anything_but_a_report_and_its_verdict_says_which(renderer):
    report = checker().check([Document(id="a", target=MISSPELT)])
    verdict = checker().judge(report)
    render = getattr(mtqa.report, renderer)
    for arguments, wanted in (((report, None), "takes the Verdict"), ((None, verdict), "takes the Report"),
                              ((report, "x"), "not str"), ((verdict, report), "not Verdict")):
        with pytest.raises(MtqaError, match=wanted):
            render(*arguments)


@pytest.mark.parametrize("given", [Path("a.txt"), "a.txt", b"a.txt", 7])
def test_check_given_a_path_or_no_list_says_what_it_takes(given):
    with pytest.raises(InputError, match="expected a list or other iterable of mtqa.model.Document objects"):
        checker().check(given)


def test_judge_says_nothing_of_inputs_left_out_but_the_report_does(tmp_path):
    batch = mtqa.load_documents([str(tmp_path / "missing.jsonl")], keep_going=True)
    report = checker().check(batch)
    assert not report.complete and report.skipped
    with pytest.raises(MtqaError):
        _ = mtqa.load_documents([str(tmp_path / "missing.jsonl")]).documents


def test_a_batch_stopped_by_a_bad_line_says_so_at_every_later_use(tmp_path):
    # Read as a stream by the check, the line's error was not kept: a later use said only that it had been read.
    (tmp_path / "b.jsonl").write_text('{"id": "a", "target": "x"}\n[1]\n', encoding="utf-8")
    batch = mtqa.load_documents([str(tmp_path / "b.jsonl")])
    depths = []
    for use in (checker().check, lambda batch: batch.documents, checker().check, checker().check):
        with pytest.raises(InputError, match=r"b\.jsonl:2: expected a JSON object") as raised:
            use(batch)
        depths.append(len(traceback.extract_tb(raised.value.__traceback__)))
    # Each use's traceback shows that use: the error raised again did not carry every earlier use's frames.
    assert depths[3] == depths[2] < depths[0]


def test_no_article_at_all_is_an_input_error_not_a_clean_report(tmp_path):
    # The command line refuses an empty file or folder; the library gave a report of nothing, which passes any gate:
    # a generator checked a second time, say.
    articles = (Document(id=str(n), target=CLEAN) for n in range(2))
    assert len(checker().check(articles).results) == 2
    for nothing in (articles, [], ()):
        refusing = checker()
        with pytest.raises(InputError, match="no article to check"):
            refusing.check(nothing)
        assert "glossary" not in refusing.__dict__  # refused before the glossary is compiled for nothing
    # Inputs that were all left out explain the empty batch: an incomplete report, as on the command line.
    everything_left_out = mtqa.load_documents([str(tmp_path / "missing.jsonl")], keep_going=True)
    assert not checker().check(everything_left_out).complete


def test_a_batch_made_by_hand_is_checked_at_the_door_too():
    with pytest.raises(InputError, match="duplicate document id 'a'"):
        checker().check(mtqa.Batch([Document(id="a", target=MISSPELT), Document(id="a", target=CLEAN)]))


def test_segments_as_a_list_are_taken_as_the_readers_tuple(tmp_path):
    source = "원문 두 문장"
    segment = Segment("s1", Span(0, len(MISSPELT)), Span(0, 2))
    as_tuple = checker().check([Document(id="a", target=MISSPELT, source=source, segments=(segment,))])
    as_list = checker().check([Document(id="a", target=MISSPELT, source=source, segments=[segment])])
    assert [(f.rule, f.span, f.segment) for f in as_list.findings] == \
        [(f.rule, f.span, f.segment) for f in as_tuple.findings]
    assert as_list.results[0].document.segments == (segment,)


def test_numbers_of_any_numeric_type_are_taken_and_huge_ones_refused():
    numpy = pytest.importorskip("numpy")
    config = mtqa.CheckerConfig(jobs=numpy.int64(2), gate=GateSettings(max_penalty=numpy.float32(5)),
                                options=CheckOptions(settings=CheckSettings(fuzzy_threshold=numpy.float32(80.5))))
    assert (config.jobs, config.gate.max_penalty, config.options.settings.fuzzy_threshold) == (2, 5.0, 80.5)
    assert type(config.jobs) is int and type(config.options.settings.fuzzy_threshold) is float
    for huge in ({"gate": GateSettings(max_penalty=10**400)},
                 {"options": CheckOptions(settings=CheckSettings(fuzzy_threshold=10**400))}):
        with pytest.raises(ConfigError, match="must be a finite number"):
            mtqa.CheckerConfig(**huge)


def test_a_value_quoted_in_an_error_is_cut_short_and_escaped():
    bad = "\x1b[31m" + "x" * 100_000 + "\n"
    for make in (lambda: mtqa.CheckerConfig(options=CheckOptions(metrics=(bad,))),
                 lambda: RuleSelection(select=(bad,)),
                 lambda: checker().check([Document(id="a", target=CLEAN, metadata={"mtqa_ignore": [bad]})])):
        with pytest.raises(MtqaError) as raised:
            make()
        message = str(raised.value)
        assert len(message) < 300 and "\x1b" not in message and "\n" not in message, message[:300]


def test_articles_added_to_a_loaded_batchs_list_are_checked_at_the_door(tmp_path):
    batch_file = tmp_path / "batch.jsonl"
    batch_file.write_text(json.dumps({"id": "a", "target": MISSPELT}) + "\n", encoding="utf-8")
    batch = mtqa.load_documents([str(batch_file)])
    batch.documents.append(Document(id="a", target=CLEAN))  # the list is the caller's, and the batch checks it
    with pytest.raises(InputError, match="duplicate document id 'a'"):
        checker().check(batch)


def test_fluency_not_scored_is_said_once_however_many_places_find_it(monkeypatch, capsys):
    # A Dask worker says it and sends it back; the client found it again as it combined the report.
    import mtqa.engines.local
    import mtqa.fluency
    from mtqa.pipeline import analyse_articles

    def as_on_dask_workers(checker, documents):  # the articles checked elsewhere, and their warning come back
        checker.warn_once("fluency not scored: torch is not installed")
        return analyse_articles(list(documents), checker.glossary, checker.options)

    monkeypatch.setattr(mtqa.fluency, "unavailable_reason", lambda settings=None: "torch is not installed")
    monkeypatch.setattr(mtqa.engines.local, "local_analyses", as_on_dask_workers)
    checker = mtqa.Checker(mtqa.CheckerConfig(glossaries=(str(GLOSSARY),), fluency=None, use_cache=False))
    checker.check([Document(id="a", target=CLEAN)])
    assert capsys.readouterr().err.count("fluency not scored") == 1


def test_metadata_of_any_value_that_travels_is_checked_by_worker_processes_too(monkeypatch):
    # Documents travel to --jobs workers pickled: a read-only view of metadata could not be, and failed the check.
    # Dates, decimals, sets and keys that are not strings (a CMS record, a pandas row) travel as they are.
    import datetime
    import decimal
    from types import MappingProxyType

    import mtqa.engines.local as local

    monkeypatch.setattr(local, "MIN_CHARACTERS_PER_WORKER", 1)
    kept = {"desk": ["seoul", 1, 2.5, None], "published": datetime.date(2026, 12, 5), "price": decimal.Decimal("1.5"),
            "tags": {"korea"}, 7: "a key that is a number"}
    documents = [Document(id=str(n), target=MISSPELT, metadata=MappingProxyType(kept)) for n in range(4)]
    one, two = (checker(jobs=jobs).check(documents) for jobs in (1, 2))
    assert [f.fingerprint for f in one.findings] == [f.fingerprint for f in two.findings] and one.findings


def test_a_baseline_given_as_a_path_is_read_as_the_command_line_reads_it(tmp_path):
    first = checker().check([Document(id="a", target=MISSPELT)])
    path = tmp_path / "baseline.json"
    path.write_text(mtqa.suppressions.baseline_json(first), encoding="utf-8")
    again = checker(options=CheckOptions(baseline=path)).check([Document(id="a", target=MISSPELT)])
    assert first.findings and not again.findings


def test_load_documents_takes_languages_as_text_only(tmp_path):
    for value in (5, Path("en"), b"en", "zh Hans", "'; DROP", "*a", ""):
        with pytest.raises(ConfigError, match="source_lang must be a language tag"):
            mtqa.load_documents([tmp_path], source_lang=value)


def test_rule_selectors_and_metrics_may_be_any_collection_of_names():
    options = mtqa.CheckerConfig(options=CheckOptions(selection=RuleSelection(select={"MTQ301", "MTQ1"},
                                                                              ignore={"MTQ101": 1}.keys()),
                                                      metrics={"bleu"})).options
    assert (options.selection.select, options.selection.ignore, options.metrics) == (("MTQ1", "MTQ301"),
                                                                                   ("MTQ101",), ("BLEU",))
    for selectors in (5, b"MTQ1", {"MTQ1": 1}, [5]):
        with pytest.raises(ConfigError, match="select must be rule codes or names"):
            RuleSelection(select=selectors)


@pytest.mark.parametrize("config", [0, "", [], {}, False])
def test_a_checker_given_a_wrong_config_that_is_empty_says_so(config):
    # An empty wrong value quietly meant the default settings.
    with pytest.raises(ConfigError, match="a Checker takes an mtqa.CheckerConfig"):
        mtqa.Checker(config)


def test_judge_takes_the_report_check_returned():
    with pytest.raises(MtqaError, match="judge takes the Report that check returned, not str"):
        mtqa.Checker().judge("x")
