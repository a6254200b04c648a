// casys pages work without JavaScript; this file only adds conveniences, and is a file (not inline
// script) so the Content-Security-Policy can forbid inline script altogether.
// A <select data-autosubmit> submits its form when its value changes (the language switcher).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});

// Colours that are data (a body's document template preview): set through the CSSOM, which the
// Content-Security-Policy allows, instead of inline style attributes, which it forbids.
document.addEventListener("DOMContentLoaded", () => {
  const hex = /^#[0-9a-fA-F]{6}$/;
  for (const el of document.querySelectorAll("[data-colour]")) {
    if (hex.test(el.dataset.colour)) el.style.color = el.dataset.colour;
  }
  for (const el of document.querySelectorAll("[data-border-colour]")) {
    if (hex.test(el.dataset.borderColour)) el.style.borderBottomColor = el.dataset.borderColour;
  }
});
