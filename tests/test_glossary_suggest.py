"""`mtqa glossary suggest`: entries proposed from a bilingual batch, as glossary YAML a person can review."""

from __future__ import annotations

import json
import sys
from collections import Counter

import pytest
import yaml

from mtqa.cli import main
from mtqa.entities.source_renderings import source_name_renderings
from mtqa.glossary import Glossary, load_glossaries
from mtqa.glossary import suggest as suggest_module
from mtqa.glossary.suggest import suggest
from mtqa.glossary.target_phrases import target_phrases
from mtqa.io import load_documents

# Two source articles, each translated by three systems. 钟南山 is rendered "Zhong Nanshan" four times and
# "Zhong Nanshang" twice; 张继科 always "Zhang Jike"; the commission and the term always alike; 李克强 is in the
# glossary.
SOURCES = {
    "doc1": ["钟南山在广州表示，二氧化碳排放必须减少。", "国家卫生健康委员会发布了新的指南。", "张继科昨天赢得了比赛。",
             "李克强会见了代表团。"],
    "doc2": ["钟南山说，疫苗是安全的。", "国家卫生健康委员会表示，二氧化碳浓度上升。", "张继科和队友一起训练。",
             "李克强访问了德国。"],
}
TARGETS = {
    ("sys1", "doc1"): ["Zhong Nanshan said in Guangzhou that carbon dioxide emissions must fall.",
                       "The National Health Commission issued new guidelines.",
                       "Zhang Jike won the match yesterday.", "Li Keqiang met the delegation."],
    ("sys2", "doc1"): ["Zhong Nanshang said in Guangzhou that carbon dioxide emissions must be cut.",
                       "The National Health Commission published new guidance.",
                       "Zhang Jike won the game yesterday.", "Li Keqiang met the delegation."],
    ("sys3", "doc1"): ["In Guangzhou, Zhong Nanshan said carbon dioxide emissions have to fall.",
                       "New guidelines were issued by the National Health Commission.",
                       "Yesterday Zhang Jike won the match.", "Li Keqiang received the delegation."],
    ("sys1", "doc2"): ["Zhong Nanshan said the vaccine is safe.",
                       "The National Health Commission said carbon dioxide levels rose.",
                       "Zhang Jike trained with his teammates.", "Li Keqiang visited Germany."],
    ("sys2", "doc2"): ["Zhong Nanshang says the vaccine is safe.",
                       "According to the National Health Commission, carbon dioxide levels went up.",
                       "Zhang Jike trained together with teammates.", "Li Keqiang visited Germany."],
    ("sys3", "doc2"): ["The vaccine is safe, Zhong Nanshan said.",
                       "The National Health Commission stated that carbon dioxide concentrations rose.",
                       "Zhang Jike and his teammates trained together.", "Li Keqiang paid a visit to Germany."],
}
GLOSSARY = """\
name: desk
entries:
  - id: li-keqiang
    type: person
    canonical: Li Keqiang
    sources:
      zh-Hans: 李克强
"""


@pytest.fixture
def batch(tmp_path, monkeypatch):
    lines = [json.dumps({"id": f"{system}/{doc}", "source": "\n".join(SOURCES[doc]), "source_lang": "zh-Hans",
                         "target": "\n".join(target)}, ensure_ascii=False)
             for (system, doc), target in TARGETS.items()]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "desk.yaml").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _suggested(batch, glossary_text: str = GLOSSARY, **options):
    (batch / "given.yaml").write_text(glossary_text, encoding="utf-8")
    return suggest(load_documents([str(batch / "batch.jsonl")]), load_glossaries([str(batch / "given.yaml")]),
                   **options)


def test_recurring_names_and_terms_with_their_majority_rendering(batch):
    found = {s.source: s for s in _suggested(batch)}
    assert set(found) == {"钟南山", "张继科", "国家卫生健康委员会", "二氧化碳"}
    nanshan = found["钟南山"]
    assert [(r.text, r.pairs) for r in nanshan.renderings] == [("Zhong Nanshan", 4), ("Zhong Nanshang", 2)]
    assert (nanshan.pairs, nanshan.source_segments, nanshan.articles) == (6, 2, 6)
    assert [(r.text, r.pairs) for r in found["张继科"].renderings] == [("Zhang Jike", 6)]
    assert found["张继科"].type == "person"
    commission = found["国家卫生健康委员会"]
    assert (commission.canonical, commission.type) == ("National Health Commission", "organization")
    assert (found["二氧化碳"].canonical, found["二氧化碳"].type) == ("carbon dioxide", "term")


