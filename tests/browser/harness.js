// Runs after the repr in tests/test_display_browser.py's page (the repr itself has no script).
// It records what a reader would see, and what an injected script would have changed, in
// <pre id="result"> as JSON, which `chromium --dump-dom` then prints with the page.
(function () {
  const repr = document.getElementById("repr");
  const elements = Array.from(repr.querySelectorAll("*"));
  const result = {
    // innerText follows CSS: only rendered text, as laid out (closed <details> excluded).
    text: repr.innerText,
    title: document.title,
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    scripts: repr.querySelectorAll("script").length,
    images: repr.querySelectorAll("img, iframe, object, embed, link").length,
    handlers: elements.filter((e) =>
      Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith("on"))
    ).length,
    width: repr.getBoundingClientRect().width,
    height: repr.getBoundingClientRect().height,
  };
  document.getElementById("result").textContent = JSON.stringify(result);
})();
