/* global window, document */
// The aging chart: reads the figures the page rendered (#aging-data) and draws them with Chart.js. The same figures
// stand in the table below the chart, so the page reads the same without this script.
(function () {
  'use strict';
  var data = document.getElementById('aging-data');
  var canvas = document.getElementById('aging-chart');
  if (!data || !canvas || typeof window.Chart !== 'function') return;
  var figures = JSON.parse(data.textContent || '{}');
  // Colours distinct for the usual colour-vision deficiencies, each at least 3:1 against white.
  var colours = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#374151'];
  var format = function (value, currency, digits) {
    return new Intl.NumberFormat(figures.locale, {
      style: 'currency',
      currency: currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  };
  new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: figures.labels,
      datasets: figures.datasets.map(function (set, i) {
        return {
          label: set.label,
          data: set.data,
          backgroundColor: colours[i % colours.length],
          digits: set.digits,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: figures.datasets.length > 1 },
        tooltip: {
          callbacks: {
            label: function (item) {
              return item.dataset.label + ' ' + format(item.parsed.y, item.dataset.label, item.dataset.digits);
            },
          },
        },
      },
      scales: { y: { beginAtZero: true } },
    },
  });
})();
