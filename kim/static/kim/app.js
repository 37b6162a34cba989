// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Where focus goes when a page or a swapped part appears: an error summary
  // first (screen-reader and keyboard users land on it), else an element that
  // asks for it (a confirmation), else the first field of a form that was just
  // opened.
  function placeFocus(root, openedForm) {
    var target = root.querySelector(".error-summary") || root.querySelector("[data-kim-focus]");
    if (!target && openedForm) {
      target = root.querySelector("form input:not([type=hidden]), form select, form textarea");
    }
    if (target) { target.focus(); }
  }

  // Insert a text at the cursor of a textarea (replacing a selection) and select
  // the first placeholder "[ ]" of what was inserted, so typing fills it.
  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var before = textarea.value.slice(0, start), after = textarea.value.slice(end);
    var glue = before && !/\n$/.test(before) ? "\n" : "";
    textarea.value = before + glue + text + after;
    var from = before.length + glue.length;
    var placeholder = text.indexOf("[ ]");
    textarea.focus();
    if (placeholder >= 0) {
      textarea.setSelectionRange(from + placeholder, from + placeholder + 3);
    } else {
      textarea.setSelectionRange(from + text.length, from + text.length);
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    placeFocus(document, false);
  });

  // After htmx put a part into the page (e.g. the contact form on the case page).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id !== "kontaktverlauf") {
      placeFocus(target, event.detail.requestConfig && event.detail.requestConfig.verb === "get");
    }
  });

  document.addEventListener("click", function (event) {
    // "Textbaustein einfügen": insert at the cursor instead of posting the form.
    var insert = event.target.closest("[data-kim-insert-template]");
    if (insert) {
      var form = insert.form;
      var select = form && form.querySelector("[data-kim-text-template]");
      var note = form && form.querySelector("textarea[name$=note]");
      var source = select && select.value && document.getElementById("textbaustein-" + select.value);
      if (note && source) {
        event.preventDefault();
        insertAtCursor(note, source.content.textContent);
        select.value = "";
      } else if (select && !select.value) {
        event.preventDefault();
        select.focus();
      }
      return;
    }
    // "Abbrechen" in a panel opened on the page: empty it, back to the opener.
    var close = event.target.closest("[data-kim-close-panel]");
    if (close) {
      var panel = document.querySelector(close.getAttribute("data-kim-close-panel"));
      if (panel) { panel.innerHTML = ""; }
      var opener = document.querySelector("[data-kim-shortcut=N]");
      if (opener) { opener.focus(); }
    }
  });

  // Keyboard shortcuts, all with modifiers (no single-key shortcuts that speech
  // input could trigger by accident; WCAG 2.1.4):
  //   Ctrl+Enter (Cmd+Enter)  save the form the cursor is in (if it offers this)
  //   Alt+Shift+N             new contact on the case page
  //   Alt+Shift+T             choose a text template in the contact form
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey) {
      var form = event.target.closest && event.target.closest("form[data-kim-submit-shortcut]");
      if (form) {
        event.preventDefault();
        var primary = form.querySelector("[data-kim-primary]");
        if (form.requestSubmit) { form.requestSubmit(primary || undefined); } else { form.submit(); }
      }
      return;
    }
    if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey) {
      var code = event.code || "";
      if (code === "KeyN") {
        var opener = document.querySelector("[data-kim-shortcut=N]");
        if (opener) { event.preventDefault(); opener.click(); }
      } else if (code === "KeyT") {
        var picker = document.querySelector("[data-kim-text-template]");
        if (picker) { event.preventDefault(); picker.focus(); }
      }
    }
  });
})();
