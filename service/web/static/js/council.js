/* The council's vote entry: as the secretary types the members and the votes, each nominee's row
   shows the share of votes for (of the members present or of all members, as the rule says), and
   whether it reaches the threshold. A preview only: the server computes the recorded result. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-council]");
  if (!form) { return; }
  var SCALE = 10000;  // the server keeps shares to four decimals, rounded half up
  var threshold = Math.round(Number(form.getAttribute("data-threshold")) * SCALE);
  var ofTotal = form.getAttribute("data-of") === "total";

  function count(input) {
    var text = input.value.trim();
    return /^[0-9]{1,6}$/.test(text) ? Number(text) : null;
  }

  function percent(share) {
    return (share / 100).toFixed(2).replace(".", ",") + "%";
  }

  function show(row, base) {
    var votesFor = count(row.querySelector("[data-for]"));
    var shareOut = row.querySelector("[data-share]");
    var resultOut = row.querySelector("[data-result]");
    resultOut.classList.remove("passes", "fails");
    if (votesFor === null || !base) {
      shareOut.textContent = "—";
      resultOut.textContent = "—";
      return;
    }
    var share = Math.round((votesFor * SCALE) / base);
    var passes = share >= threshold;
    shareOut.textContent = percent(share);
    resultOut.textContent = form.getAttribute(passes ? "data-pass" : "data-fail");
    resultOut.classList.add(passes ? "passes" : "fails");
  }

  function update() {
    var base = count(form.querySelector(ofTotal ? "[data-total]" : "[data-present]"));
    Array.prototype.forEach.call(form.querySelectorAll("tr[data-vote]"), function (row) {
      show(row, base);
    });
  }

  form.addEventListener("input", update);
  update();
})();
