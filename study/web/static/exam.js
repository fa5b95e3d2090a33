// Exam pages: save every pick the moment it is made, keep the timer in view and warn before time runs out.
// Without this file the exam still works: answers are saved when the learner moves on.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  var status = document.querySelector("[data-save-status]");
  var show = function (text, failed) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("failed", Boolean(failed));
  };
  if (form) {
    var token = form.querySelector("input[name=csrf_token]").value;
    var pending = null;
    var save = function () {
      var body = {item_id: Number(form.getAttribute("data-item-id")),
                  flagged: form.querySelector("input[name=flagged]").checked};
      var numeric = form.querySelector("input[name=numeric]");
      if (numeric) {
        body.numeric = numeric.value.trim() === "" ? null : numeric.value.trim();
        if (body.numeric === null) { body.choices = []; }
      } else {
        body.choices = Array.prototype.map.call(form.querySelectorAll("input[name=choice]:checked"),
                                                function (input) { return input.value; });
      }
      show("Saving…");
      fetch(form.getAttribute("data-autosave-url"), {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": token},
        body: JSON.stringify(body)
      }).then(function (response) {
        if (response.status === 409) { window.location.reload(); return; }
        return response.json().then(function (data) {
          if (response.ok) { show("Saved."); } else { show("Not saved: " + (data.error || response.status), true); }
        });
      }).catch(function () { show("Not saved: no connection. Your pick is kept on this page; try again.", true); });
    };
    form.addEventListener("change", save);
    form.addEventListener("input", function (event) {
      if (event.target.name !== "numeric") { return; }
      window.clearTimeout(pending);
      pending = window.setTimeout(save, 700);
    });
  }
  var timer = document.querySelector("time.timer[data-deadline]");
  var warning = document.querySelector("[data-time-warning]");
  if (timer) {
    var deadline = Date.parse(timer.getAttribute("data-deadline"));
    var warned = {};
    var tick = function () {
      var left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
      timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      var crossed = [5, 10].filter(function (minutes) { return left > 0 && left <= minutes * 60; })[0];
      if (crossed && !warned[crossed] && warning) {
        warned[crossed] = true;
        warning.textContent = "Less than " + crossed + " minutes left. Every pick is already saved.";
        timer.closest(".exam-bar").classList.add("hurry");
      }
      if (left === 0) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
    };
    tick();
  }
})();
