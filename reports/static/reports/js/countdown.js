/* Live countdowns on the supervisor's board: wall time to each ticket's SLA due instant,
   ticking every second. Data from a json_script block (#countdown-data); no inline script. */
(function () {
  "use strict";
  var source = document.getElementById("countdown-data");
  if (!source) { return; }
  var items = JSON.parse(source.textContent);
  var texts = JSON.parse(document.getElementById("countdown-texts").textContent);
  function two(n) { return n < 10 ? "0" + n : String(n); }
  function format(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    var body = (d ? texts.days.replace("%s", d) + " " : "") + two(h) + ":" + two(m) + ":" + two(sec);
    return (ms < 0 ? texts.overdue : texts.left).replace("%s", body);
  }
  function tick() {
    var now = Date.now();
    items.forEach(function (item) {
      var node = document.querySelector('[data-countdown="' + item.id + '"]');
      if (!node) { return; }
      var ms = new Date(item.due).getTime() - now;
      node.textContent = format(ms);
      node.classList.toggle("overdue", ms < 0);
    });
  }
  tick();
  window.setInterval(tick, 1000);
})();
