// 驾驶舱 charts (ECharts from the npm registry, served from /static/vendor): cumulative growth this year
// against last year, and the growth of the parts compared. Values are rounded on the server.
(function () {
  if (typeof echarts === "undefined") return;
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
  var pct = function (v) { return v == null ? "—" : v.toFixed(1) + "%"; };
  var trend = JSON.parse(document.getElementById("trend-data").textContent);
  var cmp = JSON.parse(document.getElementById("compare-data").textContent);
  var t = echarts.init(document.getElementById("trend-chart"), null, { renderer: "svg" });
  t.setOption({
    textStyle: font, animation: false, tooltip: { trigger: "axis", valueFormatter: pct }, legend: { top: 0 },
    grid: { left: 52, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: trend.labels },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: trend.series.map(function (s, i) {
      return { name: s.name, type: "line", data: s.data, symbolSize: 6, connectNulls: false,
               lineStyle: i ? { type: "dashed" } : {} };
    }),
  });
  var rows = cmp.labels.map(function (l, i) { return { name: l, v: cmp.data[i] }; })
    .sort(function (a, b) { return (a.v || 0) - (b.v || 0); });
  var c = echarts.init(document.getElementById("compare-chart"), null, { renderer: "svg" });
  c.setOption({
    textStyle: font, animation: false, title: { text: cmp.title, textStyle: { fontSize: 13 }, left: 0 },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: pct },
    grid: { left: 96, right: 24, top: 36, bottom: 36 },
    xAxis: { type: "value", name: "同比增速（%）", nameLocation: "middle", nameGap: 24, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: rows.map(function (x) { return x.name; }) },
    series: [{ name: "同比增速", type: "bar", data: rows.map(function (x) {
      return { value: x.v, itemStyle: { color: (x.v || 0) < 0 ? "#15803d" : "#b91c1c" } };
    }) }],
  });
  window.addEventListener("resize", function () { t.resize(); c.resize(); });
})();
