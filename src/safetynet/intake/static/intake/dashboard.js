// The dashboard's chart: the figure comes from the page's json_script element (no inline
// script; the Content-Security-Policy allows none).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("chart-data");
  if (!data || typeof Plotly === "undefined") { return; }
  var fig = JSON.parse(JSON.parse(data.textContent));
  Plotly.newPlot("chart", fig.data, fig.layout, {displaylogo: false, responsive: true});
});
