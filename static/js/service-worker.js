/* Hearth's service worker: shows on-call alerts that arrive by Web Push and
   opens the moderation queue when one is tapped. It caches nothing. The
   alert's words come from the server and are discreet by design: a lock
   screen is seen by others. */
"use strict";

var FALLBACK = {
  title: "Hearth: an urgent item is waiting",
  body: "An urgent item is waiting in the moderation queue.",
  url: "/moderation",
  tag: "hearth-urgent"
};

self.addEventListener("push", function (event) {
  var alert = FALLBACK;
  try {
    alert = Object.assign({}, FALLBACK, event.data ? event.data.json() : {});
  } catch (error) { /* keep the fallback words */ }
  event.waitUntil(self.registration.showNotification(alert.title, {
    body: alert.body,
    tag: alert.tag,
    renotify: true,
    requireInteraction: true,
    icon: "/static/favicon.svg",
    data: { url: alert.url }
  }));
});

/* Only ever a page of this site. */
function sameSitePage(path) {
  var url = new URL(path || FALLBACK.url, self.location.origin);
  return url.origin === self.location.origin ? url.href : new URL(FALLBACK.url, self.location.origin).href;
}

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = sameSitePage(event.notification.data && event.notification.data.url);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    for (var i = 0; i < windows.length; i += 1) {
      if (windows[i].url === target && "focus" in windows[i]) { return windows[i].focus(); }
    }
    return self.clients.openWindow(target);
  }));
});
