/* Accessible names for what the admin's widgets draw in the browser (axe, WCAG 2.2 A/AA and
   best practice, on every add and change page):
   - Select2 boxes (autocomplete fields, the time-zone picker): the combobox, its rendered
     value and its inline search field get their field's label;
   - the "×" Select2 puts inside its list of chosen values is moved beside the list (a <ul> may
     only hold <li>);
   - the two inputs of a split date-time field are named "<label> — date" / "— time";
   - the filter-horizontal search icons (an aria-label on a plain <span>) become images.
   Run once the page's own scripts have drawn the widgets, and again for each inline row added.
   A file, not an inline script: the Content-Security-Policy refuses inline scripts. */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").replace(/[:?]\s*$/, "").trim() : "";
  }

  function fieldName(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label && text(label)) return text(label);
    // A tabular inline row: the column's header names the field.
    var cell = select.closest("td");
    if (cell) {
      var column = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
      var table = cell.closest("table");
      var header = column && table && table.querySelector("thead th.column-" + column.slice(6));
      if (header && text(header)) return text(header);
    }
    var row = select.closest(".form-row, .fieldBox");
    return text(row && row.querySelector("label")) || select.name || "";
  }

  function keepListsOfItems(list) {
    Array.prototype.slice.call(list.children).forEach(function (child) {
      if (child.tagName !== "LI" && child.tagName !== "SCRIPT" && child.tagName !== "TEMPLATE") {
        list.parentNode.insertBefore(child, list);
      }
    });
  }

  function nameSelect2(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) return;
    var name = fieldName(select);
    if (!name) return;
    var combo = container.querySelector(".select2-selection");
    if (combo) combo.setAttribute("aria-label", name);
    var rendered = container.querySelector(".select2-selection__rendered");
    if (rendered && rendered.getAttribute("role") === "textbox") rendered.setAttribute("aria-label", name);
    var search = container.querySelector(".select2-search__field");
    if (search) search.setAttribute("aria-label", name);
    if (rendered && rendered.tagName === "UL") {
      keepListsOfItems(rendered);
      if (!rendered.dataset.a11yWatched) {
        rendered.dataset.a11yWatched = "1";
        new MutationObserver(function () {
          keepListsOfItems(rendered);
          var field = rendered.querySelector(".select2-search__field");
          if (field) field.setAttribute("aria-label", name);
        }).observe(rendered, { childList: true, subtree: true });
      }
    }
  }

  function nameSplitDateTimes(root) {
    root.querySelectorAll("p.datetime").forEach(function (group) {
      var inputs = group.querySelectorAll("input");
      if (inputs.length !== 2) return;
      var base = inputs[0].id.replace(/_0$/, "");
      var label = document.querySelector('label[for="' + inputs[0].id + '"], label[for="' + base + '"]');
      var name = text(label) || fieldName(inputs[0]);
      if (!inputs[0].labels || !inputs[0].labels.length) inputs[0].setAttribute("aria-label", name + " — date");
      inputs[1].setAttribute("aria-label", name + " — time");
    });
  }

  function fixIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function run() {
    document.querySelectorAll("select.select2-hidden-accessible").forEach(nameSelect2);
    nameSplitDateTimes(document);
    fixIcons(document);
  }

  window.addEventListener("load", function () { window.setTimeout(run, 0); });
  document.addEventListener("formset:added", function () { window.setTimeout(run, 0); });
})();
