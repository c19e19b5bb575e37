/* Times in the secretariat's admin.
   - Django's date and clock shortcuts add "Note: You are N hours behind server time." to every
     date and time field. Dates have no time zone, and meeting times are entered in the meeting's
     own zone (the field says so), so the note is wrong on both: it is removed.
   - "Now" and "Today" are the time in the zone the page's times are read in (data-admin-utc-offset,
     the meeting's zone on meeting and session pages). On the meeting form that zone is the one
     chosen in the time-zone picker, so the offset follows the picker.
   - The picker (select.admin-time-zone) is made searchable with the admin's own Select2.
   A file, not an inline script: the Content-Security-Policy refuses inline scripts. */
(function () {
  "use strict";

  function offsetSeconds(zone) {
    // "GMT+08:00" / "GMT-03:30" / "GMT" for the zone, now.
    try {
      var parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
        .formatToParts(new Date());
      var name = parts.filter(function (p) { return p.type === "timeZoneName"; })[0].value;
      var match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
      if (!match) return 0;
      var seconds = parseInt(match[2], 10) * 3600 + parseInt(match[3], 10) * 60;
      return match[1] === "-" ? -seconds : seconds;
    } catch (error) {
      return null;
    }
  }

  function followPicker(select) {
    var seconds = offsetSeconds(select.value);
    if (seconds !== null) document.body.dataset.adminUtcOffset = String(seconds);
  }

  function removeServerTimeNotes() {
    document.querySelectorAll(".timezonewarning").forEach(function (note) { note.remove(); });
  }

  window.addEventListener("load", function () {
    // After DateTimeShortcuts' own load handler, which adds the notes.
    window.setTimeout(removeServerTimeNotes, 0);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select.admin-time-zone").forEach(function (select) {
      followPicker(select);
      if (window.django && django.jQuery && django.jQuery.fn.select2) {
        var $select = django.jQuery(select);
        $select.select2({ width: "style" });
        $select.on("change", function () { followPicker(select); });
        var label = document.querySelector('label[for="' + select.id + '"]');
        var box = document.getElementById("select2-" + select.id + "-container");
        if (label && box) {
          var name = label.textContent.replace(/:\s*$/, "");
          var combo = box.closest(".select2-selection");
          if (combo) combo.setAttribute("aria-label", name);
        }
      } else {
        select.addEventListener("change", function () { followPicker(select); });
      }
    });
  });
})();
