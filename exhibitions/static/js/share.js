/* "Share this detail": the link of the detail on screen as a IIIF Content State (the
   specification's Annotation, UTF-8 JSON in base64url without padding), given to the Web Share
   API where there is one, else copied; the link also shows in a field, selected, for whoever can
   neither. "Copy the code" of an embed panel copies its field the same way. */
(function () {
  "use strict";
  var CONTEXT = "http://iiif.io/api/presentation/3/context.json";

  function base64url(text) {
    var binary = "";
    new TextEncoder().encode(text).forEach(function (byte) { binary += String.fromCharCode(byte); });
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function contentState(detail) {
    return base64url(JSON.stringify({
      "@context": CONTEXT,
      type: "Annotation",
      motivation: ["contentState"],
      target: {
        id: detail.canvas + (detail.region ? "#xywh=" + detail.region.join(",") : ""),
        type: "Canvas",
        partOf: [{ id: detail.manifest, type: "Manifest" }]
      }
    }));
  }

  // The detail a viewer shows now (its currentDetail), else the link the page gave.
  function linkOf(control, field) {
    var viewer = control.dataset.viewer && document.getElementById(control.dataset.viewer);
    var detail = viewer && viewer.currentDetail ? viewer.currentDetail(control.dataset.item) : null;
    return detail ? detail.page + "?iiif-content=" + contentState(detail) : field.value;
  }

  function say(control, text) {
    control.querySelector(".share-status").textContent = text;
  }

  function copy(control, field) {
    var fallback = function () {
      field.focus();
      field.select();
      say(control, control.dataset.copyBelow);
    };
    if (!navigator.clipboard || !window.isSecureContext) { fallback(); return; }
    navigator.clipboard.writeText(field.value).then(function () { say(control, control.dataset.copied); }, fallback);
  }

  document.querySelectorAll(".share-detail").forEach(function (control) {
    var field = control.querySelector("input");
    control.querySelector(".share-button").addEventListener("click", function () {
      field.value = linkOf(control, field);
      control.querySelector(".share-fallback").hidden = false;
      if (navigator.share) {
        navigator.share({ title: document.title, url: field.value }).then(function () {
          say(control, control.dataset.shared);
        }, function (error) {
          if (error.name !== "AbortError") { copy(control, field); }
        });
      } else {
        copy(control, field);
      }
    });
  });

  document.querySelectorAll(".copy-button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      copy(button.closest(".embed-panel"), document.getElementById(button.dataset.copy));
    });
  });
})();
