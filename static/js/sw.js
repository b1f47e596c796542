/* Service worker for enumerator mode: keeps the app shell and opened questionnaires available
   offline and syncs the queue in the background (Background Sync where the browser has it). */
'use strict';
importScripts('/static/js/queue.js');
var CACHE = 'survey-shell-v1';  // bump to replace the shell
var PAGES = 'survey-pages';       // opened questionnaires; kept across shell versions
var SHELL = ['/static/css/app.css', '/static/js/queue.js', '/static/js/enumerator.js'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
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
      return hit || new Response('<p>Offline: halaman ini belum pernah dibuka di perangkat ini.</p>',
        {status: 503, headers: {'Content-Type': 'text/html; charset=utf-8'}});
    });
  }));
});

self.addEventListener('sync', function (event) {
  // A rejected promise makes the browser retry later, as it should while offline.
  if (event.tag === 'survey-sync') event.waitUntil(SurveyQueue.sync().then(function (outcome) {
    if (outcome.offline) throw new Error('offline: retry later');
  }));
});
