/* dlprep: math (KaTeX, vendored), copy buttons on code blocks. No network, no framework. */
(function () {
  "use strict";

  function renderMath(root) {
    if (!window.katex) return;
    root.querySelectorAll(".math.inline, .math.block").forEach(function (el) {
      if (el.dataset.rendered) return;
      var tex = el.textContent;
      try {
        window.katex.render(tex, el, {
          displayMode: el.classList.contains("block"),
          throwOnError: false,
          strict: "ignore",
          trust: false,
        });
        el.dataset.rendered = "1";
        el.setAttribute("data-tex", tex);
      } catch (e) {
        el.classList.add("math-error");
      }
    });
  }

  function copyButtons(root) {
    var lang = document.documentElement.dataset.lang;
    root.querySelectorAll("pre.highlight").forEach(function (pre) {
      if (pre.querySelector(".copy-btn")) return;
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "copy-btn";
      btn.textContent = lang === "zh" ? "复制" : "Copy";
      btn.addEventListener("click", function () {
        var text = pre.querySelector("code").innerText;
        var done = function () {
          btn.textContent = lang === "zh" ? "已复制" : "Copied";
          setTimeout(function () { btn.textContent = lang === "zh" ? "复制" : "Copy"; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done);
        } else {
          var ta = document.createElement("textarea");
          ta.value = text; document.body.appendChild(ta); ta.select();
          try { document.execCommand("copy"); done(); } catch (e) { /* ignore */ }
          document.body.removeChild(ta);
        }
      });
      pre.appendChild(btn);
    });
  }

  function tocSpy() {
    var links = document.querySelectorAll(".toc a");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    links.forEach(function (a) { byId[a.getAttribute("href").slice(1)] = a; });
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && byId[e.target.id]) {
          links.forEach(function (a) { a.classList.remove("current"); });
          byId[e.target.id].classList.add("current");
        }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) obs.observe(el);
    });
  }

  window.dlprep = { renderMath: renderMath };
  document.addEventListener("DOMContentLoaded", function () {
    renderMath(document);
    copyButtons(document);
    tocSpy();
  });
})();
