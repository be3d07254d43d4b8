/* Turn on-call alerts on for this browser: ask permission, register Hearth's
   service worker, subscribe with the community's VAPID key and send the
   subscription to Hearth. Removing a device is a plain form and needs no script. */
(function () {
  "use strict";

  var setup = document.getElementById("push-setup");
  if (!setup) { return; }
  var button = document.getElementById("push-subscribe");
  var status = document.getElementById("push-status");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";

  function say(text) { status.textContent = text; }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("This browser can't receive alerts from Hearth. Email alerts still work.");
    return;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  /* A name to tell devices apart on this page, e.g. "Firefox on Android". */
  function deviceLabel() {
    var agent = navigator.userAgent;
    var browser = /Edg\//.test(agent) ? "Edge" : /Firefox\//.test(agent) ? "Firefox"
      : /Chrome\//.test(agent) ? "Chrome" : /Safari\//.test(agent) ? "Safari" : "A browser";
    var system = /Android/.test(agent) ? "Android" : /iPhone|iPad/.test(agent) ? "iOS"
      : /Mac OS X/.test(agent) ? "macOS" : /Windows/.test(agent) ? "Windows" : /Linux/.test(agent) ? "Linux" : "";
    return system ? browser + " on " + system : browser;
  }

  /* This browser's subscription for Hearth's key: the one it has, or a new
     one (an old one made with another key is replaced). */
  function subscription(registration) {
    var options = { userVisibleOnly: true, applicationServerKey: keyBytes(setup.dataset.pushKey) };
    return registration.pushManager.getSubscription().then(function (existing) {
      if (!existing) { return registration.pushManager.subscribe(options); }
      return registration.pushManager.subscribe(options).catch(function () {
        return existing.unsubscribe().then(function () { return registration.pushManager.subscribe(options); });
      });
    });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    say("Asking your browser…");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error("permission"); }
      return navigator.serviceWorker.register("/service-worker.js", { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(subscription).then(function (subscribed) {
      var json = subscribed.toJSON();
      return fetch("/api/v1/me/push-subscriptions", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ endpoint: json.endpoint, keys: json.keys, label: deviceLabel() })
      });
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) { throw new Error(body.error.message); });
      }
      say("Alerts are on for this device.");
      window.location.reload();
    }).catch(function (error) {
      button.disabled = false;
      say(error.message === "permission"
        ? "Your browser didn't allow notifications. Allow them for this site in its settings, then try again."
        : "Alerts couldn't be turned on here: " + error.message);
    });
  });
})();
