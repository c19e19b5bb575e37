/* Standards Tracker — a little progressive enhancement; every page works without it. */
(function () {
  "use strict";

  function readerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return null;
    }
  }

  /* The page's language, not the browser's: a French page gives the reader's time in French.
     The server names the CLDR locale it writes dates in (English the British way). */
  function pageLocale() {
    var root = document.documentElement;
    return root.getAttribute("data-date-locale") || root.lang || undefined;
  }

  function formatter(withDate, zone) {
    var options = { hour: "2-digit", minute: "2-digit", timeZoneName: "short", hour12: false };
    if (withDate) {
      options.weekday = "short";
      options.day = "numeric";
      options.month = "long";
    }
    if (zone) options.timeZone = zone;
    try {
      return new Intl.DateTimeFormat(pageLocale(), options);
    } catch (e) {
      return new Intl.DateTimeFormat(undefined, options);
    }
  }

  function sameDay(a, b) {
    return a.toDateString() === b.toDateString();
  }

  /* Meeting times are printed in the meeting's own time zone (the server cannot know the
     reader's). Beside them, give the reader's local time when their zone shows another clock. */
  function showLocalTimes() {
    if (!readerZone()) return;

    document.querySelectorAll(".js-local-range[data-start]").forEach(function (el) {
      var start = new Date(el.getAttribute("data-start"));
      var end = new Date(el.getAttribute("data-end"));
      var zone = el.getAttribute("data-zone");
      if (!zone || isNaN(start.getTime()) || isNaN(end.getTime())) return;
      var withDate = Boolean(el.getAttribute("data-with-date"));
      // A session listed by its hours alone still needs a date when, for the reader, it falls
      // on another day than in the meeting's zone.
      var day = { year: "numeric", month: "numeric", day: "numeric" };
      var theirDay = new Intl.DateTimeFormat("en", Object.assign({ timeZone: zone }, day));
      if (theirDay.format(start) !== new Intl.DateTimeFormat("en", day).format(start)) {
        withDate = true;
      }
      var theirs = formatter(withDate, zone).format(start);
      var mineStart = formatter(withDate).format(start);
      if (mineStart === theirs) return;
      // The sentence comes translated from the page ("Your time: %(time)s").
      var label = el.getAttribute("data-label") || "%(time)s";
      // A deadline's cut-off is one instant, not a range.
      var mine = mineStart;
      if (start.getTime() !== end.getTime()) {
        mine += " – " + formatter(withDate && !sameDay(start, end)).format(end);
      }
      el.textContent = label.replace("%(time)s", mine);
      el.hidden = false;
    });
  }

  /* A table that scrolls sideways is a keyboard stop only while it overflows; otherwise its
     focus stop would be noise. */
  function tameScrollRegions() {
    document.querySelectorAll(".table-scroll[role=region]").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }

  /* With a study group chosen, its column is what the reader came for: on a narrow screen,
     scroll it into view beside the pinned deliverable column instead of leaving it off-screen. */
  function revealChosenColumn() {
    document.querySelectorAll(".matrix-scroll").forEach(function (region) {
      var chosen = region.querySelector("thead th.is-chosen");
      if (!chosen || region.scrollWidth <= region.clientWidth + 1) return;
      var pinned = region.querySelector("thead th");
      var pinnedWidth = pinned ? pinned.getBoundingClientRect().width : 0;
      var box = region.getBoundingClientRect();
      var cell = chosen.getBoundingClientRect();
      if (getComputedStyle(region).direction === "rtl") {
        // Right to left, the pinned column is on the right and scrollLeft runs from 0 down.
        var fromRight = box.right - cell.right;
        region.scrollLeft = Math.min(0, region.scrollLeft - (fromRight - pinnedWidth - 8));
        return;
      }
      var left = cell.left - box.left;
      region.scrollLeft = Math.max(0, region.scrollLeft + left - pinnedWidth - 8);
    });
  }

  /* On a phone, a long filter form would push the results out of sight: fold it (its summary
     opens it again) unless a filter is in use. */
  function foldFiltersOnPhones() {
    if (!window.matchMedia("(max-width: 40rem)").matches) return;
    document.querySelectorAll("details.filters[open]:not([data-in-use])").forEach(function (el) {
      el.open = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldFiltersOnPhones();
    showLocalTimes();
    tameScrollRegions();
    revealChosenColumn();
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(tameScrollRegions, 150);
    });
  });
})();
