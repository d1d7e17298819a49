/* Bulk import: send the files with a progress bar, then show the per-row report in place.
   Without JavaScript the form posts normally and the report page answers. */
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var progress = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var result = document.getElementById("import-result");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "0%";
    request.upload.addEventListener("progress", function (step) {
      if (step.lengthComputable) {
        progress.value = Math.round(step.loaded / step.total * 90);
        status.textContent = progress.value + "%";
      }
    });
    request.upload.addEventListener("load", function () {
      progress.removeAttribute("value");
      status.textContent = "…";
    });
    request.addEventListener("load", function () {
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var answer = page.getElementById("import-result");
      result.innerHTML = answer ? answer.innerHTML : "";
      progress.value = 100;
      status.textContent = (page.querySelector(".report .summary") || {}).textContent || "";
      var heading = result.querySelector("h2, [role=alert]");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    });
    request.addEventListener("error", function () { form.submit(); });
    request.open("POST", form.action);
    request.send(new FormData(form));
  });
})();
