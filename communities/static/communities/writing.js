/* Writing member posts: under each Markdown box (a textarea marked data-markdown), a toolbar that writes
   the Markdown for bold, italics, headings, lists, quotes, links and mentions; a live preview, asked of
   the server so it is the very HTML the page will show; and, after "@", the community's members to
   mention (arrow keys, Enter or Tab to choose, Escape to close). Without this script the box is a plain
   textarea and the form's Preview button shows the same preview. Loaded with defer on community pages;
   it writes no inline style or script (the site's Content-Security-Policy forbids them). */
(function () {
  "use strict";
  var PREVIEW_DELAY_MS = 400;
  var MENTION_DELAY_MS = 150;
  var MENTION_AT = /(^|[\s(])@\[?([^\s@\[\]][^@\[\]\n]{0,40})$/;

  function csrfToken(box) {
    var field = box.form && box.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function replaceSelection(box, before, after, placeholder) {
    var start = box.selectionStart, end = box.selectionEnd;
    var chosen = box.value.slice(start, end) || placeholder || "";
    box.setRangeText(before + chosen + after, start, end, "end");
    box.setSelectionRange(start + before.length, start + before.length + chosen.length);
  }

  function prefixLines(box, prefix) {
    var value = box.value, start = box.selectionStart, end = box.selectionEnd;
    var lineStart = value.lastIndexOf("\n", start - 1) + 1;
    var lines = value.slice(lineStart, end).split("\n");
    var text = lines.map(function (line, index) {
      return (typeof prefix === "function" ? prefix(index) : prefix) + line;
    }).join("\n");
    box.setRangeText(text, lineStart, end, "end");
  }

  var actions = {
    bold: function (box) { replaceSelection(box, "**", "**"); },
    italic: function (box) { replaceSelection(box, "_", "_"); },
    heading: function (box) { prefixLines(box, "### "); },
    list: function (box) { prefixLines(box, "- "); },
    numbered: function (box) { prefixLines(box, function (index) { return (index + 1) + ". "; }); },
    quote: function (box) { prefixLines(box, "> "); },
    link: function (box, button) { replaceSelection(box, "[", "](https://)", button.getAttribute("data-md-text")); },
    mention: function (box) { replaceSelection(box, (box.selectionStart && !/\s/.test(box.value[box.selectionStart - 1]) ? " @" : "@"), ""); }
  };

  function setUp(holder) {
    var box = holder.querySelector("textarea[data-markdown]");
    if (!box) return;
    var toolbar = holder.querySelector(".writing-toolbar");
    var preview = holder.querySelector(".writing-preview");
    var previewBody = preview.querySelector(".post-body");
    var mentionBox = holder.querySelector(".writing-mentions");
    var mentionList = mentionBox.querySelector("ul");
    var previewUrl = box.getAttribute("data-preview-url");
    var mentionsUrl = box.getAttribute("data-mentions-url");
    var previewTimer = null, previewRequest = null, shown = null;
    var mentionTimer = null, mentionRequest = null, found = [], active = -1;

    toolbar.hidden = false;
    if (!mentionsUrl) toolbar.querySelector("[data-md=mention]").hidden = true;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-md]");
      if (!button) return;
      box.focus();
      actions[button.getAttribute("data-md")](box, button);
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });

    function showPreview() {
      if (!previewUrl) return;
      var text = box.value;
      if (text === shown) return;
      if (previewRequest) previewRequest.abort();
      previewRequest = new AbortController();
      var body = new FormData();
      body.append("text", text);
      fetch(previewUrl, {
        method: "POST",
        body: body,
        signal: previewRequest.signal,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(box), Accept: "application/json" }
      })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          shown = text;
          preview.hidden = !text.trim();
          if (answer.error) previewBody.textContent = answer.error;
          else previewBody.innerHTML = answer.html;  // cleaned by the server's one allow-list
        })
        .catch(function () { /* aborted or offline: the Preview button still works */ });
    }

    function closeMentions() {
      mentionBox.hidden = true;
      mentionList.replaceChildren();
      found = [];
      active = -1;
      box.removeAttribute("aria-activedescendant");
      box.setAttribute("aria-expanded", "false");
    }

    function mentionQuery() {
      var before = box.value.slice(0, box.selectionStart);
      var match = MENTION_AT.exec(before);
      return match ? { text: match[2], start: before.length - match[0].length + match[1].length } : null;
    }

    function chooseMention(index) {
      var options = mentionList.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      options[index].setAttribute("aria-selected", "true");
      box.setAttribute("aria-activedescendant", options[index].id);
    }

    function insertMention(index) {
      var query = mentionQuery();
      if (!query || !found[index]) return closeMentions();
      box.setRangeText(found[index].insert + " ", query.start, box.selectionStart, "end");
      closeMentions();
      box.focus();
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function askMembers() {
      var query = mentionQuery();
      if (!mentionsUrl || !query) return closeMentions();
      if (mentionRequest) mentionRequest.abort();
      mentionRequest = new AbortController();
      fetch(mentionsUrl + "?q=" + encodeURIComponent(query.text), {
        signal: mentionRequest.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { members: [] }; })
        .then(function (answer) {
          found = answer.members || [];
          mentionList.replaceChildren();
          active = -1;
          if (!found.length) return closeMentions();
          found.forEach(function (member, index) {
            var option = document.createElement("li");
            option.id = box.id + "-member-" + index;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.dir = "auto";
            option.textContent = member.name;
            option.addEventListener("mousedown", function (event) { event.preventDefault(); });
            option.addEventListener("click", function () { insertMention(index); });
            mentionList.appendChild(option);
          });
          mentionBox.hidden = false;
          box.setAttribute("aria-expanded", "true");
          chooseMention(0);
        })
        .catch(function () { /* aborted or offline: @[name] typed by hand still mentions */ });
    }

    if (mentionsUrl) {
      box.setAttribute("aria-autocomplete", "list");
      box.setAttribute("aria-expanded", "false");
      mentionList.id = box.id + "-members";
      box.setAttribute("aria-controls", mentionList.id);
    }
    box.addEventListener("input", function () {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(showPreview, PREVIEW_DELAY_MS);
      clearTimeout(mentionTimer);
      mentionTimer = setTimeout(askMembers, MENTION_DELAY_MS);
    });
    box.addEventListener("keydown", function (event) {
      if (mentionBox.hidden || !found.length) return;
      if (event.key === "ArrowDown") chooseMention((active + 1) % found.length);
      else if (event.key === "ArrowUp") chooseMention(active <= 0 ? found.length - 1 : active - 1);
      else if (event.key === "Enter" || event.key === "Tab") insertMention(active);
      else if (event.key === "Escape") closeMentions();
      else return;
      event.preventDefault();
    });
    box.addEventListener("blur", function () { setTimeout(closeMentions, 150); });
  }

  document.querySelectorAll("[data-writing]").forEach(setUp);
})();
