/* Bulk import. On the form: send the files with a progress bar for the upload, then go to the
   import job's page. On that page: ask for the job's progress every second and show the
   per-row report in its place when the job has ended. Without JavaScript the form posts normally and
   the job's page offers a link to check again. */
(function () {
  "use strict";
  var progress = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var result = document.getElementById("import-result");

  function showReport(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var answer = holder.querySelector("#import-result") || holder;
    result.innerHTML = answer.innerHTML;
    var heading = result.querySelector("h2, [role=alert]");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }

  var form = document.getElementById("import-form");
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      progress.hidden = false;
      progress.value = 0;
      status.textContent = "";
      request.upload.addEventListener("progress", function (step) {
        if (step.lengthComputable) {
          progress.value = Math.round(step.loaded / step.total * 100);
          status.textContent = "↑ " + progress.value + "%";
        }
      });
      request.addEventListener("load", function () {
        if (request.status === 202) {
          window.location.assign(JSON.parse(request.responseText).url);
        } else {
          progress.hidden = true;
          status.textContent = "";
          showReport(request.responseText);
        }
      });
      request.addEventListener("error", function () { form.submit(); });
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.send(new FormData(form));
    });
  }

  var job = document.querySelector("[data-import-job]");
  if (job && window.fetch) {
    var follow = function () {
      fetch(job.getAttribute("data-import-job"), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
        .then(function (state) {
          if (state.html !== undefined) {
            // The report takes the progress's place, and the focus moves to its heading.
            job.hidden = true;
            showReport(state.html);
            return;
          }
          if (state.total) { progress.value = Math.round(state.done / state.total * 100); }
          status.textContent = state.message;
          window.setTimeout(follow, 1000);
        })
        // A failed look leaves the link to check again; the job goes on regardless.
        .catch(function () {});
    };
    window.setTimeout(follow, 500);
  }
})();