def test_glossary_entries_are_left_out_by_source_and_by_form(batch):
    assert "李克强" not in {s.source for s in _suggested(batch)}  # its source form is an entry's
    listed = GLOSSARY + "  - id: zhang-jike\n    type: person\n    canonical: Jike Zhang\n    allowed: [Zhang Jike]\n"
    assert "张继科" not in {s.source for s in _suggested(batch, listed)}  # its rendering is an entry's form
    wrong_listed = GLOSSARY + ("  - id: other\n    type: person\n    canonical: Zhong Nan-shan\n"
                               "    wrong: [Zhong Nanshang]\n")
    nanshan = {s.source: s for s in _suggested(batch, wrong_listed)}["钟南山"]
    assert [r.text for r in nanshan.renderings] == ["Zhong Nanshan"]  # a form may belong to one entry only


def test_a_term_in_one_source_segment_does_not_recur(batch):
    assert "广州" not in {s.source for s in _suggested(batch)}  # six translations, but of one sentence
    assert "广州" in {s.source for s in _suggested(batch, min_count=1)}


def test_order_is_by_evidence_and_stable(batch):
    first = [s.source for s in _suggested(batch)]
    assert first == [s.source for s in _suggested(batch)]
    assert first[0] in {"张继科", "国家卫生健康委员会", "二氧化碳"}  # rendered alike in all six pairs
    assert first[-1] == "钟南山"  # four of six
    assert [s.source for s in _suggested(batch, top=2)] == first[:2]


def test_nothing_to_suggest_without_sources(tmp_path):
    documents = load_documents([str(_plain_batch(tmp_path))])
    assert suggest(documents, Glossary(entries=())) == []


def test_the_cli_says_why_a_batch_without_sources_gives_nothing(tmp_path, monkeypatch, capsys):
    _plain_batch(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = mtqa(monkeypatch, capsys, "suggest", "plain.jsonl")
    assert code == 0 and "entries: []" in out
    assert "no article has a source aligned with its translation" in err


def _plain_batch(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"id": "a", "target": "Zhong Nanshan said.\nZhong Nanshan said."}) + "\n")
    return path


