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
  function show(name) {
    root.setAttribute("data-view", name);
    var links = document.querySelectorAll(".toggle a[data-view]");
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("aria-current", links[i].getAttribute("data-view") === name ? "true" : "false");
    }
  }
  function topOp() {
    var view = document.getElementById(root.getAttribute("data-view") || "side");
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
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest(".toggle a[data-view]") : null;
    if (!a) { return; }
    ev.preventDefault();
    var name = a.getAttribute("data-view");
    var at = topOp();
    show(name);
    if (history.replaceState) { history.replaceState(null, "", "#" + name); }
    if (at) {
      var view = document.getElementById(name);
      var same = view && view.querySelector('.op[data-op="' + at.op + '"]');
      if (same) { window.scrollBy(0, same.getBoundingClientRect().top - at.top); }
    }
  });
  window.addEventListener("hashchange", sync);
  sync();
})();
