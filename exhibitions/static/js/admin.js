/* The admin pages, a little better with a script: a form that came back with errors puts the
   focus on its summary, a secret shown once gets the focus and a copy button. The pages work
   without it: the secret is in a read-only field to select and copy by hand. */
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  var secret = document.querySelector(".secret-once input");
  if (summary) {
    summary.focus();
  } else if (secret) {
    secret.focus();
    secret.select();
  }
  // Each link of an error summary leads to its field and puts the focus in it.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({block: "center"});
      field.focus();
    });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      var status = button.closest(".secret-once").querySelector(".copied");
      field.select();
      var done = function () { status.textContent = button.getAttribute("data-copied") || "✓"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
