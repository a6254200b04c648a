// casys pages work without JavaScript; this file only adds conveniences, and is a file (not inline
// script) so the Content-Security-Policy can forbid inline script altogether.
// A <select data-autosubmit> submits its form when its value changes (the language switcher).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
