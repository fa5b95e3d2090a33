// Keyboard answering (1-5 or A-E picks a choice, Enter answers) and the exam countdown.
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
        input.focus();
        event.preventDefault();
      } else if (event.key === "Enter") {
        event.preventDefault();
        var primary = form.querySelector("button.primary") || form.querySelector("button[type=submit]");
        if (form.requestSubmit) { form.requestSubmit(primary); } else { primary.click(); }
      }
    });
  }
  var timer = document.querySelector("time.timer[data-deadline]");
  if (timer) {
    var deadline = Date.parse(timer.getAttribute("data-deadline"));
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
    };
    tick();
  }
})();
