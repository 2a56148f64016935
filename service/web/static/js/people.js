/* The dossier form's suggestions from the registry: typing a nominee's name lists the entries
   named alike (diacritics aside, GET /people/suggest); choosing one fills the row's number and
   the registry's spelling of the name.
   Without JavaScript the number is typed, found on the list page. */
(function () {
  "use strict";
  var table = document.querySelector("[data-nominees]");
  if (!table || !window.fetch) { return; }
  var timers = new WeakMap();

  function describe(p) {
    return [p.full_name, p.date_of_birth, p.position, p.org_code].filter(Boolean).join(" · ");
  }

  function show(row, people) {
    var box = row.querySelector("[data-suggestions]");
    if (!box) { return; }
    box.textContent = "";
    if (!people.length) { box.hidden = true; return; }
    people.forEach(function (p) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = box.getAttribute("data-choose") + ": " + describe(p) + " (#" + p.id + ")";
      button.addEventListener("click", function () { choose(row, p); });
      box.appendChild(button);
    });
    box.hidden = false;
  }

  function choose(row, p) {
    row.querySelector("[data-col=person_id]").value = String(p.id);
    // The registry's spelling of the name (with its diacritics) goes into the dossier too.
    row.querySelector("[data-col=full_name]").value = p.full_name;
    var create = row.querySelector("[data-person-create]");
    if (create) { create.hidden = true; }
    var box = row.querySelector("[data-suggestions]");
    var shown = row.querySelector("[data-person-shown]");
    if (shown) { shown.textContent = box.getAttribute("data-linked").replace("{id}", String(p.id)); }
    box.hidden = true;
  }

  function lookUp(row, name) {
    fetch("/people/suggest?q=" + encodeURIComponent(name), { credentials: "same-origin",
      headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (people) { show(row, people); })
      .catch(function () { /* no suggestions: the number can still be typed */ });
  }

  table.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches("[data-col=full_name]")) { return; }
    var row = input.closest("tr");
    clearTimeout(timers.get(row));
    var name = input.value.trim();
    if (name.length < 2) { show(row, []); return; }
    timers.set(row, setTimeout(function () { lookUp(row, name); }, 250));
  });
})();
