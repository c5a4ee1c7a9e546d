"""The HTML report in headless Chromium (Debian's): highlights, jumps, filters, tooltips, accessibility, safety.

Needs `apt-get install chromium fonts-noto-cjk` and the test extras (playwright, axe-playwright-python); never
`playwright install`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_html_report import XSS, seed_report, tricky_report

from mtqa.gate import judge
from mtqa.model import Document
from mtqa.report.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]
# The text a finding's marks cover, without the screen-reader-only labels.
MARKED_TEXT = """key => [...document.querySelectorAll(`mark[data-f="${key}"]`)].map(mark => {
    const copy = mark.cloneNode(true);
    copy.querySelectorAll('.vh').forEach(label => label.remove());
    return copy.textContent; }).join('')"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Opened:
    """A report opened from a file:// URL, with everything it asked for, said or tried recorded."""

    def __init__(self, browser, tmp_path: Path, report, verdict, height: int = 700):
        self.report = report
        path = tmp_path / "report.html"
        path.write_text(render_html(report, verdict), encoding="utf-8")
        self.requests, self.errors, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": height})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")


@pytest.fixture
def seed(browser, tmp_path):
    opened = Opened(browser, tmp_path, *seed_report())
    yield opened
    opened.page.close()


@pytest.fixture
def tricky(browser, tmp_path):
    opened = Opened(browser, tmp_path, *tricky_report())
    yield opened
    opened.page.close()


def _in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]


