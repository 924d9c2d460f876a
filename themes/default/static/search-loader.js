// Loads the site search (search.js) only once a search box is used, so an ordinary page
// load fetches nothing more than this. On the search page with ?q= it loads at once.
(function () {
  var forms = document.querySelectorAll("form[data-index]");
  var loading;
  function load(form) {
    loading = loading || new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = form.getAttribute("data-script");
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
    return loading;
  }
  function start(form) {
    load(form).then(function () {
      window.VardlotsSearch.attach(form);
    }, function () {});
  }
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input");
    function once() {
      input.removeEventListener("focus", once);
      input.removeEventListener("input", once);
      start(form);
    }
    input.addEventListener("focus", once);
    input.addEventListener("input", once);
    if (form.hasAttribute("data-results") && /[?&]q=./.test(location.search)) once();
  });
})();
