/* Bulk import: send the files with a progress bar for the upload, then for the rows as the
   server imports them (JSON lines), then show the per-row report in place. Without
   JavaScript the form posts normally and the report page answers. */
(function () {
  "use strict";
  var form = document.getElementById("import-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var progress = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  var result = document.getElementById("import-result");

  function showReport(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var answer = holder.querySelector("#import-result");
    result.innerHTML = answer ? answer.innerHTML : "";
    var heading = result.querySelector("h2, [role=alert]");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    var read = 0;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "";
    request.upload.addEventListener("progress", function (step) {
      if (step.lengthComputable) {
        progress.value = Math.round(step.loaded / step.total * 100);
        status.textContent = "↑ " + progress.value + "%";
      }
    });
    function readEvents() {
      var text = request.responseText;
      var end = text.lastIndexOf("\n");
      if (end < read) { return; }
      text.slice(read, end).split("\n").forEach(function (line) {
        if (!line.trim()) { return; }
        var message = JSON.parse(line);
        if (message.total) {
          progress.value = Math.round(message.done / message.total * 100);
          status.textContent = message.done + " / " + message.total;
        }
        if (message.html !== undefined) {
          progress.value = 100;
          showReport(message.html);
          var summary = result.querySelector(".summary");
          status.textContent = summary ? summary.textContent : "";
        }
      });
      read = end + 1;
    }
    request.addEventListener("progress", readEvents);
    request.addEventListener("load", function () {
      if (request.getResponseHeader("Content-Type") === "application/x-ndjson") {
        readEvents();
      } else {
        progress.value = 100;
        showReport(request.responseText);
      }
    });
    request.addEventListener("error", function () { form.submit(); });
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/x-ndjson");
    request.send(new FormData(form));
  });
})();
