// Progressive enhancement: the report is complete without this script. It adds filters, a tooltip that also
// shows on keyboard focus, and jumps between a highlight and its finding that move the focus as well.
(() => {
  "use strict";
  const tip = document.getElementById("tip");
  const form = document.getElementById("filters");
  const status = document.getElementById("filter-status");
  const marks = [...document.querySelectorAll("mark[data-f]")];
  const items = [...document.querySelectorAll("li.finding")];
  const articles = [...document.querySelectorAll("article.doc")];

  // The tooltip replaces the title attributes, which would otherwise show a second, native tooltip.
  for (const mark of marks) mark.removeAttribute("title");

  const markOf = (node) => node instanceof Element && node.closest("mark[data-f]");

  function showTip(mark) {
    const description = document.getElementById("desc-" + mark.dataset.f);
    if (!description) return;
    const copy = description.cloneNode(true);
    copy.removeAttribute("id");
    tip.replaceChildren(copy);
    tip.hidden = false;
    const box = mark.getBoundingClientRect();
    const left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, left) + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 8 + "px";
  }
  const hideTip = () => { tip.hidden = true; };

  document.addEventListener("mouseover", (event) => {
    const mark = markOf(event.target);
    if (mark && !mark.classList.contains("off")) showTip(mark); else if (!markOf(document.activeElement)) hideTip();
  });
  document.addEventListener("focusin", (event) => {
    const mark = markOf(event.target);
    if (mark) showTip(mark); else hideTip();
  });
  document.addEventListener("focusout", hideTip);

  function flash(element) {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  // Jump to a span: show its article if the article filter hid it, scroll it into view and focus it.
  function goToMark(mark) {
    const article = mark.closest("article.doc");
    if (article && article.classList.contains("is-filtered")) {
      form.elements.article.value = "";
      applyFilters();
    }
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
    flash(mark);
    history.replaceState(null, "", "#" + mark.id);
  }

  // And back: from a span to its finding in the list.
  function goToItem(mark) {
    const item = document.getElementById("li-" + mark.dataset.f);
    if (!item) return;
    item.scrollIntoView({ block: "nearest" });
    item.querySelector("a.jump").focus({ preventScroll: true });
    flash(item);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#f-"]');
    const target = link && document.getElementById(link.hash.slice(1));
    if (target) {
      event.preventDefault();
      goToMark(target);
      return;
    }
    const mark = markOf(event.target);
    if (mark && !mark.classList.contains("off") && window.getSelection().isCollapsed) goToItem(mark);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hideTip();
    const mark = markOf(event.target);
    if (mark && event.key === "Enter") {
      event.preventDefault();
      goToItem(mark);
    }
  });

  function applyFilters() {
    const checked = (name) => new Set([...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value));
    const severities = checked("severity");
    const rules = checked("rule");
    const article = form.elements.article.value;
    const shown = (el) => severities.has(el.dataset.sev) && (!form.querySelector('input[name="rule"]') ||
      rules.has(el.dataset.rule));
    let visible = 0;
    for (const section of articles) section.classList.toggle("is-filtered", article !== "" && section.dataset.doc !== article);
    for (const item of items) {
      const on = shown(item);
      item.classList.toggle("is-filtered", !on);
      if (on && !item.closest("article.is-filtered")) visible += 1;
    }
    for (const mark of marks) {
      const on = shown(mark);
      mark.classList.toggle("off", !on);
      if (mark.id) mark.tabIndex = on ? 0 : -1;
    }
    status.textContent = `Showing ${visible} of ${items.length} findings.`;
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", (event) => event.preventDefault());
    applyFilters();
  }
})();
