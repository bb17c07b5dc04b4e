/* OCOPDesk traceability site: language switch. ES5 only, so old Android browsers and in-app
   browsers (Zalo, Facebook) run it; with JavaScript off the page simply stays in Vietnamese. */
(function () {
  var html = document.documentElement, KEY = 'ocop-lang';
  function wanted() {
    var m = location.search.match(/[?&]lang=(en|vi)\b/);
    if (m) { return m[1]; }
    try { return window.localStorage.getItem(KEY) || 'vi'; } catch (e) { return 'vi'; }
  }
  function apply(lang) {
    html.className = lang === 'en' ? 'en-page' : 'vi-page';
    html.setAttribute('lang', lang);
    var a = document.getElementById('lang-switch');
    if (a) { a.innerHTML = a.getAttribute(lang === 'en' ? 'data-vi' : 'data-en'); }
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode */ }
  }
  apply(wanted());
  var link = document.getElementById('lang-switch');
  if (link) {
    link.onclick = function (event) {
      apply(html.className === 'en-page' ? 'vi' : 'en');
      if (event && event.preventDefault) { event.preventDefault(); }
      return false;
    };
  }
})();
