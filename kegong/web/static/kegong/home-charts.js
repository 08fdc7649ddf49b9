// Home page charts (ECharts): cumulative growth by month, and gross output growth by town.
(function () {
  if (typeof echarts === "undefined") return;
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
  var trend = JSON.parse(document.getElementById("trend-data").textContent);
  var towns = JSON.parse(document.getElementById("town-data").textContent);
  var t = echarts.init(document.getElementById("trend-chart"), null, { renderer: "svg" });
  t.setOption({
    textStyle: font, animation: false,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: trend.labels },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: trend.series.map(function (s) {
      return { name: s.name, type: "line", data: s.data, symbolSize: 6, connectNulls: false };
    }),
  });
  var byGrowth = towns.slice().sort(function (a, b) { return (a.yoy_pct || 0) - (b.yoy_pct || 0); });
  var c = echarts.init(document.getElementById("town-chart"), null, { renderer: "svg" });
  c.setOption({
    textStyle: font, animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
               valueFormatter: function (v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
    grid: { left: 80, right: 24, top: 10, bottom: 24 },
    xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: byGrowth.map(function (x) { return x.name; }) },
    series: [{ name: "同比增速", type: "bar", data: byGrowth.map(function (x) {
      return { value: x.yoy_chart,  // rounded half up on the server (kegong.core.numbers)
               itemStyle: { color: (x.yoy_pct || 0) < 0 ? "#15803d" : "#b91c1c" } };
    }) }],
  });
  window.addEventListener("resize", function () { t.resize(); c.resize(); });
})();
