/* The review page: Space reveals the answer, 1-4 rate; the time to answer is sent along. */
(function () {
  "use strict";
  var card = document.getElementById("card");
  if (!card) return;
  var shownAt = Date.now();
  var showLink = document.getElementById("show-answer");
  var back = document.getElementById("card-back");
  var ratings = document.getElementById("ratings");
  var duration = document.getElementById("duration");

  function reveal() {
    back.hidden = false;
    ratings.hidden = false;
    if (showLink) showLink.hidden = true;
    card.dataset.shown = "1";
    if (window.dlprep) window.dlprep.renderMath(back);
  }
  if (showLink) {
    showLink.addEventListener("click", function (ev) { ev.preventDefault(); reveal(); });
  }
  ratings.addEventListener("submit", function () {
    duration.value = String(Date.now() - shownAt);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target.closest("input, textarea, select") || ev.metaKey || ev.ctrlKey || ev.altKey) return;
    if ((ev.key === " " || ev.key === "Enter") && card.dataset.shown !== "1") {
      ev.preventDefault();
      reveal();
    } else if (card.dataset.shown === "1" && /^[1-4]$/.test(ev.key)) {
      var btn = ratings.querySelector('button[data-rating="' + ev.key + '"]');
      if (btn) { duration.value = String(Date.now() - shownAt); btn.click(); }
    }
  });
})();
