/* Live countdowns (the dispatch board, the reports' live board): every [data-clock] element
   with data-due counts down to that instant each second and takes the class of its urgency
   (ok, warn from data-urgent on, bad once overdue). The container's data-countdowns names a
   JSON endpoint asked every data-refresh seconds for fresh due instants, without reloading
   the page (data-refresh="0": no refresh); when tickets join or leave the board,
   #board-changed is shown. Texts come from a json_script block
   (#countdown-texts). No inline script (the Content-Security-Policy allows none). */
(function () {
  "use strict";
  var board = document.querySelector("[data-countdowns]");
  var source = document.getElementById("countdown-texts");
  if (!board || !source) { return; }
  var texts = JSON.parse(source.textContent);
  var LEVELS = ["ok", "warn", "bad", "paused"];

  function two(n) { return n < 10 ? "0" + n : String(n); }
  function format(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    var body = (d ? texts.days.replace("%s", d) + " " : "") + two(h) + ":" + two(m) + ":" + two(sec);
    return (ms < 0 ? texts.overdue : texts.left).replace("%s", body);
  }
  function level(node, now) {
    var due = Date.parse(node.dataset.due || "");
    if (isNaN(due)) { return "paused"; }
    if (due <= now) { return "bad"; }
    var urgent = Date.parse(node.dataset.urgent || "");
    return !isNaN(urgent) && urgent <= now ? "warn" : "ok";
  }
  function paint() {
    var now = Date.now();
    board.querySelectorAll("[data-clock]").forEach(function (node) {
      var current = level(node, now);
      LEVELS.forEach(function (name) { node.classList.toggle(name, name === current); });
      var text = node.querySelector(".countdown-text");
      if (text) {
        text.textContent = current === "paused" ? texts.paused : format(Date.parse(node.dataset.due) - now);
      }
    });
  }
  function numbers() {
    var seen = {};
    board.querySelectorAll("[data-number]").forEach(function (row) { seen[row.dataset.number] = true; });
    return Object.keys(seen).sort().join(" ");
  }
  function refresh() {
    fetch(board.dataset.countdowns, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        Object.keys(data.tickets).forEach(function (number) {
          data.tickets[number].forEach(function (clock) {
            var node = board.querySelector('[data-clock="' + number + ":" + clock.metric + '"]');
            if (!node) { return; }
            node.dataset.due = clock.due || "";
            node.dataset.urgent = clock.urgent || "";
          });
        });
        var changed = Object.keys(data.tickets).sort().join(" ") !== numbers();
        var notice = document.getElementById("board-changed");
        if (notice) { notice.hidden = !changed; }
        paint();
      })
      .catch(function () { /* offline for a moment: keep counting with what we have */ });
  }
  paint();
  window.setInterval(paint, 1000);
  var every = parseInt(board.dataset.refresh, 10);
  if (every > 0) { window.setInterval(refresh, every * 1000); }
})();