def test_every_seed_finding_is_listed_and_highlighted(seed):
    page = seed.page
    findings = seed.report.results[0].findings
    assert page.locator("li.finding").count() == len(findings) > 0
    for n, finding in enumerate(findings, 1):
        item = page.locator(f"#li-1-{n}")
        assert item.is_visible()
        assert finding.rule in item.inner_text()
        assert page.evaluate(MARKED_TEXT, f"1-{n}") == finding.text
        background = page.locator(f"#f-1-{n}").evaluate("mark => getComputedStyle(mark).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_click_in_the_list_brings_the_span_into_view_and_focuses_it(seed):
    page = seed.page
    for n in range(len(seed.report.results[0].findings), 0, -1):
        page.evaluate("window.scrollTo(0, 0)")
        assert not _in_viewport(page, f"#f-1-{n}")
        page.locator(f"#li-1-{n} a.jump").click()
        assert page.evaluate("document.activeElement.id") == f"f-1-{n}"
        assert _in_viewport(page, f"#f-1-{n}")


def test_a_span_shows_its_message_on_focus_and_hover_and_leads_back_to_its_finding(seed):
    page = seed.page
    finding = seed.report.results[0].findings[-1]
    n = len(seed.report.results[0].findings)
    page.focus(f"#f-1-{n}")
    tip = page.locator("#tip")
    assert tip.is_visible() and finding.message in tip.inner_text()
    assert page.locator(f"#f-1-{n}").get_attribute("aria-describedby") == f"desc-1-{n}"
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('li.finding').id") == f"li-1-{n}"
    assert _in_viewport(page, f"#li-1-{n}")
    page.hover("#f-1-1")
    assert tip.is_visible() and seed.report.results[0].findings[0].message in tip.inner_text()


def test_filters_work_from_the_keyboard_and_print_shows_everything(seed):
    page = seed.page
    findings = seed.report.results[0].findings
    majors = [n for n, f in enumerate(findings, 1) if f.severity.value == "major"]
    minors = [n for n, f in enumerate(findings, 1) if f.severity.value == "minor"]
    assert majors and minors
    page.focus('input[name="severity"][value="major"]')
    page.keyboard.press("Space")
    assert all(page.locator(f"#li-1-{n}").is_hidden() for n in majors)
    assert all(page.locator(f"#li-1-{n}").is_visible() for n in minors)
    assert page.locator(f"#f-1-{majors[0]}").evaluate("mark => mark.classList.contains('off') && mark.tabIndex")
    assert page.locator(f"#f-1-{majors[0]}").is_visible()  # the text stays; only the highlight goes
    assert page.locator("#filter-status").inner_text() == f"Showing {len(minors)} of {len(findings)} findings."
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden()
    assert all(page.locator(f"#li-1-{n}").is_visible() for n in majors)
    page.emulate_media(media="screen")
    page.focus('input[name="severity"][value="major"]')  # hiding the form for print took the focus away
    page.keyboard.press("Space")
    assert all(page.locator(f"#li-1-{n}").is_visible() for n in majors)
    rule = findings[minors[0] - 1].rule
    page.locator(f'input[name="rule"][value="{rule}"]').uncheck()
    assert page.locator(f"#li-1-{minors[0]}").is_hidden()
    assert page.locator(f"#li-1-{majors[0]}").is_visible()


def test_the_article_filter_hides_other_articles_and_a_link_brings_them_back(tricky):
    page = tricky.page
    page.select_option("#filter-article", "2")
    assert page.locator("#doc-1").is_hidden() and page.locator("#doc-2").is_visible()
    page.locator('#renderings a[href="#f-1-1"]').first.click()
    assert page.locator("#doc-1").is_visible()
    assert page.evaluate("document.activeElement.id") == "f-1-1"


def test_no_request_leaves_the_file(seed, tricky):
    for opened in (seed, tricky):
        opened.page.hover("#f-1-1")
        opened.page.locator("#li-1-2 a.jump").click()
        assert opened.requests and all(url.startswith(("file://", "data:")) for url in opened.requests), \
            opened.requests
        assert not opened.errors


def test_axe_finds_no_serious_or_critical_violations(seed, tricky):
    from axe_playwright_python.sync_playwright import Axe

    for opened in (seed, tricky):
        results = Axe().run(opened.page)
        serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, serious


def test_attack_payloads_show_as_text_and_run_nothing(tricky):
    page = tricky.page
    page.hover("#f-1-1")
    page.focus("#f-1-4")
    page.mouse.move(0, 0)
    text = page.locator("#doc-1 .text[lang=en]").inner_text()
    for payload in XSS:
        assert payload in text
    assert 'a<b>"1"&' in page.locator("#h-doc-1").inner_text()
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    assert not tricky.dialogs and not tricky.errors


def test_cjk_source_is_tagged_and_rendered(tricky):
    source = tricky.page.locator("#doc-1 .source")
    assert source.get_attribute("lang") == "zh-Hant"
    assert source.inner_text() == tricky.report.results[0].document.source
    assert "Noto Sans CJK" in source.evaluate("e => getComputedStyle(e).fontFamily")


@pytest.fixture
def bilingual(browser, tmp_path):
    """A bilingual batch: three translations of one source, one of them naming its person another way, and a
    hostile source name, as a desk checking several MT systems would see it."""
    from mtqa.glossary.compile import CompiledGlossary
    from mtqa.glossary.model import Glossary
    from mtqa.pipeline import check_batch

    source = "张继科在比赛中获胜。\n他说：“<script>alert(1)</script>”。"
    targets = ["Zhang Jike won the match.\nHe said: \"<script>alert(1)</script>\".",
               "Zhang Jike won the game.\nHe said: \"<script>alert(1)</script>\".",
               "Zhang Jilin won the match.\nHe said: \"<script>alert(1)</script>\"."]
    documents = [Document(id=f"system-{n}/doc", target=target, source=source, source_lang="zh-Hans")
                 for n, target in enumerate(targets, 1)]
    report = check_batch(documents, CompiledGlossary(Glossary(entries=())))
    opened = Opened(browser, tmp_path, report, judge(report, "major"))
    yield opened
    opened.page.close()


def test_the_source_names_table_shows_each_rendering_and_links_its_articles(bilingual):
    page = bilingual.page
    table = page.locator("#source-names table")
    assert "张继科" in table.inner_text() and "Zhang Jilin" in table.inner_text()
    page.locator("#source-names a[href='#doc-3']").first.click()
    assert _in_viewport(page, "#doc-3")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious and not bilingual.errors and not bilingual.dialogs
