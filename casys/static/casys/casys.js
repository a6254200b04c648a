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

// A job page (casys.jobs) follows its job without reload: it asks the job's JSON endpoint every
// second until the job has finished, and moves the progress bar, the counts and the state.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-job-poll]");
  if (!box) return;
  const part = (name) => box.querySelector(`[data-job-${name}]`);
  const show = (job) => {
    part("bar").value = job.percent;
    part("bar").textContent = `${job.percent} %`;
    part("percent").textContent = `${job.percent} %`;
    part("count").textContent = `${job.done} / ${job.total}`;
    part("state").textContent = job.state_label;
    if (job.error) {
      part("error").textContent = job.error;
      part("error").hidden = false;
    }
    if (job.error_report) part("report").hidden = false;
    if (job.output) part("output").hidden = false;
    const result = part("result");
    if (job.finished && job.result && Object.keys(job.result).length) {
      result.replaceChildren();
      for (const [key, value] of Object.entries(job.result)) {
        const dt = document.createElement("dt");
        dt.textContent = key;
        const dd = document.createElement("dd");
        dd.textContent = String(value);
        result.append(dt, dd);
      }
      result.hidden = false;
    }
  };
  const poll = async () => {
    try {
      const answer = await fetch(box.dataset.jobPoll, { headers: { Accept: "application/json" } });
      // signed out or gone (4xx): stop; a server error (5xx, e.g. a database locked for a moment)
      // is passing: ask again on the next tick
      if (answer.status >= 400 && answer.status < 500) return;
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      const job = await answer.json();
      show(job);
      if (job.finished) return;
    } catch (error) {
      // a dropped connection or a server error: try again on the next tick
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 500);
});
