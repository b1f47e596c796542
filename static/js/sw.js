/* Service worker for enumerator mode: keeps the app shell and opened questionnaires available
   offline and syncs the queue in the background (Background Sync where the browser has it). */
'use strict';
importScripts('/static/js/queue.js');
var CACHE = 'survey-shell-v4';  // bump to replace the shell (v4: paired statements in enumerator.js, app.css)
var PAGES = 'survey-pages';       // opened questionnaires; kept across shell versions
var SHELL = ['/static/css/app.css', '/static/js/queue.js', '/static/js/enumerator.js'];

self.addEventListener('install', function (event) {
  /* The study list (/e/, the page after login) is kept too, so the device opens offline on it. */
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .then(function () { return caches.open(PAGES); })
    .then(function (pages) { return pages.add('/e/').catch(function () {}); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE && k !== PAGES; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Pages: network first, cached copy when offline. Static files: cache first. API: never cached. */
self.addEventListener('fetch', function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) return;
  if (url.pathname.indexOf('/static/') === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        return response;
      });
    }));
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      return hit || Promise.resolve().then(function () {
        // A page never opened online: say so in words, with the way back to the study list.
        return new Response('<!doctype html><meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<link rel="stylesheet" href="/static/css/app.css"><main class="wrap"><h1>Tidak ada jaringan</h1>' +
          '<p>Halaman ini belum pernah dibuka di perangkat ini saat online. Buka <a href="/e/">daftar studi</a> ' +
          'atau sambungkan perangkat ke jaringan.</p></main>',
          {status: 503, headers: {'Content-Type': 'text/html; charset=utf-8'}});
      });
    });
  }));
});

self.addEventListener('sync', function (event) {
  // A rejected promise makes the browser retry later, as it should while offline.
  if (event.tag === 'survey-sync') event.waitUntil(SurveyQueue.sync().then(function (outcome) {
    if (outcome.offline) throw new Error('offline: retry later');
  }));
});
