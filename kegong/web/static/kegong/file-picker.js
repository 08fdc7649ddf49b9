// 文件选择：用中文按钮和已选文件列表代替浏览器自带的文件框（可点击选择，也可把文件拖进来）。
(function () {
  "use strict";
  var zones = document.querySelectorAll(".drop");
  Array.prototype.forEach.call(zones, function (zone) {
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector(".chosen");
    if (!input || !list) { return; }
    zone.classList.add("enhanced");
    function show() {
      list.innerHTML = "";
      var files = input.files || [];
      for (var i = 0; i < files.length; i++) {
        var li = document.createElement("li");
        li.textContent = files[i].name + "（" + Math.max(1, Math.round(files[i].size / 1024)) + " KB）";
        list.appendChild(li);
      }
      zone.classList.toggle("has-files", files.length > 0);
    }
    input.addEventListener("change", show);
    input.addEventListener("dragenter", function () { zone.classList.add("over"); });
    input.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    input.addEventListener("drop", function () { zone.classList.remove("over"); });
    show();
  });
})();
