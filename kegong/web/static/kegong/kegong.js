// Every page: a <select class="autosubmit"> (a period or year picker) sends its form when changed — no inline
// handlers (the pages' CSP allows scripts from this server only).
(function () {
  document.querySelectorAll("select.autosubmit").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
})();

// Progress bars: the width comes from data-percent (no inline style: the CSP allows none in the markup), on
// load and whenever htmx swaps a progress box in.
(function () {
  function bars(root) {
    (root || document).querySelectorAll(".bar span[data-percent]").forEach(function (s) {
      s.style.width = (parseFloat(s.getAttribute("data-percent")) || 0) + "%";
    });
  }
  bars(document);
  document.addEventListener("htmx:load", function (e) { bars(e.target); });
})();
