/* Suggestions as one types: under each search box marked data-suggest-url, the titles the autocomplete API
   offers, as an ARIA 1.2 combobox with a listbox. Arrow keys move through them, Enter opens the one chosen,
   Escape closes the list; Enter with none chosen searches as before. Without this script the boxes are
   plain search fields. Loaded with defer on every page.

   The combobox itself is `window.kms.combobox(input, options)`, shared with the related-documents chooser
   (communities/related.js, loaded after this file):
     options.url(text)               the autocomplete address for what was typed;
     options.label                   the listbox's accessible name;
     options.render(option, s)       fills one option for suggestion s;
     options.choose(s)               what choosing s does (click, or Enter on the highlighted option);
     options.enter(event)            Enter with no option highlighted (optional; otherwise the form's own);
     options.shown(found)            called with the suggestions each time the API answers (optional).
   It returns { close, reset }: reset forgets what was asked, for a box the page has emptied. */
(function () {
  "use strict";
  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function combobox(input, options) {
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var suggestions = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var asked = "";

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", options.label || "");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.parentElement.classList.add("suggest-host");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      list.replaceChildren();
      suggestions = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      var option = items[index];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    function show(found) {
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      suggestions = found;
      found.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        options.render(option, suggestion);
        // Pressing an option keeps the focus in the box; the click chooses it.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { options.choose(suggestion); });
        list.appendChild(option);
      });
      if (options.shown) options.shown(found);
      if (!found.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var text = input.value.trim();
      if (text === asked) return;
      asked = text;
      if (pending) pending.abort();
      pending = null;
      if (text.length < MIN_CHARS) return close();
      pending = new AbortController();
      fetch(options.url(text), {
        signal: pending.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (body) {
          if (input.value.trim() === text && document.activeElement === input) show(body.suggestions || []);
        })
        .catch(function () { /* aborted or offline: the box keeps working without suggestions */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var count = suggestions.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          asked = "";
          ask();
        } else if (event.key === "ArrowDown") {
          highlight((active + 1) % count);
        } else {
          highlight(active <= 0 ? count - 1 : active - 1);
        }
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        options.choose(suggestions[active]);
      } else if (event.key === "Enter" && options.enter) {
        options.enter(event);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();  // keep what was typed (a search field clears itself on Escape)
        close();
      }
    });
    input.addEventListener("blur", close);
    return {
      close: close,
      reset: function () {  // after the box was emptied by the page: the next text typed is asked anew
        asked = "";
        close();
      }
    };
  }

  window.kms = window.kms || {};
  window.kms.combobox = combobox;

  document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    var url = input.getAttribute("data-suggest-url");
    combobox(input, {
      url: function (text) { return url + "?q=" + encodeURIComponent(text); },
      label: input.getAttribute("data-suggest-label"),
      render: function (option, suggestion) {
        option.lang = suggestion.language || "";
        option.dir = "auto";
        option.textContent = suggestion.title;
      },
      choose: function (suggestion) {
        if (suggestion && suggestion.url) window.location.assign(suggestion.url);
      }
    });
  });
})();
