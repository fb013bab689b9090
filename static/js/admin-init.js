/* The Wagtail admin's widgets, started from inert elements rather than inline scripts, so the admin runs under a
   Content-Security-Policy that refuses them (kms.choosers explains). Each <span hidden data-kms-init="Name"
   data-kms-id="…" data-kms-args="[…]"> becomes `new Name(id, …args)` or `Name(id, …args)`, once, in document
   order: as the page is parsed (this script is loaded before the admin's content), and for whatever is added
   later (an inline panel's new form, a chooser modal). Only the names below can be called. */
(function () {
  "use strict";

  var CONSTRUCTORS = [
    "InlinePanel",
    "MultipleChooserPanel",
    "Chooser",
    "PageChooser",
    "DocumentChooser",
    "ImageChooser",
    "SnippetChooser",
  ];
  var FUNCTIONS = ["initDateChooser", "initTimeChooser", "initDateTimeChooser", "createTaskChooser"];
  var SELECTOR = "[data-kms-init]";
  var started = new WeakSet();

  function report(error) {
    // As an inline script's error would be: reported, and the next element still starts.
    if (window.reportError) window.reportError(error);
    else console.error(error);
  }

  function start(element) {
    if (started.has(element) || !element.isConnected) return;
    started.add(element);
    var name = element.dataset.kmsInit;
    var construct = CONSTRUCTORS.indexOf(name) !== -1;
    try {
      if (!construct && FUNCTIONS.indexOf(name) === -1) throw new Error("admin-init: " + name + " is not allowed");
      var target = window[name];
      if (typeof target !== "function") throw new Error("admin-init: " + name + " is not loaded");
      var args = JSON.parse(element.dataset.kmsArgs || "[]");
      if (element.hasAttribute("data-kms-id")) args.unshift(element.dataset.kmsId);
      if (construct) Reflect.construct(target, args);
      else target.apply(window, args);
    } catch (error) {
      report(error);
    }
  }

  // Text typed into the admin runs in its own direction (Arabic right to left in an English admin, and the
  // reverse); boxes that set a direction keep it. The server sets it on model form fields (kms.admin_text);
  // this reaches the boxes drawn here: StreamField blocks, new inline forms, chooser search boxes.
  var TEXT_BOXES =
    'input:not([dir]):not([type]), input[type="text"]:not([dir]), input[type="search"]:not([dir]), textarea:not([dir])';

  function autoDirection(node) {
    if (node.matches(TEXT_BOXES)) node.setAttribute("dir", "auto");
    node.querySelectorAll(TEXT_BOXES).forEach(function (box) {
      box.setAttribute("dir", "auto");
    });
  }

  function startWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) start(node);
    node.querySelectorAll(SELECTOR).forEach(start);
    autoDirection(node);
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(startWithin);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  startWithin(document.documentElement);
  document.addEventListener("DOMContentLoaded", function () {
    startWithin(document.documentElement);
  });
})();
