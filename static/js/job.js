// Job progress page: poll the JSON status until the job is done or failed, then show the download.
(function () {
  "use strict";
  var card = document.querySelector("[data-job-status]");
  if (!card) return;
  var bar = card.querySelector("progress");
  var state = card.querySelector("#job-state");
  var link = card.querySelector("[data-job-download]");
  var delay = 700;

  function show(job) {
    bar.value = job.progress;
    var text = card.getAttribute("data-text-" + job.status) || job.status;
    state.textContent = job.status === "failed" ? text + " " + (job.message || "") : text;
    if (job.status === "done" && job.download_url) {
      link.href = job.download_url;
      link.textContent = link.textContent.replace(/\s+$/, "") + " " + (job.filename || "");
      link.hidden = false;
    }
    return job.status === "done" || job.status === "failed";
  }

  function poll() {
    fetch(card.getAttribute("data-job-status"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (!show(job)) setTimeout(poll, delay = Math.min(delay * 1.3, 3000));
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (!link.hidden) return;
  setTimeout(poll, delay);
})();

// Start page: the researcher already asked for the file by following the link; send the form
// (with its CSRF token) at once. Without JavaScript the button does it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-job-start]");
  if (form) form.submit();
})();
