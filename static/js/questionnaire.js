/* Respondent pages. Optional: everything works without it. Sends a form once, and keeps
   unsent choices in localStorage so a lost page (back button, crash) can be filled again;
   what the server pre-fills always wins. */
(function () {
  'use strict';
  var d = document, ls = window.localStorage;
  var summary = d.getElementById('error-summary');
  if (summary) summary.focus();
  var done = d.querySelector('[data-clear]');
  if (done) {
    try {
      for (var i = ls.length - 1; i >= 0; i--) {
        if (ls.key(i).indexOf(done.dataset.clear) === 0) ls.removeItem(ls.key(i));
      }
    } catch (e) {}
    return;
  }
  var form = d.querySelector('form[data-draft]');
  if (!form) return;
  var key = form.dataset.draft, saved = {}, sent = false;
  try { saved = JSON.parse(ls.getItem(key)) || {}; } catch (e) {}
  Object.keys(saved).forEach(function (name) {
    var field = form.elements[name];
    if (field && field.value === '') field.value = saved[name];
  });
  function keep(e) {
    var t = e.target;
    if (!t.name || t.type === 'checkbox' || t.type === 'hidden') return;
    saved[t.name] = t.value;
    try { ls.setItem(key, JSON.stringify(saved)); } catch (err) {}
  }
  form.addEventListener('change', keep);
  form.addEventListener('input', keep);
  form.addEventListener('submit', function (e) {
    if (sent) { e.preventDefault(); return; }
    sent = true;
    // Later, so the pressed button's name/value is still part of this submission.
    setTimeout(function () {
      form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    }, 0);
  });
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    sent = false;
    form.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
  });
})();
