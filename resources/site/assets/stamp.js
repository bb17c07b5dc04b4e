/* OCOPDesk stamp check. ES5 only, no Web Crypto (it exists only on https), no build step.
   The site publishes per stamp only sha256("ocopdesk-stamp|" + serial + "|" + code), cut to 128
   bits; the code is 65 random bits, so guessing one the check accepts costs >= 2^64 hashes. */
(function () {
  var MESSAGES = {{ messages | safe }};
  /* The stamp-URL rule, written into this file from domain/site_paths.py when the site is built. */
  var RULE = {{ stamp_rule | safe }};
  var CROCKFORD = /^[0-9A-HJKMNP-TV-Z]+$/;
  var box = document.getElementById('stamp');
  if (!box) { return; }
  var root = box.getAttribute('data-root') || '/';
  var here = location.pathname;
  var rel = here.indexOf(root) === 0 ? here.substr(root.length) : here.replace(/^\//, '');
  var gs1 = rel.match(new RegExp(RULE.gs1));
  var short = rel.match(new RegExp(RULE.short));
  var serial = param('s') || (gs1 ? gs1[2] : '') || (short ? short[1] : '');
  var code = param('k');

  if (box.getAttribute('data-notfound')) {
    /* A static host without rewrite rules answered a stamp URL with 404.html: go to the page. */
    if (gs1) { location.replace(root + gs1[1] + '/?s=' + enc(dec(gs1[2])) + '&k=' + enc(code)); return; }
    if (!short) { return; }
    document.getElementById('missing').style.display = 'none';
  }
  if (!serial) { return; }
  serial = dec(serial).toUpperCase();
  code = normalize(code);
  box.removeAttribute('hidden');
  say('checking');
  if (serial.length !== 10 || !CROCKFORD.test(serial) || code.length !== 13 || !CROCKFORD.test(code)) {
    say('invalid');
    return;
  }
  window.ocopStamps = function (lots, table) {
    var entry = table[serial];
    if (!entry) { say('unknown'); return; }
    if (sha256('ocopdesk-stamp|' + serial + '|' + code).substr(0, 32) !== entry[0]) { say('invalid'); return; }
    var lot = lots[entry[1]];
    if (box.getAttribute('data-lot') === '') {
      location.replace(root + lot + '?s=' + enc(serial) + '&k=' + enc(code));
      return;
    }
    if (dec(lot) !== dec(box.getAttribute('data-lot'))) { say('other_lot'); return; }
    if (entry[3]) { say('voided', {date: entry[3]}); return; }
    say('genuine', {n: entry[2]});
    if (entry.length > 4) { seen(entry); }
  };
  /* #27: what the web server's log said at the last build: first check, count, copy warning. */
  function seen(entry) {
    var html = '';
    for (var lang in MESSAGES) {
      if (MESSAGES.hasOwnProperty(lang)) {
        html += '<span class="seen ' + lang + '">' + esc(fill(MESSAGES[lang].seen, {date: entry[4], n: entry[5]})) + '</span>';
        if (entry[6]) { html += '<strong class="copied ' + lang + '">' + esc(MESSAGES[lang].copied) + '</strong>'; }
      }
    }
    document.getElementById('stamp-note').innerHTML += html;
    if (entry[6]) { box.className += ' copied'; }
  }
  /* The data's address changes with its content: v/index.js names the build's stamp-data version and
     is asked for with a fresh query every time, so no browser, proxy or host cache can keep an old
     answer; the shard is then asked for under that version, so a voided stamp reads voided after a
     rebuild while an unchanged shard may still come from the cache. */
  window.ocopStampVersion = function (version) {
    load(root + 'v/' + serial.substr(0, 2) + '.js?v=' + enc(version));
  };
  load(root + 'v/index.js?t=' + new Date().getTime());
  /* Back and Forward may show this page from the browser's memory (the back-forward cache) with the answer
     it gave then: a stamp voided since would still read genuine. Shown that way, it asks again. */
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) { say('checking'); load(root + 'v/index.js?t=' + new Date().getTime()); }
  });

  function load(src) {
    var script = document.createElement('script');
    script.onerror = function () { say('offline'); };
    script.src = src;
    document.getElementsByTagName('head')[0].appendChild(script);
  }

  function say(key, values) {
    var html = '';
    for (var lang in MESSAGES) {
      if (MESSAGES.hasOwnProperty(lang)) {
        html += '<span class="' + lang + '">' + esc(fill(MESSAGES[lang][key], values || {})) + '</span>';
      }
    }
    document.getElementById('stamp-result').innerHTML = html;
    box.className = 'stamp ' + key;
    var note = '';
    if (key === 'genuine') {
      for (var l in MESSAGES) {
        if (MESSAGES.hasOwnProperty(l)) { note += '<span class="' + l + '">' + esc(MESSAGES[l].copies) + '</span>'; }
      }
    }
    document.getElementById('stamp-note').innerHTML = note;
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return values.hasOwnProperty(name) ? String(values[name]) : all; });
  }
  function esc(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function param(name) {
    var m = location.search.match(new RegExp('[?&]' + name + '=([^&#]*)'));
    return m ? dec(m[1].replace(/\+/g, ' ')) : '';
  }
  function dec(text) { try { return decodeURIComponent(text); } catch (e) { return text; } }
  function enc(text) { return encodeURIComponent(text); }
  function normalize(text) {
    return text.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1').replace(/[- ]/g, '');
  }

  /* SHA-256 of an ASCII string (FIPS 180-4), hex. */
  function sha256(ascii) {
    var K = [], H = [], i, j;
    var primes = 0;
    for (var candidate = 2; primes < 64; candidate++) {
      var isPrime = true;
      for (j = 2; j * j <= candidate; j++) { if (candidate % j === 0) { isPrime = false; break; } }
      if (isPrime) {
        if (primes < 8) { H[primes] = frac(Math.pow(candidate, 1 / 2)); }
        K[primes] = frac(Math.pow(candidate, 1 / 3));
        primes++;
      }
    }
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) | 0; }
    var bytes = [];
    for (i = 0; i < ascii.length; i++) { bytes.push(ascii.charCodeAt(i) & 0xff); }
    var bitLength = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) { bytes.push(0); }
    for (i = 7; i >= 0; i--) { bytes.push(i >= 4 ? 0 : (bitLength >>> (i * 8)) & 0xff); }
    var w = [];
    for (var offset = 0; offset < bytes.length; offset += 64) {
      for (i = 0; i < 16; i++) {
        w[i] = (bytes[offset + 4 * i] << 24) | (bytes[offset + 4 * i + 1] << 16) |
               (bytes[offset + 4 * i + 2] << 8) | bytes[offset + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    var hex = '';
    for (i = 0; i < 8; i++) { hex += ('00000000' + (H[i] >>> 0).toString(16)).slice(-8); }
    return hex;
  }
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
})();
