/* The related-documents chooser, searched as one types: under its search box, the documents, publications
   and lessons the autocomplete API offers (kinds from data-kinds), as an ARIA 1.2 combobox with a listbox.
   Choosing one (click, or arrow keys and Enter) adds it to the chosen items as a ticked box; Escape closes
   the list; Enter with none chosen presses "Find". Without this script "Find" sends the form back with the
   matches as boxes to tick (communities/related.py). */
(function () {
  "use strict";
  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function setUp(chooser) {
    var input = chooser.querySelector("[data-related-search]");
    var find = chooser.querySelector("[data-related-find]");
    var chosenList = chooser.querySelector("[data-related-chosen]");
    var none = chooser.querySelector("[data-related-none]");
    var name = chooser.getAttribute("data-name");
    var kinds = (chooser.getAttribute("data-kinds") || "").split(" ").filter(Boolean);
    var labels = JSON.parse(chooser.getAttribute("data-labels") || "{}");
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var suggestions = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var asked = "";

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", labels.list || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    chooser.appendChild(status);
    input.parentElement.classList.add("suggest-host");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function languageName(code) {
      return (labels.languages || {})[code] || labels.other || code;
    }

    function describe(element, suggestion) {
      // Title in its own language and direction, then its kind and language as badges.
      var title = document.createElement("span");
      title.className = "related-title";
      title.lang = suggestion.language || "";
      title.dir = "auto";
      title.textContent = suggestion.title;
      var kind = document.createElement("span");
      kind.className = "badge kind";
      kind.textContent = (labels.kinds || {})[suggestion.kind] || suggestion.kind;
      var language = document.createElement("span");
      language.className = "badge lang";
      if (suggestion.language !== document.documentElement.lang) language.classList.add("other-language");
      language.textContent = languageName(suggestion.language);
      element.append(title, " ", kind, " ", language);
    }

    function chosenBox(id) {
      return Array.prototype.find.call(chooser.querySelectorAll("input[type=checkbox]"), function (box) {
        return box.value === id;
      });
    }

    function add(suggestion) {
      var box = chosenBox(suggestion.id);
      if (box) {
        box.checked = true;
      } else {
        var item = document.createElement("li");
        var label = document.createElement("label");
        box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = suggestion.id;
        box.checked = true;
        label.append(box, " ");
        describe(label, suggestion);
        item.appendChild(label);
        chosenList.appendChild(item);
      }
      if (none) none.hidden = true;
      status.textContent = (labels.added || "%(title)s").replace("%(title)s", suggestion.title);
      input.value = "";
      asked = "";
      close();
    }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      suggestions = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      var option = options[index];
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
        describe(option, suggestion);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { add(suggestion); });
        list.appendChild(option);
      });
      if (!found.length) {
        status.textContent = labels.none || "";
        return close();
      }
      status.textContent = "";
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
      var query = "?q=" + encodeURIComponent(text) + kinds.map(function (kind) {
        return "&kind=" + encodeURIComponent(kind);
      }).join("");
      fetch(chooser.getAttribute("data-api") + query, {
        signal: pending.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (body) {
          if (input.value.trim() === text && document.activeElement === input) show(body.suggestions || []);
        })
        .catch(function () { /* aborted or offline: "Find" still works */ });
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
      } else if (event.key === "Enter") {
        // Enter in this box never saves the lesson: it adds the highlighted title, or searches with "Find".
        event.preventDefault();
        if (!list.hidden && active >= 0) add(suggestions[active]);
        else if (find) find.click();
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("[data-related-chooser]").forEach(setUp);
})();
