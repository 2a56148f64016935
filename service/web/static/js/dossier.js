/* The dossier form and page, made nicer when JavaScript runs; everything works without it.
   - nominees table: add and remove rows, paste lines copied from a spreadsheet, kinds follow the award
   - upload with a progress bar (XMLHttpRequest with the X-CSRF-Token header)
   - length counters: a field near its limit (maxlength) says how many characters are left
   - reason and approval dialogs opened as modals; confirmation before deleting a file */
(function () {
  "use strict";

  function each(selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  each("[data-js-only]", document, function (el) { el.hidden = false; });

  /* ---- Nominees ---- */
  var table = document.querySelector("[data-nominees]");
  var award = document.querySelector("[data-award]");
  var template = document.getElementById("nominee-row-template");

  function awardKind() {
    var option = award && award.options[award.selectedIndex];
    return option ? option.getAttribute("data-kind") : null;
  }

  function renumber() {
    each("tr[data-row]", table.tBodies[0], function (row, k) {
      each("[data-n]", row, function (el) { el.textContent = String(k + 1); });
    });
  }

  function addRow() {
    var next = Number(table.getAttribute("data-next"));
    table.setAttribute("data-next", String(next + 1));
    // The template holds only our own markup (no user data), so filling it as text is safe.
    var html = template.innerHTML.replace(/__i__/g, String(next)).replace(/__n__/g, String(next + 1));
    table.tBodies[0].insertAdjacentHTML("beforeend", html);
    var row = table.tBodies[0].lastElementChild;
    each("[data-js-only]", row, function (el) { el.hidden = false; });
    var kind = awardKind();
    if (kind) { row.querySelector("[data-col=kind]").value = kind; }
    renumber();
    return row;
  }

  function announce(text) {
    var live = document.querySelector("[data-announce]");
    if (live) { live.textContent = text; }
  }

  var KINDS = { "cá nhân": "individual", "ca nhan": "individual", "individual": "individual",
    "tập thể": "collective", "tap the": "collective", "collective": "collective" };

  function fillRow(row, cells) {
    var kind = KINDS[(cells[1] || "").trim().toLowerCase()];
    if (kind) { cells.splice(1, 1); }
    var columns = ["full_name", "position", "unit", "achievements"];
    columns.forEach(function (col, k) {
      if (cells[k] !== undefined) { row.querySelector("[data-col=" + col + "]").value = cells[k].trim(); }
    });
    if (kind) { row.querySelector("[data-col=kind]").value = kind; }
  }

  function pasteRows(event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-col=full_name]")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (!text || (text.indexOf("\t") < 0 && text.replace(/\s+$/, "").indexOf("\n") < 0)) { return; }
    event.preventDefault();
    var lines = text.replace(/\r/g, "").split("\n").filter(function (l) { return l.trim() !== ""; });
    var rows = Array.prototype.slice.call(table.tBodies[0].querySelectorAll("tr[data-row]"));
    var start = rows.indexOf(input.closest("tr"));
    lines.forEach(function (line, k) {
      fillRow(rows[start + k] || addRow(), line.split("\t"));
    });
    announce(table.getAttribute("data-pasted").replace("{n}", String(lines.length)));
  }

  if (table && template) {
    document.querySelector("[data-add-row]").addEventListener("click", function () {
      addRow().querySelector("[data-col=full_name]").focus();
    });
    table.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-row]");
      if (!button) { return; }
      var row = button.closest("tr");
      var neighbour = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      if (!neighbour) { neighbour = addRow(); }
      renumber();
      neighbour.querySelector("[data-col=full_name]").focus();
    });
    table.addEventListener("paste", pasteRows);
    if (award) {
      // Every nominee of a dossier must be of the award's kind (individual or collective).
      award.addEventListener("change", function () {
        var kind = awardKind();
        if (kind) { each("[data-col=kind]", table, function (s) { s.value = kind; }); }
      });
    }
  }

  /* ---- Length counters ---- */
  // The browser stops typing at maxlength without a word; near the limit, say what is left.
  var NEAR = 0.8;
  var lengthForm = document.querySelector("form[data-left]");

  function count(input) {
    var max = Number(input.getAttribute("maxlength"));
    if (!max) { return; }
    var counter = input.nextElementSibling;
    if (!counter || !counter.classList.contains("counter")) {
      counter = document.createElement("span");
      counter.className = "counter";
      input.insertAdjacentElement("afterend", counter);
    }
    var left = max - input.value.length;
    counter.hidden = input.value.length < max * NEAR;
    counter.classList.toggle("near", left <= max * 0.05);
    counter.textContent = lengthForm.getAttribute("data-left").replace("{n}", String(left));
  }

  if (lengthForm) {
    lengthForm.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches("[data-count]")) { count(event.target); }
    });
    each("[data-count]", lengthForm, function (input) { if (input.value) { count(input); } });
  }

  /* ---- Upload with a progress bar ---- */
  function uploadError(form, xhr) {
    try {
      return JSON.parse(xhr.responseText).error.message;
    } catch (ignored) {
      return xhr.status === 413 ? form.getAttribute("data-too-large") : form.getAttribute("data-failed");
    }
  }

  each("form[data-upload]", document, function (form) {
    if (!window.FormData || !window.XMLHttpRequest) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var box = form.querySelector("[data-progress]");
      var bar = box.querySelector("progress");
      var error = form.querySelector("[data-upload-error]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", form.elements.csrf_token.value);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300) {
          window.location.assign(form.getAttribute("data-done"));
          return;
        }
        box.hidden = true;
        button.disabled = false;
        error.textContent = uploadError(form, xhr);
        error.hidden = false;
      });
      xhr.addEventListener("error", function () {
        box.hidden = true;
        button.disabled = false;
        error.textContent = form.getAttribute("data-failed");
        error.hidden = false;
      });
      error.hidden = true;
      bar.value = 0;
      box.hidden = false;
      button.disabled = true;
      xhr.send(new FormData(form));
    });
  });

  /* ---- Reason dialogs and confirmations ---- */
  function openModal(dialog) {
    if (!dialog || typeof dialog.showModal !== "function") { return false; }
    if (dialog.open) { dialog.close(); }
    dialog.showModal();
    var box = dialog.querySelector("textarea");
    if (box) { box.focus(); }
    return true;
  }

  each("[data-dialog]", document, function (link) {
    link.addEventListener("click", function (event) {
      if (openModal(document.getElementById(link.getAttribute("data-dialog")))) {
        event.preventDefault();
      }
    });
  });
  each("[data-close-dialog]", document, function (link) {
    link.addEventListener("click", function (event) {
      var dialog = link.closest("dialog");
      if (dialog && typeof dialog.close === "function") {
        event.preventDefault();
        dialog.close();
      }
    });
  });
  // A dialog the server rendered open (a refused reason, or the no-script link) becomes modal.
  each("dialog.comment-dialog[open]", document, openModal);

  each("form[data-confirm]", document, function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
