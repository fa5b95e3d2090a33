// Keyboard answering: 1-5 or A-E picks a choice, Enter answers.
// The pages work without this file; it only adds shortcuts.
(function () {
  "use strict";
  var form = document.querySelector("[data-keyboard-form]");
  if (form) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox"))) {
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var inputs = form.querySelectorAll("input[name=choice]");
      var key = event.key.toUpperCase();
      var index = "12345".indexOf(key);
      if (index < 0) { index = "ABCDE".indexOf(key); }
      if (index >= 0 && index < inputs.length && key.length === 1) {
        var input = inputs[index];
        input.checked = input.type === "radio" ? true : !input.checked;
        input.dispatchEvent(new Event("change", {bubbles: true}));  // exam pages save the pick at once
        input.focus();
        event.preventDefault();
      } else if (event.key === "Enter") {
        event.preventDefault();
        var primary = form.querySelector("button.primary") || form.querySelector("button[type=submit]");
        if (form.requestSubmit) { form.requestSubmit(primary); } else { primary.click(); }
      }
    });
  }
  // After an answer the verdict stays in view (no autofocus scrolls it away); Enter still moves on.
  var next = document.querySelector("form[data-keyboard-next]");
  if (next && !form) {
    document.addEventListener("keydown", function (event) {
      var tag = event.target && event.target.tagName;
      if (tag === "TEXTAREA" || tag === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var buttons = next.querySelectorAll("button[type=submit]");
      var rated = next.hasAttribute("data-ratings") ? "1234".indexOf(event.key) : -1;
      if (rated >= 0 && rated < buttons.length) {
        event.preventDefault();
        buttons[rated].click();
      } else if (event.key === "Enter" && tag !== "A" && tag !== "BUTTON" && tag !== "SUMMARY") {
        event.preventDefault();
        (next.querySelector("button.primary") || buttons[0]).click();
      }
    });
  }
})();
