// The barrier trend chart. Its numbers are the table's: hidden counts are gaps.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("huerden-verlauf");
  const source = document.getElementById("huerden-verlauf-daten");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  // KERN-like, distinguishable colours; the legend names every series.
  const colours = ["#1f4fa3", "#c2410c", "#047857", "#7c3aed", "#b45309", "#0e7490", "#be123c", "#4d7c0f"];
  data.datasets.forEach((set, i) => {
    set.backgroundColor = colours[i % colours.length];
    set.borderColor = colours[i % colours.length];
  });
  new Chart(canvas, {
    type: "bar",
    data,
    options: {
      responsive: true,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