def mtqa(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """The console script run in-process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["mtqa", "glossary", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def test_cli_writes_glossary_yaml_that_validates(batch, monkeypatch, capsys):
    code, _, err = mtqa(monkeypatch, capsys, "suggest", "batch.jsonl", "--glossary", "desk.yaml",
                        "-o", "out/suggestions.yaml")
    assert code == 0, err
    assert err == "wrote out/suggestions.yaml (4 suggestions)\n"
    data = yaml.safe_load((batch / "out" / "suggestions.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in data["entries"] if e["canonical"] == "Zhong Nanshan")
    assert entry["id"] == "zhong-nanshan"
    assert entry["type"] == "person"
    assert entry["sources"] == {"zh-Hans": "钟南山"}
    assert entry["wrong"] == [{"text": "Zhong Nanshang", "note": "seen 2 times in 2 articles; review: wrong, or "
                                                                 "allowed?"}]
    assert "Zhong Nanshan" in entry["note"] and "4 times" in entry["note"]
    assert mtqa(monkeypatch, capsys, "validate", "out/suggestions.yaml")[:2] == (0, "ok: 4 entries in 1 file(s)\n")
    code, out, err = mtqa(monkeypatch, capsys, "validate", "out/suggestions.yaml", "desk.yaml")  # merges
    assert (code, out) == (0, "ok: 5 entries in 2 file(s)\n"), err


def test_suggested_ids_differ_from_the_given_glossarys_so_the_two_check_together(batch, monkeypatch, capsys):
    # desk.yaml with an entry whose id a suggestion would take: checking both together said "duplicate entry id".
    (batch / "desk.yaml").write_text(GLOSSARY + "  - {id: zhong-nanshan, type: term, canonical: respiratory care}\n",
                                     encoding="utf-8")
    code, _, err = mtqa(monkeypatch, capsys, "suggest", "batch.jsonl", "--glossary", "desk.yaml", "-o", "s.yaml")
    assert code == 0, err
    ids = [entry["id"] for entry in yaml.safe_load((batch / "s.yaml").read_text(encoding="utf-8"))["entries"]]
    assert "zhong-nanshan-2" in ids and "zhong-nanshan" not in ids
    assert mtqa(monkeypatch, capsys, "validate", "s.yaml", "desk.yaml")[0] == 0


def test_suggest_writes_over_no_pattern_file_the_config_names(batch, monkeypatch, capsys):
    (batch / "bp.yaml").write_text("patterns:\n  - {id: x, pattern: zzqq}\n", encoding="utf-8")
    (batch / "mtqa.toml").write_text('boilerplate-patterns = ["bp.yaml"]\n', encoding="utf-8")
    code, out, err = mtqa(monkeypatch, capsys, "suggest", "batch.jsonl", "--glossary", "desk.yaml", "-o", "bp.yaml")
    assert (code, out) == (2, "") and "refusing to write a report over an input" in err
    assert (batch / "bp.yaml").read_text(encoding="utf-8") == "patterns:\n  - {id: x, pattern: zzqq}\n"


def test_cli_prints_yaml_without_output_and_honours_top(batch, monkeypatch, capsys):
    code, out, _ = mtqa(monkeypatch, capsys, "suggest", "batch.jsonl", "--glossary", "desk.yaml", "--top", "1")
    assert code == 0
    assert len(yaml.safe_load(out)["entries"]) == 1


@pytest.mark.parametrize("args, expected", [
    (("suggest", "broken.jsonl", "--glossary", "desk.yaml"), "broken.jsonl:2:"),
    (("suggest", "batch.jsonl", "--glossary", "desk.yaml", "-o", "batch.jsonl"), "refusing to write"),
    (("suggest", "batch.jsonl", "--glossary", "missing.yaml"), "missing.yaml"),
    (("suggest", "batch.jsonl", "--min-count", "0"), "--min-count"),
])
def test_cli_bad_input_is_one_error_line(batch, monkeypatch, capsys, args, expected):
    (batch / "broken.jsonl").write_text('{"id": "a", "target": "x", "source": "y"}\n{"id": \n', encoding="utf-8")
    before = (batch / "batch.jsonl").read_text(encoding="utf-8")
    code, out, err = mtqa(monkeypatch, capsys, *args)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error:") and expected in lines[0], err
    assert (batch / "batch.jsonl").read_text(encoding="utf-8") == before


# Family names and given-name characters with their pinyin, for people who differ line by line.
FAMILIES = tuple(zip("王李张刘陈杨黄赵吴周", "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou".split(), strict=True))
GIVEN = tuple(zip("伟芳娜敏静丽强磊军洋", "Wei Fang Na Min Jing Li Qiang Lei Jun Yang".split(), strict=True))


def _person(number: int) -> tuple[str, str]:
    """The number-th of a thousand people, as written in Chinese and in pinyin."""
    (family, family_pinyin), (first, first_pinyin), (second, second_pinyin) = (
        FAMILIES[number % 10], GIVEN[number // 10 % 10], GIVEN[number // 100 % 10])
    return family + first + second, f"{family_pinyin} {first_pinyin}{second_pinyin.lower()}"


def _work(tmp_path, monkeypatch, lines: int) -> Counter[str]:
    """Suggesting from one TSV document whose line n names person n and person n + 1 (each person in two source
    segments, each a term): the target segments phrased, and the name readings gone through."""
    work: Counter[str] = Counter()

    class CountedReadings(list):
        def __iter__(self):
            for reading in super().__iter__():
                work["readings"] += 1
                yield reading

    def counted_phrases(text):
        work["target phrases"] += 1
        return target_phrases(text)

    monkeypatch.setattr(suggest_module, "target_phrases", counted_phrases)
    monkeypatch.setattr(suggest_module, "source_name_renderings",
                        lambda *args: CountedReadings(source_name_renderings(*args)))
    rows = []
    for number in range(lines):
        (first, first_pinyin), (second, second_pinyin) = _person(number), _person(number + 1)
        rows.append(f"{first}与{second}在北京会见了记者。\t{first_pinyin} met {second_pinyin} in Beijing.\n")
    path = tmp_path / f"names{lines}.tsv"
    path.write_text("".join(rows), encoding="utf-8")
    assert len(suggest(load_documents([str(path)]), Glossary(entries=()))) >= lines // 2
    return work


def test_work_grows_linearly_with_the_batch(tmp_path, monkeypatch):
    # A phrase every pair holds (Beijing) was looked up again in every pair for every term, and every segment went
    # through all of the document's readings: both grew with lines x lines (4,000 lines took 72 s).
    small, large = _work(tmp_path, monkeypatch, 40), _work(tmp_path, monkeypatch, 80)
    for counted in ("target phrases", "readings"):
        assert large[counted] <= 2.5 * small[counted], (counted, small[counted], large[counted])
