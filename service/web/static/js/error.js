/* The error page's "Quay lại" link: back in the browser's history. It is a script file, not a
   javascript: link, because the Content-Security-Policy allows no inline script; without
   JavaScript the link stays hidden and "Về trang chính" remains. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-back]"), function (back) {
    back.hidden = false;
    back.querySelector("a").addEventListener("click", function (event) {
      event.preventDefault();
      window.history.back();
    });
  });
})();
