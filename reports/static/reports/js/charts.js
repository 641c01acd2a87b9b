/* Report charts (Apache ECharts). Data come from a json_script block (#chart-data); no inline
   script, so the pages work under a strict Content-Security-Policy. Labels arrive translated. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var L = data.labels || {};
  var locale = (document.documentElement.lang || "zh").toLowerCase().indexOf("en") === 0 ? "EN" : "ZH";
  var charts = [];
  var palette = ["#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

  function pct(v) { return v === null || v === undefined ? "—" : v + "%"; }

  var builders = {
    compliance: function (d) {
      var rows = d.compliance || [];
      var target = rows.length ? rows[0].target : null;
      return {
        color: palette,
        tooltip: { trigger: "axis", valueFormatter: pct },
        grid: { left: 48, right: 16, top: 24, bottom: 80 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.label; }),
                 axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [{
          name: L.compliance, type: "bar",
          data: rows.map(function (r) { return r.compliance; }),
          label: { show: true, position: "top", formatter: function (p) { return pct(p.value); } },
          markLine: target === null ? undefined : {
            symbol: "none", lineStyle: { color: "#dc2626", type: "dashed" },
            label: { position: "insideEndTop", formatter: L.target + " " + target + "%" },
            data: [{ yAxis: target }]
          }
        }]
      };
    },
    trend: function (d) {
      var t = d.trend;
      var series = t.series.map(function (s) {
        return { name: s.label, type: "line", connectNulls: true, showSymbol: false, data: s.data };
      });
      series.push({ name: L.target, type: "line", showSymbol: false,
        lineStyle: { type: "dashed", color: "#dc2626" }, itemStyle: { color: "#dc2626" },
        data: t.points.map(function () { return t.target; }) });
      var selected = {};
      t.series.forEach(function (s, i) { selected[s.label] = t.series.length <= 3 || i < 3; });
      return {
        color: palette,
        tooltip: { trigger: "axis", valueFormatter: pct },
        legend: { type: "scroll", bottom: 0, selected: selected },
        grid: { left: 48, right: 16, top: 16, bottom: 56 },
        xAxis: { type: "category", data: t.points },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: series
      };
    },
    organisations: function (d) {
      var block = d.organisations;
      var names = block.values.map(function (v) { return v.label; });
      return {
        color: palette,
        tooltip: { trigger: "axis", valueFormatter: pct },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 48, right: 16, top: 16, bottom: 96 },
        xAxis: { type: "category", data: names,
                 axisLabel: { interval: 0, rotate: 20, width: 110, overflow: "truncate" } },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: block.metrics.map(function (m) {
          var byId = {};
          m.rows.forEach(function (r) { byId[r.id] = r.compliance; });
          return { name: m.label, type: "bar",
                   data: block.values.map(function (v) { return byId[v.id] === undefined ? null : byId[v.id]; }) };
        })
      };
    },
    ageing: function (d) {
      var a = d.ageing;
      return {
        color: palette,
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 48, right: 16, top: 16, bottom: 56 },
        xAxis: { type: "category", data: a.buckets.map(function (b) { return b.label; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: a.statuses.map(function (s) {
          return { name: s.label, type: "bar", stack: "open",
                   data: a.buckets.map(function (b) { return a.business[s.code][b.code]; }) };
        })
      };
    },
    league: function (d) {
      return {
        color: palette,
        tooltip: { trigger: "axis", valueFormatter: pct },
        legend: { type: "scroll", bottom: 0 },
        grid: { left: 48, right: 16, top: 16, bottom: 56 },
        xAxis: { type: "category", data: d.months.map(function (m) { return m.slice(0, 7); }) },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: d.rows.map(function (r) {
          return { name: r.name, type: "line", connectNulls: true, data: r.trend.arrangement };
        })
      };
    }
  };

  var nodes = document.querySelectorAll("[data-chart]");
  Array.prototype.forEach.call(nodes, function (node) {
    var build = builders[node.getAttribute("data-chart")];
    if (!build) { return; }
    var chart = echarts.init(node, null, { locale: locale, renderer: "canvas" });
    var option = build(data);
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
  });
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
