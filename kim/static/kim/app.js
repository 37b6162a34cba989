// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to an error summary so screen-reader and keyboard users land on it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});
