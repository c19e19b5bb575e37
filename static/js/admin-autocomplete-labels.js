/* Select2 names its box after the chosen person, so an empty box has no name for a screen
   reader: give each box its field's label (a name on the referenced element wins). Registered
   after autocomplete.js's own ready handler, so it runs once the boxes exist. A file, not an
   inline script, so the Content-Security-Policy can refuse every inline script. */
django.jQuery(function () {
  document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var box = document.getElementById("select2-" + select.id + "-container");
    if (label && box) box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, ""));
  });
});
