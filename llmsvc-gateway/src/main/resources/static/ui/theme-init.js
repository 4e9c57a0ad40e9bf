// Applies the saved theme before the first paint: a classic script in each page's <head> (theme.js does the rest).
(function () {
  try {
    var t = localStorage.getItem('llmsvc.theme');
    if (t === 'light' || t === 'dark') document.documentElement.setAttribute('data-theme', t);
  } catch (e) { /* storage blocked: the system's scheme applies */ }
})();
