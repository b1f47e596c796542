/* Offline queue of finished interviews in IndexedDB, shared by the enumerator page and the
   service worker (importScripts). A record leaves the device only after the server acknowledged
   it (201 created or 200 already stored); a 409 conflict or a refused record stays, marked. */
var SurveyQueue = (function () {
  'use strict';
  var DB_NAME = 'survey-offline', VERSION = 1;

  function promisify(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function open() {
    var request = indexedDB.open(DB_NAME, VERSION);
    request.onupgradeneeded = function () {
      var db = request.result;
      if (!db.objectStoreNames.contains('records')) db.createObjectStore('records', {keyPath: 'uuid'});
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    return promisify(request);
  }

  function withStore(name, mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode), result;
        promisify(action(tx.objectStore(name))).then(function (value) { result = value; });
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(record) { return withStore('records', 'readwrite', function (s) { return s.put(record); }); }
  function remove(uuid) { return withStore('records', 'readwrite', function (s) { return s.delete(uuid); }); }
  function all(study) {
    return withStore('records', 'readonly', function (s) { return s.getAll(); }).then(function (rows) {
      return rows.filter(function (r) { return !study || r.study === study; })
        .sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
    });
  }
  function getMeta(key) { return withStore('meta', 'readonly', function (s) { return s.get(key); }); }
  function setMeta(key, value) { return withStore('meta', 'readwrite', function (s) { return s.put(value, key); }); }

  /* Send every waiting record once; stops at the first network failure (retried later). */
  function sync(study) {
    var outcome = {sent: 0, conflicts: 0, refused: 0, offline: false, login: false};
    return Promise.all([all(study), getMeta('csrf')]).then(function (loaded) {
      var records = loaded[0].filter(function (r) { return r.status === 'pending'; });
      var token = loaded[1] || '';
      return records.reduce(function (chain, record) {
        return chain.then(function () {
          if (outcome.offline || outcome.login) return;
          return fetch(record.url, {
            method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token, 'Accept': 'application/json'},
            body: JSON.stringify(record.payload)
          }).then(function (response) {
            if (response.status === 201 || response.status === 200) {
              outcome.sent += 1;
              /* Only 201 counts: 200 means "already stored", e.g. the page and the service worker's
                 background sync sent the same record at once (counting both showed 2 for 1). */
              return acknowledge(record, response.status === 201);
            }
            if (response.status === 401 || response.status === 403) { outcome.login = true; return; }
            // 503 (database down, Retry-After), 429 (rate limit) and other 5xx: keep the record, retry later
            if (response.status >= 500 || response.status === 429) { outcome.offline = true; return; }
            return response.json().catch(function () { return {}; }).then(function (body) {
              if (body.error === 'CSRF') { outcome.login = true; return; }  // stale session: reopen online
              record.status = response.status === 409 ? 'conflict' : 'refused';
              record.message = body.message || ('HTTP ' + response.status);
              record.errors = body.errors || null;
              if (record.status === 'conflict') outcome.conflicts += 1; else outcome.refused += 1;
              return put(record);
            });
          }, function () { outcome.offline = true; });
        });
      }, Promise.resolve());
    }).then(function () { return outcome; });
  }

  /* Remove an acknowledged record and, when it is new on the server, count it: one transaction
     over both stores, so a page reading the queue and the counters between the two steps (while
     the service worker syncs) never sees the record neither waiting nor counted. */
  function acknowledge(record, counted) {
    var day = new Date().toISOString().slice(0, 10), key = 'counters:' + record.study;
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(['records', 'meta'], 'readwrite');
        tx.objectStore('records').delete(record.uuid);
        if (counted) {
          var meta = tx.objectStore('meta'), read = meta.get(key);
          read.onsuccess = function () {
            var c = read.result || {total: 0, day: day, today: 0};
            if (c.day !== day) { c.day = day; c.today = 0; }
            c.total += 1; c.today += 1;
            meta.put(c, key);
          };
        }
        tx.oncomplete = function () { db.close(); resolve(); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  /* The study's waiting records and its counters, read in one transaction (see acknowledge). */
  function snapshot(study) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(['records', 'meta'], 'readonly'), rows, counters;
        var r1 = tx.objectStore('records').getAll(), r2 = tx.objectStore('meta').get('counters:' + study);
        r1.onsuccess = function () { rows = r1.result; };
        r2.onsuccess = function () { counters = r2.result; };
        tx.oncomplete = function () {
          db.close();
          resolve([rows.filter(function (r) { return r.study === study; })
                     .sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; }), counters]);
        };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  return {snapshot: snapshot, put: put, remove: remove, all: all, sync: sync, getMeta: getMeta, setMeta: setMeta};
})();
