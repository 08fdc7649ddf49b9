// 导入进度：轮询 JSON 状态，更新进度条；完成或失败后重新载入页面，由服务器显示结果。
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector(".bar");
  var fill = box.querySelector(".bar span");
  var stage = box.querySelector(".progress-text .stage");
  var text = box.querySelector(".progress-text .text");
  var steps = box.querySelectorAll(".steps li");
  var failures = 0;

  function show(s) {
    fill.style.width = s.percent + "%";
    bar.setAttribute("aria-valuenow", s.percent);
    stage.textContent = s.stage;
    text.textContent = s.text;
    var passed = true;
    for (var i = 0; i < steps.length; i++) {
      var name = steps[i].getAttribute("data-stage");
      steps[i].className = name === s.stage ? "now" : (passed ? "done" : "");
      if (name === s.stage) { passed = false; }
    }
    if (s.stage === "排队") {
      for (var j = 0; j < steps.length; j++) { steps[j].className = ""; }
    }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.redirected) { window.location.reload(); throw new Error("redirected"); }  // 登录已过期
        if (!r.ok || (r.headers.get("Content-Type") || "").indexOf("json") < 0) { throw new Error(r.status); }
        return r.json();
      })
      .then(function (s) {
        failures = 0;
        show(s);
        if (s.finished) { window.location.reload(); } else { window.setTimeout(poll, 600); }
      })
      .catch(function () {
        failures += 1;
        if (failures >= 5) { text.textContent = "暂时无法获取进度，请稍后刷新页面。"; }
        window.setTimeout(poll, Math.min(5000, 600 * (failures + 1)));
      });
  }
  window.setTimeout(poll, 300);
})();
