// The workbench's few behaviours that are not requests: placing each finding beside its field, the 待补充 button,
// moving and removing list items, and keeping the page's version after a save. No network beyond the workbench.
(function () {
  "use strict";

  function form() { return document.getElementById("chapter-form"); }

  function check() {
    var f = form();
    if (f && window.htmx) { htmx.trigger(f, "ecplan-check"); }
  }

  function place() {
    document.querySelectorAll("[data-field] > .messages").forEach(function (box) { box.innerHTML = ""; });
    document.querySelectorAll("[data-field].invalid").forEach(function (el) { el.classList.remove("invalid"); });
    document.querySelectorAll("#findings li.finding").forEach(function (finding) {
      var name = finding.getAttribute("data-field");
      if (!name) { return; }
      var target = document.querySelector('.form [data-field="' + CSS.escape(name) + '"]');
      if (!target) { return; }
      var box = target.querySelector(":scope > .messages");
      if (!box) { return; }
      var note = document.createElement("p");
      note.className = "message " + finding.className.replace("finding", "").trim();
      note.textContent = finding.querySelector(".text").textContent;
      box.appendChild(note);
      if (!finding.classList.contains("gap")) { target.classList.add("invalid"); }
    });
    var counts = document.getElementById("chapter-counts");
    var nav = document.getElementById("chapters");
    if (counts && nav && nav.querySelector("ol")) {
      nav.querySelector("ol").outerHTML = counts.innerHTML;
    }
  }

  // htmx leaves an error answer (a stale save, a refused one, a file that cannot be rewritten) unshown: show it
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status >= 400) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });
  document.addEventListener("DOMContentLoaded", place);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id === "findings") { place(); } else { check(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-gap")) {
      var field = button.closest(".field").querySelector("input, textarea, select");
      var owner = window.prompt("待补充：由哪个部门提供？（可不填）", "");
      if (owner === null) { return; }
      var text = "【待补充" + (owner.trim() ? "（" + owner.trim() + "）" : "") + "】";
      if (field.tagName === "SELECT") {
        var option = document.createElement("option");
        option.textContent = text; option.selected = true; field.appendChild(option);
      } else { field.value = text; }
      check();
    } else if (button.hasAttribute("data-remove")) {
      button.closest(".item").remove();
      check();
    } else if (button.hasAttribute("data-move")) {
      var item = button.closest(".item");
      var other = button.getAttribute("data-move") === "up" ? item.previousElementSibling : item.nextElementSibling;
      if (!other) { return; }
      if (button.getAttribute("data-move") === "up") { item.parentNode.insertBefore(item, other); }
      else { item.parentNode.insertBefore(other, item); }
      check();
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("#chapter-form.dirty")) { event.preventDefault(); event.returnValue = ""; }
  });
  document.addEventListener("input", function (event) {
    if (event.target.closest("#chapter-form")) {
      form().classList.add("dirty");
      var state = document.getElementById("save-state");
      if (state) { state.textContent = ""; }
    }
  });
  document.addEventListener("ecplan-saved", function () { var f = form(); if (f) { f.classList.remove("dirty"); } });
})();
