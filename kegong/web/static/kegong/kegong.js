// Every page: a <select class="autosubmit"> (a period or year picker) sends its form when changed — no inline
// handlers (the pages' CSP allows scripts from this server only).
(function () {
  document.querySelectorAll("select.autosubmit").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
})();
