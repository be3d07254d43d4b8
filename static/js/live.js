/* Hearth live updates: new replies, edits, hides, reactions, presence and
   typing on thread pages; new and changed threads on category pages; a
   member's own role and standing, and the community's crisis resources, on
   every page. Pages work fully without this script; it only saves a reload. */
(function () {
  "use strict";

  var body = document.body;
  if (!body.dataset.member || typeof io !== "function") { return; }

  var me = body.dataset.member;
  var moderator = body.dataset.moderator === "1";
  var hearingQueue = false;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";
  var posts = document.getElementById("posts");
  var threadList = document.getElementById("threads");
  var liveStatus = document.getElementById("live-status");

  var socket = io({ transports: ["websocket"], auth: { csrf: csrf } });
  var everConnected = false;

  /* Polite announcements for screen readers; notifications have their own
     region so they never talk over news about the page itself. */
  function announce(text, region) {
    var target = region || liveStatus;
    if (!target) { return; }
    target.textContent = "";
    window.setTimeout(function () { target.textContent = text; }, 50);
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    template.content.querySelectorAll('input[name="csrf_token"]').forEach(function (input) {
      input.value = csrf;
    });
    return template.content.firstElementChild;
  }

  /* Parts of a page the server can render again: fetch this page and swap
     them in, as a reload would show them. Resolves to null when the page is
     no longer there for this member. */
  function freshPage() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { return null; }
        return response.text().then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
      });
  }

  function swap(fresh, ids) {
    ids.forEach(function (id) {
      var current = document.getElementById(id);
      var replacement = fresh.getElementById(id);
      if (current && replacement) { current.replaceWith(document.importNode(replacement, true)); }
    });
  }

  /* Said on the page and to screen readers. */
  function tell(text) {
    var note = document.getElementById("page-changed");
    if (note) { note.textContent = text; note.hidden = false; }
    announce(text);
  }

  /* The reply box follows the rules (a lock, a mute, an archived category);
     a reply being written is never lost: it moves into the new box, or stays
     readable to copy when replying is no longer possible. */
  function refreshComposer(fresh) {
    var current = document.getElementById("reply");
    var replacement = fresh.getElementById("reply");
    if (!current || !replacement) { return; }
    if (!!current.querySelector("form") === !!replacement.querySelector("form")) { return; }
    var draft = current.querySelector("textarea[name=body]");
    var text = draft ? draft.value : "";
    var composer = document.importNode(replacement, true);
    current.replaceWith(composer);
    if (!text) { return; }
    var box = composer.querySelector("textarea[name=body]");
    if (box) { box.value = text; return; }
    var label = document.createElement("label");
    label.htmlFor = "unsent-reply";
    label.textContent = "Your reply, not sent (copy it to keep it):";
    var kept = document.createElement("textarea");
    kept.id = "unsent-reply";
    kept.readOnly = true;
    kept.rows = 4;
    kept.value = text;
    composer.appendChild(label);
    composer.appendChild(kept);
  }

  function personalFragment(postId) {
    return fetch("/p/" + postId + "/fragment", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { return html ? fragment(html) : null; });
  }

  /* Broadcast fragments show times in the community's zone (see local-time.js). */
  var zoneMeta = document.querySelector('meta[name="hearth-time-zone"]');
  var communityZone = !zoneMeta || zoneMeta.content === zoneMeta.dataset.community;

  /* A broadcast fragment is rendered for an ordinary reader; the author and
     moderators get their own controls from a personal copy, and members in
     another time zone their own times. An anonymous post names nobody, so
     only the server knows whose it is and who blocked its writer: each page
     asks for its own copy. */
  function articleFor(payload) {
    var post = payload.post;
    if (moderator || !communityZone || post.anonymous || (post.author && post.author.username === me)) {
      return personalFragment(post.id);
    }
    return Promise.resolve(fragment(payload.html));
  }


  var STANDING_NEWS = {
    muted: "You're muted for now: you can read, but not post or react.",
    active: "You can post again.",
    promoted: "You are now a moderator: the moderation tools are in the menu.",
    demoted: "You are no longer a moderator."
  };

  /* A role change or a sanction: the menu and reply box follow at once. */
  function standingLive() {
    socket.on("standing_changed", function (payload) {
      var nowModerator = payload.status === "active" && (payload.role === "moderator" || payload.role === "staff");
      var news = payload.status === "muted" ? STANDING_NEWS.muted
        : nowModerator && !moderator ? STANDING_NEWS.promoted
        : !nowModerator && moderator ? STANDING_NEWS.demoted : STANDING_NEWS.active;
      moderator = nowModerator;
      body.dataset.moderator = moderator ? "1" : "0";
      if (moderator) { moderatorUpdates(); }
      freshPage().then(function (fresh) {
        if (fresh) { swap(fresh, ["site-nav", "category-actions"]); refreshComposer(fresh); }
        tell(news);
      });
    });
  }

  /* Staff changed the crisis resources or moderated hours. */
  function settingsLive() {
    socket.on("settings_changed", function () {
      freshPage().then(function (fresh) {
        if (fresh) { swap(fresh, ["help-now", "peer-support-note", "composer-crisis-resources"]); }
      });
    });
  }

  /* Moderators deciding applications see newcomers without losing a reason
     they are typing. */
  function applicantsLive() {
    var list = document.querySelector("[data-live-applicants]");
    if (!list) { return; }
    socket.on("applications_changed", function () {
      var writing = Array.prototype.some.call(list.querySelectorAll("textarea"), function (box) { return box.value; });
      if (writing) {
        document.getElementById("applicants-changed").hidden = false;
        announce("The list of applicants changed.");
        return;
      }
      freshPage().then(function (fresh) {
        if (!fresh) { return; }
        swap(fresh, ["applicants"]);
        list = document.querySelector("[data-live-applicants]");
        announce("The list of applicants was updated.");
      });
    });
  }

  /* A care conversation open on this page (the member's own, or a queue
     item's): a new message appears as a reload would show it. */
  function careConversationLive() {
    socket.on("care_message", function (payload) {
      var list = document.getElementById("care-messages");
      if (!list || list.dataset.careConversation !== String(payload.conversation_id) ||
          document.getElementById("care-message-" + payload.message.id)) { return; }
      freshPage().then(function (fresh) {
        if (!fresh) { return; }
        swap(fresh, ["care-messages"]);
        announce("New message from " + payload.message.author.display_name + ".");
      });
    });
  }

  function notificationBadge() {
    var badge = document.getElementById("unread-badge");
    function show(count) {
      if (!badge) { return; }
      badge.firstChild.nodeValue = String(count);
      badge.hidden = count === 0;
    }
    socket.on("notification", function (payload) {
      show(payload.unread);
      announce("New notification: " + payload.text + ".", document.getElementById("notification-status"));
    });
    socket.on("notifications_read", function (payload) { show(payload.unread); });
  }

  /* Announcements appear as staff post them; dismissing one needs no reload. */
  function announcementsLive() {
    var box = document.getElementById("announcements");
    if (!box) { return; }
    function enhance(banner) {
      var form = banner.querySelector(".dismiss-form");
      if (!form) { return; }
      form.querySelector('input[name="next"]').value = window.location.pathname;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        fetch(form.action, { method: "POST", credentials: "same-origin", body: new FormData(form) })
          .then(function (response) { if (response.ok) { banner.remove(); announce("Announcement dismissed."); } });
      });
    }
    box.querySelectorAll(".announcement-banner").forEach(enhance);
    socket.on("announcement", function (payload) {
      if (document.getElementById("announcement-" + payload.announcement.id)) { return; }
      var banner = fragment(payload.html);
      box.insertBefore(banner, box.firstChild);
      enhance(banner);
      announce("New announcement: " + payload.announcement.title + ".");
    });
    socket.on("announcement_withdrawn", function (payload) {
      var banner = document.getElementById("announcement-" + payload.id);
      if (banner) { banner.remove(); }
    });
  }

  /* While someone writes, show crisis resources before they post: the page
     carries them, rendered like every other list of resources, in a template.
     Listens on the document, so a reply box that is replaced live still counts. */
  function composerCrisisCheck() {
    var timer = null;
    var lastChecked = "";
    document.addEventListener("input", function (event) {
      var composer = event.target;
      var hint = document.getElementById("composer-crisis");
      if (composer.id !== "body" || !hint) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var text = composer.value;
        if (text === lastChecked || text.length < 8) { return; }
        lastChecked = text;
        fetch("/api/v1/safety/crisis-check", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify({ text: text })
        }).then(function (response) { return response.ok ? response.json() : null; })
          .then(function (answer) {
            if (!answer) { return; }
            // The content-warning offer (static/js/content-warning.js) reads the same answer.
            document.dispatchEvent(new CustomEvent("hearth:composer-checked", { detail: answer }));
            if (!answer.crisis) { hint.hidden = true; return; }
            var resources = document.getElementById("composer-crisis-resources");
            if (!hint.hidden || !resources) { return; }  // already showing: no second announcement
            hint.replaceChildren(resources.content.cloneNode(true));
            hint.hidden = false;
          });
      }, 800);
    });
  }

  /* Moderators: the queue page refreshes itself; the menu counts open items;
     the crisis alert lists every unclaimed urgent item on any page. */
  function moderatorUpdates() {
    if (hearingQueue) { return; }
    hearingQueue = true;
    var queueList = document.querySelector("[data-live-queue]");
    crisisAlert.start();
    socket.on("queue_updated", function (payload) {
      showQueueCounts(payload.counts);
      crisisAlert.follow(payload);
      if (!queueList) { return; }
      fetch(window.location.pathname, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
          var empty = document.getElementById("queue-empty");
          if (fresh) { queueList.innerHTML = fresh.innerHTML; }
          if (empty && fresh && fresh.children.length) { empty.hidden = true; }
          showWaiting();
          announce("The moderation queue was updated.");
        });
    });
  }

  function showQueueCounts(counts) {
    var badge = document.getElementById("queue-count");
    if (!counts) { return; }
    if (badge) {
      badge.textContent = counts.open + " open" + (counts.crisis ? ", " + counts.crisis + " crisis" : "");
      badge.classList.toggle("has-crisis", counts.crisis > 0);
      badge.hidden = counts.open === 0;
    }
    document.title = (counts.open ? "(" + counts.open + ") " : "") + document.title.replace(/^\(\d+\) /, "");
  }

  /* "waiting 7 min", as the server writes it, kept current. */
  function waitedText(since) {
    var minutes = Math.max(Math.floor((Date.now() - Date.parse(since)) / 60000), 0);
    if (minutes < 1) { return "under a minute"; }
    if (minutes < 60) { return minutes + " min"; }
    if (minutes < 48 * 60) {
      var rest = minutes % 60;
      return Math.floor(minutes / 60) + " h" + (rest ? " " + rest + " min" : "");
    }
    return Math.floor(minutes / 1440) + " days";
  }

  function showWaiting() {
    document.querySelectorAll("[data-waiting-since]").forEach(function (element) {
      element.textContent = waitedText(element.dataset.waitingSince);
    });
  }
  window.setInterval(showWaiting, 30000);

  /* Stays until each item is claimed or resolved, or the moderator closes it;
     closing holds for this tab until another item arrives. */
  var crisisAlert = (function () {
    var STORE = "hearth-closed-crisis-alerts";
    var box, list, news;

    function closed() {
      try { return JSON.parse(window.sessionStorage.getItem(STORE) || "[]"); } catch (error) { return []; }
    }

    function listed() {
      return Array.prototype.map.call(list.children, function (entry) { return entry.dataset.itemId; });
    }

    function refresh() {
      var already = closed();
      box.hidden = !listed().some(function (id) { return already.indexOf(id) < 0; });
    }

    function add(item) {
      var entry = document.createElement("li");
      entry.dataset.itemId = String(item.id);
      var link = document.createElement("a");
      link.href = "/moderation/items/" + item.id;
      link.textContent = item.thread ? item.thread.title : "A member asked for help";
      var waiting = document.createElement("span");
      waiting.className = "small muted";
      var since = document.createElement("span");
      since.dataset.waitingSince = item.first_at;
      since.textContent = waitedText(item.first_at);
      waiting.appendChild(document.createTextNode(" waiting "));
      waiting.appendChild(since);
      entry.appendChild(link);
      entry.appendChild(waiting);
      list.appendChild(entry);
    }

    return {
      start: function () {
        box = document.getElementById("moderator-alert");
        list = document.getElementById("moderator-alert-items");
        news = document.getElementById("moderator-alert-news");
        if (!box || !list) { return; }
        var close = document.getElementById("moderator-alert-close");
        close.hidden = false;
        close.addEventListener("click", function () {
          window.sessionStorage.setItem(STORE, JSON.stringify(closed().concat(listed())));
          box.hidden = true;
        });
        refresh();
      },
      follow: function (payload) {
        if (!box || !list) { return; }
        var item = payload.item;
        var entry = list.querySelector('[data-item-id="' + item.id + '"]');
        var waiting = (item.kind === "crisis" || item.kind === "concern") && item.tier === "urgent" &&
          !item.claimed_by && !item.resolved_at;
        if (!waiting) {
          if (entry) { entry.remove(); }
        } else if (!entry || payload.change === "overdue") {
          if (!entry) { add(item); }
          if (news) {
            news.textContent = (payload.change === "overdue" ? "Overdue: a crisis item has waited unclaimed: "
              : "A crisis item needs a moderator: ") + (item.thread ? item.thread.title : "A member asked for help");
          }
        }
        refresh();
      }
    };
  })();

  function threadPage() {
    var threadId = parseInt(posts.dataset.threadId, 10);
    var onLastPage = posts.dataset.lastPage === "1";
    var lastSeen = parseInt(posts.dataset.lastPostId || "0", 10);
    var pill = document.getElementById("new-replies");
    var typingLine = document.getElementById("typing");
    var waiting = [];
    var typists = {};

    function nearBottom() {
      return window.innerHeight + window.scrollY >= document.body.scrollHeight - 300;
    }

    function showPill() {
      if (!pill) { return; }
      var count = waiting.length;
      pill.textContent = count + (count === 1 ? " new reply" : " new replies");
      pill.hidden = count === 0;
    }

    if (pill) {
      pill.addEventListener("click", function () {
        if (!onLastPage) { window.location.href = posts.dataset.lastPageUrl; return; }
        var first = waiting[0] && document.getElementById("post-" + waiting[0]);
        waiting = [];
        showPill();
        if (first) { first.scrollIntoView(); first.setAttribute("tabindex", "-1"); first.focus(); }
      });
    }

    /* The read position follows what live pages show, while the page is
       visible; one request for a burst of posts. */
    var shownUpTo = 0;
    var reportedUpTo = lastSeen;
    var readTimer = null;

    function reportRead() {
      readTimer = null;
      if (shownUpTo <= reportedUpTo || document.visibilityState !== "visible") { return; }
      var upTo = shownUpTo;
      fetch("/api/v1/threads/" + threadId + "/read", {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify({ post_id: upTo })
      }).then(function (response) { if (response.ok) { reportedUpTo = Math.max(reportedUpTo, upTo); } });
    }

    function shown(postId) {
      shownUpTo = Math.max(shownUpTo, postId);
      window.clearTimeout(readTimer);
      readTimer = window.setTimeout(reportRead, 2000);
    }

    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && shownUpTo > reportedUpTo) { shown(shownUpTo); }
    });

    function insert(article, post) {
      if (!article || document.getElementById("post-" + post.id)) { return; }
      posts.appendChild(article);
      shown(post.id);
      var who = post.author ? post.author.display_name : "former member";
      announce("New reply from " + who + ".");
      if (!nearBottom()) { waiting.push(post.id); showPill(); }
    }

    function received(payload) {
      var post = payload.post;
      if (post.thread_id !== threadId || post.id <= lastSeen && document.getElementById("post-" + post.id)) { return; }
      lastSeen = Math.max(lastSeen, post.id);
      posts.dataset.lastPostId = String(lastSeen);
      if (!onLastPage) { waiting.push(post.id); showPill(); return; }
      articleFor(payload).then(function (article) { insert(article, post); });
    }

    function keepPressed(oldArticle, newArticle) {
      oldArticle.querySelectorAll("button.reaction[aria-pressed]").forEach(function (button) {
        var twin = newArticle.querySelector('button.reaction[data-kind="' + button.dataset.kind + '"]');
        if (twin) { twin.setAttribute("aria-pressed", button.getAttribute("aria-pressed")); }
      });
    }

    function updateCounts(article, reactions) {
      article.querySelectorAll(".reaction[data-kind]").forEach(function (element) {
        var count = element.querySelector(".count");
        var number = reactions[element.dataset.kind] || 0;
        if (count) { count.textContent = number ? String(number) : ""; count.hidden = !number; }
      });
    }

    socket.on("post_created", received);

    socket.on("post_updated", function (payload) {
      var post = payload.post;
      var article = document.getElementById("post-" + post.id);
      if (!article) { return; }
      if (article.dataset.edited === (post.edited_at || "") && article.dataset.status === post.status) {
        updateCounts(article, post.reactions);
        return;
      }
      articleFor(payload).then(function (replacement) {
        if (!replacement) { return; }
        keepPressed(article, replacement);
        article.replaceWith(replacement);
        announce("A post was edited.");
      });
    });

    socket.on("post_hidden", function (payload) {
      var article = document.getElementById("post-" + payload.post_id);
      if (!article) { return; }
      personalFragment(payload.post_id).then(function (replacement) {
        if (replacement) { article.replaceWith(replacement); }
      });
    });

    function showPresence(count) {
      var presence = document.getElementById("presence");  // the thread's details may have been re-rendered
      if (presence) { presence.textContent = count === 1 ? "Only you are reading" : count + " people are reading"; }
    }
    var readers = 0;

    socket.on("presence", function (payload) {
      if (payload.thread_id !== threadId) { return; }
      readers = payload.count;
      showPresence(readers);
    });

    var THREAD_NEWS = {
      locked: "Moderators locked this thread: no new replies for now.",
      unlocked: "This thread is open for replies again.",
      moved: "This thread moved to another category.",
      pinned: "This thread was pinned.",
      unpinned: "This thread was unpinned.",
      slow_mode: "Moderators changed how often each member can reply here.",
      status: "Who can see this thread changed."
    };

    function followThread(news) {
      freshPage().then(function (fresh) {
        if (!fresh) { return; }
        swap(fresh, ["thread-breadcrumb", "thread-meta"]);
        showPresence(readers);
        refreshComposer(fresh);
        if (news) { tell(news); }
      });
    }

    socket.on("thread_updated", function (payload) {
      if (payload.thread_id !== threadId) { return; }
      if (!payload.thread) {
        tell("Moderators have taken this thread down for review; it is no longer available.");
        document.querySelectorAll("#reply button[type=submit]").forEach(function (button) { button.disabled = true; });
        return;
      }
      if (payload.category !== posts.dataset.category) {
        posts.dataset.category = payload.category;
        socket.emit("join_category", { slug: payload.category });
      }
      followThread(THREAD_NEWS[payload.change]);
    });

    /* The category was archived or reopened: the reply box follows. */
    socket.on("category_updated", function (payload) {
      if (payload.category === posts.dataset.category) { followThread(null); }
    });

    function showTypists() {
      if (!typingLine) { return; }
      var names = Object.keys(typists);
      typingLine.textContent = names.length === 0 ? "" :
        names.join(", ") + (names.length === 1 ? " is writing…" : " are writing…");
    }

    socket.on("typing", function (payload) {
      if (payload.thread_id !== threadId || payload.user.username === me) { return; }
      var name = payload.user.display_name;
      window.clearTimeout(typists[name]);
      typists[name] = window.setTimeout(function () { delete typists[name]; showTypists(); }, 6000);
      showTypists();
    });

    var lastTyping = 0;
    document.addEventListener("input", function (event) {
      if (event.target.id !== "body") { return; }
      var now = Date.now();
      if (now - lastTyping > 3000) {
        lastTyping = now;
        socket.emit("typing", { thread_id: threadId });
      }
    });

    /* After a dropped connection: ask for what came after the last post seen,
       so nothing is missed and nothing shows twice. */
    function catchUp(after) {
      var url = "/api/v1/threads/" + threadId + "/posts?limit=100" + (after ? "&after=" + after : "");
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (page) {
          if (!page) { return; }
          var chain = Promise.resolve();
          page.items.forEach(function (post) {
            if (document.getElementById("post-" + post.id)) { return; }
            lastSeen = Math.max(lastSeen, post.id);
            if (!onLastPage) { waiting.push(post.id); showPill(); return; }
            chain = chain.then(function () {
              return personalFragment(post.id).then(function (article) { insert(article, post); });
            });
          });
          posts.dataset.lastPostId = String(lastSeen);
          return chain.then(function () { if (page.next) { return catchUp(page.next); } });
        });
    }

    socket.on("connect", function () {
      socket.emit("join_thread", { thread_id: threadId }, function (ack) {
        if (ack && ack.ok) { readers = ack.presence; showPresence(readers); }
        body.dataset.live = "connected";
      });
      socket.emit("join_category", { slug: posts.dataset.category });
      if (everConnected) { catchUp(lastSeen); }
      everConnected = true;
    });
  }

  /* Thread lists as a reload shows them, for this member (their unread
     counts and times): fetched once for a burst of events. */
  var listTimer = null;
  function refreshLists(ids, done) {
    window.clearTimeout(listTimer);
    listTimer = window.setTimeout(function () {
      freshPage().then(function (fresh) {
        if (!fresh) { return; }
        swap(fresh, ids);
        if (done) { done(); }
      });
    }, 1000);
  }

  /* The home page: pinned threads and recent activity, across categories. */
  function homeLists() {
    var recent = document.getElementById("recent-activity");
    var slugs = (recent.dataset.categories || "").split(" ").filter(Boolean);
    socket.on("connect", function () {
      var joined = 0;
      slugs.forEach(function (slug) {
        socket.emit("join_category", { slug: slug }, function () {
          joined += 1;
          if (joined === slugs.length) { body.dataset.live = "connected"; }
        });
      });
      if (!slugs.length) { body.dataset.live = "connected"; }
    });
    ["thread_activity", "thread_created", "thread_updated"].forEach(function (name) {
      socket.on(name, function () { refreshLists(["home-pinned", "recent-activity"]); });
    });
  }

  function categoryPage() {
    var slug = threadList.dataset.category;
    socket.on("connect", function () {
      socket.emit("join_category", { slug: slug }, function () { body.dataset.live = "connected"; });
    });
    /* A reply came or went: reply counts and "new" markers follow. */
    socket.on("thread_activity", function (payload) {
      if (payload.category !== slug) { return; }
      refreshLists(["threads"], function () { threadList = document.getElementById("threads"); });
    });
    socket.on("thread_created", function (payload) {
      if (payload.thread.category !== slug || document.getElementById("thread-" + payload.thread.id)) { return; }
      var row = fragment(payload.html);
      var firstUnpinned = threadList.querySelector(".thread-row:not(.pinned)");
      threadList.insertBefore(row, firstUnpinned);
      announce("New thread: " + payload.thread.title + ".");
    });
    /* Moved in or out, pinned, locked, hidden: the list as a reload shows it. */
    socket.on("thread_updated", function () {
      freshPage().then(function (fresh) {
        if (!fresh) { return; }
        swap(fresh, ["threads"]);
        threadList = document.getElementById("threads");
        announce("The list of threads was updated.");
      });
    });
    socket.on("category_updated", function (payload) {
      if (payload.category !== slug) { return; }
      freshPage().then(function (fresh) { if (fresh) { swap(fresh, ["category-actions"]); } });
    });
  }

  /* Everything above is defined; now start what this page needs. */
  if (posts) { threadPage(); }
  if (threadList) { categoryPage(); }
  if (document.getElementById("recent-activity")) { homeLists(); }
  if (moderator) { moderatorUpdates(); }
  composerCrisisCheck();
  announcementsLive();
  notificationBadge();
  standingLive();
  settingsLive();
  applicantsLive();
  careConversationLive();

  /* A thread or category page is live once its room is joined; others at once. */
  socket.on("connect", function () {
    if (!posts && !threadList && !document.getElementById("recent-activity")) { body.dataset.live = "connected"; }
  });
  socket.on("disconnect", function () { body.dataset.live = "disconnected"; });
})();
