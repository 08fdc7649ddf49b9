// 企业档案 charts (ECharts from the npm registry, served from /static/vendor): the month's figure this year
// against the same month last year, and the enterprise's cumulative growth against its section's.
(function () {
  var el = document.getElementById("firm-chart-data");
  if (typeof echarts === "undefined" || !el) return;
  var d = JSON.parse(el.textContent);
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
  var num = function (v) { return v == null ? "—" : v.toLocaleString("zh-CN"); };
  var pct = function (v) { return v == null ? "—" : v.toFixed(1) + "%"; };
  var m = echarts.init(document.getElementById("firm-month-chart"), null, { renderer: "svg" });
  m.setOption({
    textStyle: font, animation: false, title: { text: d.name + "本月值（" + d.unit + "）", textStyle: { fontSize: 13 }, left: 0 },
    tooltip: { trigger: "axis", valueFormatter: num }, legend: { bottom: 0 },
    grid: { left: 64, right: 16, top: 52, bottom: 52 },
    xAxis: { type: "category", data: d.labels },
    yAxis: { type: "value" },
    series: [{ name: "本年", type: "bar", data: d.value, itemStyle: { color: "#b91c1c" } },
             { name: "上年同月", type: "bar", data: d.prior_value, itemStyle: { color: "#9ca3af" } }],
  });
  var g = echarts.init(document.getElementById("firm-growth-chart"), null, { renderer: "svg" });
  g.setOption({
    textStyle: font, animation: false, title: { text: "累计同比增速（%）", textStyle: { fontSize: 13 }, left: 0 },
    tooltip: { trigger: "axis", valueFormatter: pct }, legend: { bottom: 0 },
    grid: { left: 52, right: 16, top: 52, bottom: 52 },
    xAxis: { type: "category", data: d.labels },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: [{ name: "本企业", type: "line", data: d.growth, symbolSize: 6 },
             { name: "所属门类", type: "line", data: d.section_growth, symbolSize: 6, lineStyle: { type: "dashed" } }],
  });
  window.addEventListener("resize", function () { m.resize(); g.resize(); });
})();
