/* wagtail-localize's admin screens without inline scripts (the admin's Content-Security-Policy refuses them):
   the chooser URLs its translation editor needs for overrides, and "select all" on the submit-translation form.
   The project's copies of its two templates load this file in place of their inline scripts. */
(function () {
  "use strict";
  var urls = document.getElementById("kms-localize-chooser-urls");
  if (urls && typeof window.chooserUrls === "undefined") {
    window.chooserUrls = {
      imageChooser: urls.dataset.imageChooser,
      documentChooser: urls.dataset.documentChooser,
      pageChooser: urls.dataset.pageChooser,
    };
  }
  document.addEventListener("DOMContentLoaded", function () {
    var selectAll = document.querySelector('[name="select_all"]');
    if (!selectAll) return;
    var locales = document.querySelectorAll('[name="locales"]');
    selectAll.addEventListener("change", function () {
      for (var i = 0; i < locales.length; i++) locales[i].checked = selectAll.checked;
    });
  });
})();
