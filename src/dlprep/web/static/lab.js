/* The lab page: poll the run's status while it runs; reload when it has finished. */
(function () {
  "use strict";
  var card = document.getElementById("run-card");
  if (!card) return;
  var lab = card.dataset.lab;
  var labels = { running: "…", done: "✓", failed: "✗" };

  function update(s) {
    var box = document.getElementById("run-status");
    box.hidden = s.state === "idle";
    document.getElementById("run-state").textContent = s.state + " " + (labels[s.state] || "");
    document.getElementById("run-phase").textContent = s.phase || "";
    var pct = s.total ? Math.round((100 * s.done) / s.total) : 0;
    document.getElementById("run-bar").style.width = pct + "%";
    document.getElementById("run-info").textContent =
      (s.total ? s.done + "/" + s.total + " " : "") + (s.info || "") + " · " + s.elapsed + " s";
    document.getElementById("run-quick").disabled = s.state === "running";
    if (s.log) {
      var log = document.getElementById("run-log");
      log.hidden = false;
      log.textContent = s.log;
    }
  }

  function poll() {
    fetch("/labs/" + encodeURIComponent(lab) + "/status", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        update(s);
        if (s.state === "running") setTimeout(poll, 1000);
        else if (card.dataset.state === "running" && s.state === "done") window.location.reload();
        card.dataset.state = s.state;
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (card.dataset.state === "running") poll();
})();
