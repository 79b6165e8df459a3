// Search and sort for the package table. Inline, no dependencies; without it the table is
// simply shown in full.
(function () {
  "use strict";
  var table = document.getElementById("pkgs");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var box = document.getElementById("q");
  var shown = document.getElementById("shown");
  box.parentNode.hidden = false;
  function filter() {
    var q = box.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var hit = q === "" || r.textContent.toLowerCase().indexOf(q) !== -1;
      r.hidden = !hit;
      if (hit) { n += 1; }
    });
    shown.textContent = n + " of " + rows.length + " packages";
  }
  box.addEventListener("input", filter);
  // `report.html#q=amazon` opens the page filtered, so a filtered view can be linked.
  if (location.hash.indexOf("#q=") === 0) {
    box.value = decodeURIComponent(location.hash.slice(3));
  }
  filter();
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.className += " sortable";
    th.title = "sort by this column";
    var ascending = true;
    th.addEventListener("click", function () {
      var numeric = th.classList.contains("num");
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var c = numeric
          ? Number(x.getAttribute("data-v")) - Number(y.getAttribute("data-v"))
          : x.textContent.localeCompare(y.textContent);
        return ascending ? c : -c;
      });
      ascending = !ascending;
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
