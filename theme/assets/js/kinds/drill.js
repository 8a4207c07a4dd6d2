/* Question drill, loaded only by pages of kind "drill" (front matter `drill:`).
   The build puts the questions in a <template> inside [data-hb-drill]; this script
   shows one at a time, picked at random, with a countdown timer and the answer
   blocks hidden until asked for. "Got it" and "Review again" are kept in
   localStorage under "hb-drill:" + the page's path, so progress survives reloads
   and needs no network; marks made in another tab of the drill are kept and
   shown too. */
(function () {
  "use strict";

  var REVIEW_WEIGHT = 3; // a question marked "review again" comes up this many times as often

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text) n.textContent = text;
    return n;
  }

  function button(label, cls) {
    return el("button", { type: "button", class: "hb-drill__button" + (cls ? " " + cls : "") }, label);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(seconds) {
    var s = Math.abs(Math.round(seconds));
    return (seconds < 0 ? "+" : "") + Math.floor(s / 60) + ":" + pad(s % 60);
  }

  function Drill(root) {
    this.root = root;
    this.key = "hb-drill:" + location.pathname;
    this.minutes = +root.getAttribute("data-minutes") || 3;
    var reveal = root.getAttribute("data-reveal") || "";
    this.revealLabel = reveal ? reveal.toLowerCase() : "the answer";
    var deck = root.querySelector("template.hb-drill__deck");
    this.cards = deck ? Array.prototype.slice.call(deck.content.querySelectorAll(".hb-drill__card")) : [];
    this.byID = {};
    this.cards.forEach(function (c) { this.byID[c.getAttribute("data-id")] = c; }, this);
    this.progress = this.load();
    this.current = null;
    this.timer = null;
    this.build();
  }

  Drill.prototype.load = function () {
    try {
      var v = JSON.parse(localStorage.getItem(this.key) || "{}");
      return v && typeof v === "object" ? v : {};
    } catch (e) { return {}; }
  };

  Drill.prototype.save = function () {
    try { localStorage.setItem(this.key, JSON.stringify(this.progress)); } catch (e) {}
  };

  Drill.prototype.build = function () {
    var r = this.root, self = this;
    var bar = el("div", { class: "hb-drill__bar" });
    this.status = el("p", { class: "hb-drill__progress", "aria-live": "polite" });
    var label = el("label", { class: "hb-drill__filter" }, "Questions ");
    this.filter = el("select", { "data-drill-filter": "" });
    [["open", "not yet got"], ["review", "marked review again"], ["all", "all"]].forEach(function (o) {
      self.filter.appendChild(el("option", { value: o[0] }, o[1]));
    });
    label.appendChild(this.filter);
    this.nextBtn = button("Next question", "hb-drill__button--primary");
    this.nextBtn.setAttribute("data-drill-next", "");
    this.resetBtn = button("Reset progress");
    this.resetBtn.setAttribute("data-drill-reset", "");
    bar.appendChild(this.status);
    bar.appendChild(label);
    bar.appendChild(this.nextBtn);
    bar.appendChild(this.resetBtn);

    this.stage = el("div", { class: "hb-drill__stage" });

    var tools = el("div", { class: "hb-drill__tools" });
    this.time = el("span", { class: "hb-drill__time", role: "timer", "aria-label": "Time left" });
    this.pauseBtn = button("Pause");
    this.pauseBtn.setAttribute("data-drill-pause", "");
    this.revealBtn = button("Show " + this.revealLabel);
    this.revealBtn.setAttribute("data-drill-reveal", "");
    this.revealBtn.setAttribute("aria-expanded", "false");
    this.gotBtn = button("Got it", "hb-drill__button--got");
    this.gotBtn.setAttribute("data-drill-mark", "got");
    this.reviewBtn = button("Review again", "hb-drill__button--review");
    this.reviewBtn.setAttribute("data-drill-mark", "review");
    [this.time, this.pauseBtn, this.revealBtn, this.gotBtn, this.reviewBtn].forEach(function (n) { tools.appendChild(n); });

    r.appendChild(bar);
    r.appendChild(this.stage);
    r.appendChild(tools);
    r.classList.add("is-ready");

    this.nextBtn.addEventListener("click", function () { self.next(true); });
    this.resetBtn.addEventListener("click", function () {
      self.progress = {};
      self.save();
      self.updateStatus("Progress cleared.");
    });
    this.filter.addEventListener("change", function () { self.next(true); });
    this.pauseBtn.addEventListener("click", function () { self.toggleTimer(); });
    this.revealBtn.addEventListener("click", function () { self.toggleReveal(); });
    [this.gotBtn, this.reviewBtn].forEach(function (b) {
      b.addEventListener("click", function () { self.mark(b.getAttribute("data-drill-mark")); });
    });
    // Another tab of this drill saved its marks: show them here too.
    window.addEventListener("storage", function (e) {
      if (e.key !== self.key && e.key !== null) return;
      self.progress = self.load();
      self.updateStatus();
    });
    window.addEventListener("hashchange", function () {
      var id = self.hashID();
      if (id && (!self.current || id !== self.current.getAttribute("data-id"))) self.show(id, true);
    });

    if (!this.cards.length) {
      this.stage.appendChild(el("p", {}, "This drill has no questions."));
      tools.hidden = true;
      this.nextBtn.disabled = true;
      return;
    }
    var first = this.hashID();
    if (first) this.show(first, false);
    else this.next(false);
  };

  Drill.prototype.hashID = function () {
    var m = /^#q=(.+)$/.exec(location.hash);
    if (!m) return "";
    var id = decodeURIComponent(m[1]);
    return this.byID[id] ? id : "";
  };

  Drill.prototype.state = function (id) {
    var p = this.progress[id];
    return p && p.s ? p.s : "";
  };

  // pick returns a random question id for the chosen filter, never the
  // current one when another is possible.
  Drill.prototype.pick = function () {
    var mode = this.filter.value, self = this;
    var cur = this.current ? this.current.getAttribute("data-id") : "";
    var pool = [];
    this.cards.forEach(function (c) {
      var id = c.getAttribute("data-id"), s = self.state(id);
      if (mode === "review" && s !== "review") return;
      if (mode === "open" && s === "got") return;
      var w = s === "review" && mode !== "review" ? REVIEW_WEIGHT : 1;
      for (var i = 0; i < w; i++) pool.push(id);
    });
    var others = pool.filter(function (id) { return id !== cur; });
    if (others.length) pool = others;
    if (!pool.length) return "";
    return pool[Math.floor(Math.random() * pool.length)];
  };

  Drill.prototype.next = function (focus) {
    var id = this.pick();
    if (!id) {
      this.stopTimer();
      this.current = null;
      this.stage.textContent = "";
      var msg = this.filter.value === "review" ? "No question is marked review again." :
        "Every question is marked got it. Choose \u201call\u201d to keep practising, or reset your progress.";
      this.stage.appendChild(el("p", { class: "hb-drill__empty" }, msg));
      this.setToolsEnabled(false);
      this.updateStatus();
      return;
    }
    this.show(id, focus);
  };

  Drill.prototype.show = function (id, focus) {
    var card = this.byID[id].cloneNode(true);
    this.stage.textContent = "";
    var group = card.getAttribute("data-group");
    if (group) card.insertBefore(el("p", { class: "hb-drill__group" }, group), card.firstChild);
    this.answer = card.querySelector(".hb-drill__answer");
    if (this.answer) this.answer.hidden = true;
    this.stage.appendChild(card);
    this.current = card;
    this.revealBtn.hidden = !this.answer;
    this.revealBtn.setAttribute("aria-expanded", "false");
    this.revealBtn.textContent = "Show " + this.revealLabel;
    this.setToolsEnabled(true);
    if (history.replaceState) history.replaceState(null, "", "#q=" + encodeURIComponent(id));
    this.startTimer();
    this.updateStatus();
    if (focus) card.querySelector(".hb-drill__question").focus();
  };

  Drill.prototype.setToolsEnabled = function (on) {
    [this.pauseBtn, this.revealBtn, this.gotBtn, this.reviewBtn].forEach(function (b) { b.disabled = !on; });
    if (!on) this.time.textContent = "";
  };

  Drill.prototype.toggleReveal = function () {
    if (!this.answer) return;
    var show = this.answer.hidden;
    this.answer.hidden = !show;
    if (show) Array.prototype.forEach.call(this.answer.querySelectorAll("details"), function (d) { d.open = true; });
    this.revealBtn.setAttribute("aria-expanded", show ? "true" : "false");
    this.revealBtn.textContent = (show ? "Hide " : "Show ") + this.revealLabel;
  };

  Drill.prototype.mark = function (state) {
    if (!this.current) return;
    var id = this.current.getAttribute("data-id");
    // (read again: another tab may have saved marks since this one read
    // them, and saving this tab's would lose theirs)
    this.progress = this.load();
    var prev = this.progress[id] || {};
    this.progress[id] = { s: state, n: (prev.n || 0) + 1, t: Date.now() };
    this.save();
    this.next(true);
  };

  Drill.prototype.updateStatus = function (extra) {
    var got = 0, review = 0, self = this;
    this.cards.forEach(function (c) {
      var s = self.state(c.getAttribute("data-id"));
      if (s === "got") got++;
      else if (s === "review") review++;
    });
    var total = this.cards.length;
    this.status.textContent = (extra ? extra + " " : "") + got + " of " + total + " got it \u00b7 " +
      review + " to review \u00b7 " + (total - got - review) + " not tried";
  };

  Drill.prototype.startTimer = function () {
    this.stopTimer();
    this.deadline = Date.now() + this.minutes * 60000;
    this.left = this.minutes * 60;
    this.paused = false;
    this.pauseBtn.textContent = "Pause";
    this.tick();
    var self = this;
    this.timer = setInterval(function () { self.tick(); }, 250);
  };

  Drill.prototype.stopTimer = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  };

  Drill.prototype.toggleTimer = function () {
    if (this.paused) {
      this.deadline = Date.now() + this.left * 1000;
      this.paused = false;
      this.pauseBtn.textContent = "Pause";
      var self = this;
      this.timer = setInterval(function () { self.tick(); }, 250);
    } else {
      this.tick();
      this.stopTimer();
      this.paused = true;
      this.pauseBtn.textContent = "Resume";
    }
  };

  Drill.prototype.tick = function () {
    this.left = (this.deadline - Date.now()) / 1000;
    this.time.textContent = clock(Math.ceil(this.left));
    this.time.classList.toggle("is-over", this.left <= 0);
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-hb-drill]:not(.is-ready)"), function (r) {
      r.hbDrill = new Drill(r);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // handbook serve replaces the article in place: start the new drill.
  document.addEventListener("hb:content", init);
})();
