(function () {
  "use strict";
  var root = document.documentElement;
  function viewOf(el) {
    while (el && el !== document) {
      if (el.classList && el.classList.contains("view")) { return el.id; }
      el = el.parentNode;
    }
    return null;
  }
  function currentView() { return root.getAttribute("data-view") || "side"; }
  function show(name) {
    root.setAttribute("data-view", name);
    var links = document.querySelectorAll(".toggle a[data-view]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("aria-current", links[i].getAttribute("data-view") === name ? "true" : "false");
    }
  }
  function topOp() {
    var view = document.getElementById(currentView());
    if (!view) { return null; }
    var ops = view.querySelectorAll(".op[data-op]");
    for (var i = 0; i < ops.length; i++) {
      var box = ops[i].getBoundingClientRect();
      if (box.bottom > 60) { return {op: ops[i].getAttribute("data-op"), top: box.top}; }
    }
    return null;
  }
  function sync() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    var view = el ? (el.classList.contains("view") ? el.id : viewOf(el)) : null;
    if (view) { show(view); } else if (!root.getAttribute("data-view")) { show("side"); }
  }

  // previous / next change: the ops that are not unchanged and are shown (filters, hide-unchanged)
  var steps = document.querySelector(".steps");
  var at = steps ? steps.querySelector(".step-at") : null;
  var current = null;
  if (steps && document.getElementById("side")) { steps.hidden = false; }
  function shownChanges() {
    var view = document.getElementById(currentView());
    if (!view) { return []; }
    var all = view.querySelectorAll(".op[data-op]:not(.op-unchanged)");
    var out = [];
    for (var i = 0; i < all.length; i++) {
      if (all[i].getClientRects().length > 0) { out.push(all[i]); }
    }
    return out;
  }
  function mark(n) {
    current = n;
    var old = document.querySelectorAll(".op.current, .change-list li.current");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("current"); }
    var now = document.querySelectorAll('.op[data-op="' + n + '"], .change-list a[data-op="' + n + '"]');
    for (var j = 0; j < now.length; j++) {
      (now[j].tagName === "A" ? now[j].parentNode : now[j]).classList.add("current");
    }
    if (at) {
      var ops = shownChanges(), k = -1;
      for (var m = 0; m < ops.length; m++) { if (ops[m].getAttribute("data-op") === n) { k = m; } }
      at.textContent = k < 0 ? "" : (k + 1) + " / " + ops.length;
    }
  }
  function go(el) {
    mark(el.getAttribute("data-op"));
    el.setAttribute("tabindex", "-1");
    el.scrollIntoView({block: "start"});
    el.focus({preventScroll: true});
    if (history.replaceState) { history.replaceState(null, "", "#" + el.id); }
  }
  function step(dir) {
    var ops = shownChanges();
    if (!ops.length) { return; }
    var k = -1, i;
    for (i = 0; i < ops.length; i++) { if (ops[i].getAttribute("data-op") === current) { k = i; } }
    if (k < 0) {  // from the reading position: the first change below the bar, or the last one above it
      if (dir > 0) {
        k = ops.length - 1;
        for (i = 0; i < ops.length; i++) { if (ops[i].getBoundingClientRect().top > 40) { k = i; break; } }
      } else {
        k = 0;
        for (i = ops.length - 1; i >= 0; i--) { if (ops[i].getBoundingClientRect().top < 0) { k = i; break; } }
      }
    } else {
      k = Math.max(0, Math.min(ops.length - 1, k + dir));
    }
    go(ops[k]);
  }
  function typing(el) {
    if (!el || !el.tagName) { return false; }
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) { return true; }
    return tag === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(el.type);
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) { return; }
    if (!document.getElementById("side")) { return; }
    var k = ev.key;
    if (k === "n" || k === "j") { ev.preventDefault(); step(1); }
    else if (k === "p" || k === "k") { ev.preventDefault(); step(-1); }
  });

  document.addEventListener("click", function (ev) {
    if (!ev.target.closest) { return; }
    var button = ev.target.closest(".step[data-step]");
    if (button) { ev.preventDefault(); step(parseInt(button.getAttribute("data-step"), 10)); return; }
    var item = ev.target.closest(".change-list a[data-op]");
    if (item) {  // the op in the view shown, not always the side-by-side one
      var prefix = currentView() === "inline" ? "i-op-" : "s-op-";
      var target = document.getElementById(prefix + item.getAttribute("data-op"));
      if (target) { ev.preventDefault(); go(target); }
      return;
    }
    var a = ev.target.closest(".toggle a[data-view]");
    if (!a) { return; }
    ev.preventDefault();
    var name = a.getAttribute("data-view");
    var top = topOp();
    show(name);
    if (history.replaceState) { history.replaceState(null, "", "#" + name); }
    if (top) {
      var view = document.getElementById(name);
      var same = view && view.querySelector('.op[data-op="' + top.op + '"]');
      if (same) { window.scrollBy(0, same.getBoundingClientRect().top - top.top); }
    }
    if (current !== null) { mark(current); }
  });
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.classList && (ev.target.classList.contains("filter") || ev.target.id === "hide-unchanged")
        && current !== null) { mark(current); }
  });
  window.addEventListener("hashchange", sync);
  sync();
})();
