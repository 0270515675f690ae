/* Performance dashboards (绩效看板): draws the charts from the page's JSON data block.
 *
 * The page carries <script type="application/json" id="perf-charts"> (Django's json_script) with
 * one entry per chart: {id, title, kind: "trend" | "bar" | "pie", categories, series: [{name,
 * type, data, axis, unit}]}. Each chart has its table beside it, so without ECharts (not
 * installed, or scripts off) the page loses nothing but the picture. No inline script: CSP.
 */
(function () {
  "use strict";

  function readCharts() {
    var block = document.getElementById("perf-charts");
    if (!block) { return []; }
    try { return JSON.parse(block.textContent) || []; } catch (error) { return []; }
  }

  function withUnit(unit) {
    return function (value) {
      if (value === null || value === undefined) { return "—"; }
      return unit === "%" ? value + "%" : value + (unit ? " " + unit : "");
    };
  }

  function tooltipFor(series) {
    return {
      trigger: "axis",
      valueFormatter: series.length === 1 ? withUnit(series[0].unit) : undefined
    };
  }

  function cartesian(chart) {
    var twoAxes = chart.series.some(function (s) { return s.axis === 1; });
    var yAxis = [{ type: "value", name: (chart.series[0] || {}).unit || "" }];  // the unit comes translated
    if (twoAxes) { yAxis.push({ type: "value", name: "%", min: 0, max: 100 }); }
    return {
      tooltip: tooltipFor(chart.series),
      legend: { top: 0 },
      grid: { left: 48, right: twoAxes ? 48 : 16, top: 40, bottom: 56 },
      xAxis: { type: "category", data: chart.categories, axisLabel: { interval: 0, rotate: chart.categories.length > 8 ? 30 : 0 } },
      yAxis: yAxis,
      series: chart.series.map(function (s) {
        return {
          name: s.name,
          type: s.type === "line" ? "line" : "bar",
          yAxisIndex: twoAxes && s.axis === 1 ? 1 : 0,
          data: s.data,
          connectNulls: false,
          tooltip: { valueFormatter: withUnit(s.unit) }
        };
      })
    };
  }

  function pie(chart) {
    var first = chart.series[0] || { data: [], name: "" };
    return {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { type: "scroll", bottom: 0 },
      series: [{
        name: first.name,
        type: "pie",
        radius: ["35%", "65%"],
        data: chart.categories.map(function (name, index) { return { name: name, value: first.data[index] }; })
      }]
    };
  }

  function draw() {
    if (typeof window.echarts === "undefined") { return; }
    var instances = [];
    readCharts().forEach(function (chart) {
      var element = document.getElementById(chart.id);
      if (!element || !chart.series || !chart.series.length) { return; }
      element.hidden = false;
      var instance = window.echarts.init(element, null, { renderer: "svg" });
      instance.setOption(chart.kind === "pie" ? pie(chart) : cartesian(chart));
      instances.push(instance);
    });
    if (instances.length) {
      window.addEventListener("resize", function () {
        instances.forEach(function (instance) { instance.resize(); });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
