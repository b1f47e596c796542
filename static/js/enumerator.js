/* Enumerator interview mode: works offline once opened. Sections are shown one at a time;
   a finished interview is saved to the device queue (queue.js) and synced when the network is
   there, by this page and by the service worker's background sync. */
(function () {
  'use strict';
  /* Both enumerator pages (the study list /e/ and an interview) register the service worker and
     keep themselves, and the interviews they link to, for offline use: they were loaded before
     the service worker could see them. */
  var shell = document.querySelector('[data-worker]');
  if (shell && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register(shell.dataset.worker, {scope: shell.dataset.scope}).catch(function () {});
  }
  if (shell && window.caches && navigator.onLine) {
    var keep = [location.pathname].concat(Array.prototype.map.call(
      document.querySelectorAll('a[data-offline]'), function (a) { return a.pathname; }));
    caches.open('survey-pages').then(function (cache) { return cache.addAll(keep); }).catch(function () {});
  }
  var root = document.getElementById('enumerator');
  if (!root) return;
  var study = root.dataset.study, endpoint = root.dataset.endpoint, T = JSON.parse(root.dataset.text);
  var form = document.getElementById('interview'), steps = form.querySelectorAll('.step');
  var home = document.getElementById('home'), status = document.getElementById('sync-status');
  var list = document.getElementById('waiting-list'), current = 0, startedAt = null;
  var DRAFT = 'draft:' + study;  // the interview in progress, saved on every change

  SurveyQueue.setMeta('csrf', root.dataset.csrf);
  var ready = Promise.resolve();
  if (root.dataset.counters && navigator.onLine) {  // a cached copy of the page has stale counts
    var server = JSON.parse(root.dataset.counters);
    ready = SurveyQueue.setMeta('counters:' + study, {total: server.total, today: server.today, day: new Date().toISOString().slice(0, 10)});
  }
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist();

  /* Draft: every answer is written to IndexedDB as it is given, so a reload, a crash or a flat
     battery loses nothing; the draft is restored at the section where it was left. */
  function saveDraft() {
    if (form.hidden) return Promise.resolve();
    var fields = [];
    form.querySelectorAll('input[name], textarea[name], select[name]').forEach(function (el) {
      if (el.type === 'radio' || el.type === 'checkbox') { if (el.checked) fields.push([el.name, el.value]); }
      else if (el.value !== '') fields.push([el.name, el.value]);
    });
    return SurveyQueue.setMeta(DRAFT, {started_at: startedAt, step: current, fields: fields,
                                       saved_at: new Date().toISOString()});
  }
  function dropDraft() { return SurveyQueue.setMeta(DRAFT, null); }
  function restore(draft) {
    form.reset(); startedAt = draft.started_at;
    draft.fields.forEach(function (field) {
      form.querySelectorAll('[name="' + field[0].replace(/["\\]/g, '\\$&') + '"]').forEach(function (el) {
        if (el.type === 'radio' || el.type === 'checkbox') el.checked = el.value === field[1];
        else el.value = field[1];
      });
    });
    home.hidden = true; form.hidden = false;
    document.getElementById('restored').hidden = false;
    show(Math.min(draft.step || 0, steps.length - 1));
  }

  function show(index) {
    current = index;
    steps.forEach(function (step, i) { step.hidden = i !== index; });
    form.querySelector('[data-action=back]').hidden = index === 0;
    form.querySelector('[data-action=next]').hidden = index === steps.length - 1;
    form.querySelector('[type=submit]').hidden = index !== steps.length - 1;
    document.getElementById('progress').textContent = T.part.replace('{n}', index + 1).replace('{total}', steps.length);
    window.scrollTo(0, 0);
    saveDraft();
  }

  function stepIsComplete(step) {
    var ok = true;
    step.querySelectorAll('[data-required]').forEach(function (field) {
      var inputs = field.querySelectorAll('input, select, textarea'), answered = false;
      inputs.forEach(function (input) {
        if ((input.type === 'radio' || input.type === 'checkbox') ? input.checked : input.value.trim() !== '') answered = true;
      });
      if (answered && !Array.prototype.every.call(inputs, function (i) { return i.checkValidity(); })) answered = false;
      var message = field.querySelector('.error');
      message.textContent = answered ? '' : T.required;
      message.hidden = answered;
      if (!answered && ok) { ok = false; (inputs[0] || field).focus(); }
    });
    return ok;
  }

  function payload() {
    var data = {uuid: newUuid(), answers: {}, demographics: {}, open_answers: {}, consent: false,
                started_at: startedAt, finished_at: new Date().toISOString(), channel: 'enumerator'};
    new FormData(form).forEach(function (value, name) {
      var parts = name.split(':');
      if (name === 'consent') data.consent = true;
      // "item:TAN-01" or, for a paired study, "item:TAN-01:importance" (the API's sided key)
      else if (parts[0] === 'item') data.answers[name.slice(5)] = parseInt(value, 10);
      else if (parts[0] === 'demo' && value !== '') data.demographics[parts[1]] = value;
      else if (parts[0] === 'open' && value.trim() !== '') data.open_answers[parts[1]] = value;
    });
    return data;
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function refresh() {
    return SurveyQueue.snapshot(study).then(function (r) {
      var records = r[0], c = r[1] || {total: 0, today: 0}, waiting = records.length;
      var today = new Date().toISOString().slice(0, 10);
      var localToday = records.filter(function (x) { return x.saved_at.slice(0, 10) === today; }).length;
      document.getElementById('count-today').textContent = (c.day === today ? c.today : 0) + localToday;
      document.getElementById('count-total').textContent = c.total + waiting;
      document.getElementById('count-waiting').textContent = waiting;
      status.textContent = waiting ? T.waiting.replace('{n}', waiting) : T.synced;
      status.className = 'sync-status ' + (waiting ? 'waiting' : 'done');
      list.innerHTML = '';
      records.forEach(function (record) {
        var li = document.createElement('li');
        li.textContent = record.saved_at.replace('T', ' ').slice(0, 16) + ' — ' +
          (record.status === 'pending' ? T.pending : record.status === 'conflict' ? T.conflict : T.refused) +
          (record.message && record.status !== 'pending' ? ': ' + record.message : '');
        li.className = record.status;
        list.appendChild(li);
      });
      return waiting;
    });
  }

  function syncNow() {
    if (!navigator.onLine) { refresh(); return Promise.resolve(); }
    status.textContent = T.syncing;
    return SurveyQueue.sync(study).then(function (outcome) {
      return refresh().then(function () {
        if (outcome.login) status.textContent = T.login;
        else if (outcome.offline) status.textContent = T.offline + ' ' + status.textContent;
      });
    });
  }

  document.getElementById('start').addEventListener('click', function () {
    form.reset(); startedAt = new Date().toISOString();
    document.getElementById('restored').hidden = true;
    home.hidden = true; form.hidden = false; show(0);
  });
  form.addEventListener('click', function (event) {
    var action = event.target.dataset && event.target.dataset.action;
    if (action === 'next' && stepIsComplete(steps[current])) show(current + 1);
    if (action === 'back') show(Math.max(current - 1, 0));
    if (action === 'cancel' && window.confirm(T.cancel)) { form.hidden = true; home.hidden = false; dropDraft(); }
  });
  form.addEventListener('input', saveDraft);
  form.addEventListener('change', saveDraft);
  form.addEventListener('submit', function (event) {
    event.preventDefault();  // also reached by Enter in a text field, from any section
    for (var i = 0; i < steps.length; i++) {
      if (!stepIsComplete(steps[i])) { show(i); stepIsComplete(steps[i]); return; }
    }
    var data = payload();
    var button = form.querySelector('[type=submit]');
    button.disabled = true;
    SurveyQueue.put({uuid: data.uuid, study: study, url: endpoint, payload: data, status: 'pending',
                     saved_at: data.finished_at}).then(dropDraft).then(function () {
      form.hidden = true; home.hidden = false; button.disabled = false;
      document.getElementById('saved').hidden = false;
      if (navigator.serviceWorker && navigator.serviceWorker.ready && 'SyncManager' in window) {
        navigator.serviceWorker.ready.then(function (reg) { return reg.sync.register('survey-sync'); }).catch(function () {});
      }
      return refresh().then(syncNow);
    });
  });
  document.getElementById('sync-now').addEventListener('click', syncNow);
  document.getElementById('export').addEventListener('click', function () {
    SurveyQueue.all(study).then(function (records) {
      var blob = new Blob([JSON.stringify(records.map(function (r) { return r.payload; }), null, 1)], {type: 'application/json'});
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = study + '-belum-sinkron-' + new Date().toISOString().slice(0, 10) + '.json';
      document.body.appendChild(link); link.click(); link.remove();
      SurveyQueue.setMeta('exported:' + study, records.length);
    });
  });
  /* Logging out with records waiting is refused until they are synced or exported. */
  document.querySelectorAll('form[data-logout]').forEach(function (logout) {
    logout.addEventListener('submit', function (event) {
      event.preventDefault();
      Promise.all([SurveyQueue.all(), SurveyQueue.getMeta('exported:' + study)]).then(function (r) {
        var waiting = r[0].length;
        if (waiting && r[1] !== waiting) { window.alert(T.logout.replace('{n}', waiting)); return; }
        logout.submit();
      });
    });
  });
  window.addEventListener('online', syncNow);
  window.addEventListener('offline', refresh);
  setInterval(syncNow, 60000);
  ready.then(function () { return SurveyQueue.getMeta(DRAFT); }).then(function (draft) {
    if (draft && draft.fields) restore(draft);
  }).catch(function () {}).then(refresh).then(syncNow);
})();
