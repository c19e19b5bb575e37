/* Standards Tracker — a little progressive enhancement; every page works without it. */
(function () {
  "use strict";

  /* Meeting times are printed in the meeting's own time zone. Beside each one, show the
     reader's local time when their zone differs (the server cannot know it). */
  function showLocalTimes() {
    var readerZone;
    try {
      readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    var times = document.querySelectorAll("time.js-local-time[datetime]");
    times.forEach(function (el) {
      var zone = el.getAttribute("data-zone");
      var when = new Date(el.getAttribute("datetime"));
      if (!zone || isNaN(when.getTime())) return;
      var options = { hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
      if (el.getAttribute("data-with-date")) {
        options.weekday = "short";
        options.day = "numeric";
        options.month = "long";
      }
      var mine = new Intl.DateTimeFormat(undefined, options).format(when);
      var theirs = new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: zone }, options)).format(when);
      if (mine === theirs) return;
      var note = document.createElement("span");
      note.className = "local-time";
      note.textContent = " (" + mine + " your time)";
      el.insertAdjacentElement("afterend", note);
    });
  }

  /* A table that scrolls sideways says so to keyboard and screen-reader users only when it
     actually overflows; otherwise its focus stop would be noise. */
  function tameScrollRegions() {
    document.querySelectorAll(".table-scroll[role=region]").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showLocalTimes();
    tameScrollRegions();
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(tameScrollRegions, 150);
    });
  });
})();
