/* The related-documents chooser, searched as one types: under its search box, the documents, publications
   and lessons the autocomplete API offers (kinds from data-kinds), through the site's combobox
   (window.kms.combobox, static/js/suggest.js, loaded before this file). Choosing one (click, or arrow keys
   and Enter) adds it to the chosen items as a ticked box; Escape closes the list; Enter with none chosen
   presses "Find". Without this script "Find" sends the form back with the matches as boxes to tick
   (communities/related.py). */
(function () {
  "use strict";

  function setUp(chooser) {
    var input = chooser.querySelector("[data-related-search]");
    var find = chooser.querySelector("[data-related-find]");
    var chosenList = chooser.querySelector("[data-related-chosen]");
    var none = chooser.querySelector("[data-related-none]");
    var name = chooser.getAttribute("data-name");
    var api = chooser.getAttribute("data-api");
    var kinds = (chooser.getAttribute("data-kinds") || "").split(" ").filter(Boolean);
    var labels = JSON.parse(chooser.getAttribute("data-labels") || "{}");
    var status = document.createElement("p");
    var box;

    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    chooser.appendChild(status);

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
      return Array.prototype.find.call(chooser.querySelectorAll("input[type=checkbox]"), function (checkbox) {
        return checkbox.value === id;
      });
    }

    function add(suggestion) {
      var checkbox = chosenBox(suggestion.id);
      if (checkbox) {
        checkbox.checked = true;
      } else {
        var item = document.createElement("li");
        var label = document.createElement("label");
        checkbox = document.createElement("input");
        checkbox.type = "checkbox";
        checkbox.name = name;
        checkbox.value = suggestion.id;
        checkbox.checked = true;
        label.append(checkbox, " ");
        describe(label, suggestion);
        item.appendChild(label);
        chosenList.appendChild(item);
      }
      if (none) none.hidden = true;
      status.textContent = (labels.added || "%(title)s").replace("%(title)s", suggestion.title);
      input.value = "";
      box.reset();
    }

    box = window.kms.combobox(input, {
      url: function (text) {
        return api + "?q=" + encodeURIComponent(text) + kinds.map(function (kind) {
          return "&kind=" + encodeURIComponent(kind);
        }).join("");
      },
      label: labels.list,
      render: describe,
      choose: add,
      enter: function (event) {
        // Enter in this box never saves the lesson: with no title highlighted, it searches with "Find".
        event.preventDefault();
        if (find) find.click();
      },
      shown: function (found) {
        status.textContent = found.length ? "" : labels.none || "";
      }
    });
  }

  if (window.kms && window.kms.combobox) document.querySelectorAll("[data-related-chooser]").forEach(setUp);
})();
