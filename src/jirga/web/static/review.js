/* Keyboard shortcuts of the review page: a accept, e edit, r reject, j next, k previous.
   Keys act only when no field has the focus (Esc leaves a field), so typing is never hijacked. */
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  var accept = document.getElementById("accept-form");
  var reject = document.getElementById("reject-form");
  var edit = document.getElementById("edit");
  function firstField() { return document.getElementById("f-date"); }
  if (edit) { edit.addEventListener("click", function () { var f = firstField(); if (f) { f.focus(); f.select(); } }); }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "Escape" && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (typing(document.activeElement)) { return; }
    var here = location.pathname.split("/").pop();
    switch (event.key) {
      case "a": if (accept) { event.preventDefault(); accept.requestSubmit(); } break;
      case "e": if (edit) { event.preventDefault(); edit.click(); } break;
      case "r": if (reject) { event.preventDefault(); document.getElementById("f-reason").focus(); } break;
      case "j": event.preventDefault(); location.href = "/review/next?after=" + here; break;
      case "k": event.preventDefault(); if (Number(here) > 1) { location.href = "/review/" + (Number(here) - 1); } break;
      default: break;
    }
  });
}());
