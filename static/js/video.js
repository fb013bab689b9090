/* Videos: the outside player is loaded only after the reader presses play. Included by each video block;
   the listener is installed once. */
(function () {
  if (window.kmsVideoPlayer) return;
  window.kmsVideoPlayer = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-video-play]");
    if (!link) return;
    var figure = link.closest("figure.video");
    var src = figure && figure.getAttribute("data-embed");
    if (!src) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = figure.querySelector("figcaption").textContent;
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.width = 640;
    frame.height = 360;
    figure.querySelector(".video-frame").replaceChildren(frame);
  });
})();
