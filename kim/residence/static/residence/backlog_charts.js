// The backlog charts. Each canvas names its data (`data-chart`), the numbers of the
// table beside it; a median without any completed stay is a gap.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  // KERN-like, distinguishable colours; the legend names every series.
  const colours = ["#1f4fa3", "#c2410c", "#047857", "#7c3aed", "#0e7490", "#be123c", "#b45309"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const stacked = Boolean(data.stacked);
    delete data.stacked;
    data.datasets.forEach((set, i) => {
      const colour = colours[i % colours.length];
      set.backgroundColor = colour;
      set.borderColor = colour;
      if (set.type === "line") {
        set.backgroundColor = "#ffffff";
        set.borderWidth = 3;
        set.order = -1; // drawn above the bars
      }
    });
    new Chart(canvas, {
      type: "bar",
      data,
      options: {
        responsive: true,
        animation: false,
        scales: {
          x: { stacked },
          y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
});
