/* Completions for search boxes: fills the box's <datalist> from /api/v1/suggest as one types.
   Without JavaScript the box is a plain search field. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-suggest][list]");
  Array.prototype.forEach.call(boxes, function (box) {
    var list = document.getElementById(box.getAttribute("list"));
    var timer = null;
    var asked = "";
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      var prefix = box.value.trim();
      if (prefix.length < 2 || prefix === asked) { return; }
      timer = window.setTimeout(function () {
        asked = prefix;
        fetch(box.dataset.suggest + "?size=8&q=" + encodeURIComponent(prefix), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (body) {
            if (box.value.trim() !== prefix) { return; }
            list.textContent = "";
            (body.suggestions || []).forEach(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion;
              list.appendChild(option);
            });
          })
          .catch(function () { /* completions are a convenience; the search still works */ });
      }, 150);
    });
  });
})();
