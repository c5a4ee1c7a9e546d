"""Articles checked with the shipped glossary: correct wire copy stays clean; MT renderings are caught."""

from __future__ import annotations

from pathlib import Path

from mtqa.io import load_documents
from mtqa.pipeline import check_batch

ARTICLES = Path(__file__).parent / "articles"


def _findings(name: str, glossary):
    (result,) = check_batch(load_documents([str(ARTICLES / name)]), glossary).results
    return [(f.rule, f.text, f.suggestion) for f in result.findings]


def test_correct_wire_copy_with_many_similar_names_is_clean(shipped_glossary):
    assert _findings("korea-japan-taiwan-clean.txt", shipped_glossary) == []


def test_machine_translation_renderings_are_caught(shipped_glossary):
    found = _findings("mixed-errors.txt", shipped_glossary)
    expected = {
        ("MTQ103", "Li Zaiming", "Lee Jae-myung"),
        ("MTQ101", "Lee Jae-myoung", "Lee Jae-myung"),
        ("MTQ103", "Shi Pomao", "Shigeru Ishiba"),
        ("MTQ103", "Lin Fangzheng", "Yoshimasa Hayashi"),
        ("MTQ103", "An Bei Jinsan", "Shinzo Abe"),
        ("MTQ103", "Lai Qingde", "Lai Ching-te"),
        ("MTQ103", "Zhuo Rongtai", "Cho Jung-tai"),
        ("MTQ103", "Xiao Meiqin", "Hsiao Bi-khim"),
        ("MTQ101", "Tsai Ingwen", "Tsai Ing-wen"),
        ("MTQ103", "Jin Zhengen", "Kim Jong Un"),
        ("MTQ104", "Terminal High Altitude Air Defense", "Terminal High Altitude Area Defense"),
        ("MTQ102", "consolation women", "comfort women"),
        ("MTQ301", "Click here to read the full statement.", ""),
        ("MTQ301", "Related: North Korea fires missile", ""),
    }
    assert expected <= set(found)
    extra = [f for f in found if f not in expected and f[0] != "MTQ201"]
    assert extra == []
    for text in ("Li Qiang", "Wang Yi", "Kim Yo-jong", "Korean Central News Agency", "Li Chang"):
        assert not [f for f in found if text in f[1]]


def test_neighbours_of_shipped_names_in_correct_wire_copy_are_clean(shipped_glossary):
    """Former presidents, relatives and namesakes, agencies a designator word apart, unhyphenated AP spellings."""
    assert _findings("neighbours-clean.txt", shipped_glossary) == []


def test_machine_translation_renderings_of_neighbours_are_caught(shipped_glossary):
    found = _findings("neighbours-errors.txt", shipped_glossary)
    expected = {
        ("MTQ103", "Li Mingbo", "Lee Myung-bak"),
        ("MTQ103", "Jin Zhengnan", "Kim Jong Nam"),
        ("MTQ102", "Korea Central News Agency", "Korean Central News Agency"),
        ("MTQ103", "Jin Zhuai", "Kim Ju Ae"),
        ("MTQ103", "Piao Fengzhu", "Pak Pong Ju"),
        ("MTQ103", "Jin Yingzhe", "Kim Yong Chol"),
        ("MTQ103", "Xiaoquan Chunyilang", "Junichiro Koizumi"),
        ("MTQ101", "Chen Shuibian", "Chen Shui-bian"),
    }
    assert expected <= set(found)
    assert [f for f in found if f not in expected and f[0] != "MTQ201"] == []
    assert not [f for f in found if "Central News Agency" == f[1]]


def test_a_source_in_the_souths_spelling_of_a_northern_name_still_wants_it(shipped_glossary):
    """노동신문 is how South Korean papers spell the North's 로동신문: the Rodong Sinmun, in either spelling."""
    from mtqa.model import Document

    source = "노동신문은 병원이 1,000개의 병상을 갖추고 있다고 전했다."
    missing, named = check_batch([Document("a", "The party newspaper said the hospital has 1,000 beds.", source=source),
                                  Document("b", "The Rodong Sinmun said the hospital has 1,000 beds.", source=source)],
                                 shipped_glossary).results
    assert [(f.rule, f.suggestion) for f in missing.findings] == [("MTQ106", "Rodong Sinmun")]
    assert list(named.findings) == []
