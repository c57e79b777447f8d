/* The mock interview timer: counts down to the deadline the server set. */
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  if (!timer) return;
  var deadline = new Date(timer.dataset.deadline).getTime();
  var value = document.getElementById("timer-value");
  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      value.textContent = timer.dataset.over;
      timer.classList.add("timer-over");
      return;
    }
    var m = Math.floor(left / 60), s = left % 60;
    value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    timer.classList.toggle("timer-low", left < 120);
    setTimeout(tick, 1000 - (Date.now() % 1000));
  }
  tick();
})();
