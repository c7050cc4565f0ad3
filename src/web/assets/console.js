// Linli console: live SLA countdowns, the board refreshed on ticket changes (server-sent events),
// and the sign-in page waiting for the bot's confirmation. Everything works without it, only less live.
(function () {
  'use strict';
  function words(ms) {
    var m = Math.floor(Math.abs(ms) / 60000);
    var w = m >= 1440 ? Math.floor(m / 1440) + '天' + Math.floor((m % 1440) / 60) + '小时'
      : m >= 60 ? Math.floor(m / 60) + '小时' + (m % 60) + '分'
      : m + '分' + (m < 10 ? Math.floor((Math.abs(ms) % 60000) / 1000) + '秒' : '');
    return (ms < 0 ? '超时 ' : '剩 ') + w;
  }
  var offset = 0;
  function syncClock() {
    var b = document.getElementById('board');
    if (b && b.dataset.now) offset = Date.parse(b.dataset.now) - Date.now();
  }
  function tick() {
    var now = Date.now() + offset;
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var ms = Date.parse(el.getAttribute('data-due')) - now;
      var left = el.querySelector('.left');
      if (left) left.textContent = words(ms);
      el.classList.toggle('late', ms < 0);
      var tr = el.closest('tr');
      if (tr) tr.classList.toggle('breached', ms < 0);
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    syncClock();
    tick();
    setInterval(tick, 1000);
    document.body.addEventListener('htmx:afterSwap', function () { syncClock(); tick(); });

    if (document.getElementById('board') && document.getElementById('live') && window.EventSource) {
      var pending = null;
      var es = new EventSource('/api/board/events');
      var live = document.getElementById('live');
      es.addEventListener('open', function () { live.classList.add('on'); });
      es.addEventListener('error', function () { live.classList.remove('on'); });
      es.addEventListener('ticket', function () {
        clearTimeout(pending);
        pending = setTimeout(function () {
          if (window.htmx) window.htmx.trigger(document.body, 'ticket-changed');
        }, 250);
      });
    }

    var code = document.getElementById('code');
    if (code && window.fetch) {
      var poll = setInterval(function () {
        fetch('/login/status', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (s) {
          if (s.state === 'signed-in') { clearInterval(poll); location.href = '/'; }
          if (s.state === 'none') { clearInterval(poll); code.textContent = '已过期，请刷新'; }
        }).catch(function () {});
      }, 1500);
    }
  });
})();
// the fee import: a chosen CSV file is read into the form's text field
document.addEventListener('DOMContentLoaded', function () {
  var file = document.getElementById('csv-file');
  var text = document.getElementById('csv-text');
  if (!file || !text || !window.FileReader) return;
  file.addEventListener('change', function () {
    var f = file.files && file.files[0];
    if (!f) return;
    var r = new FileReader();
    r.onload = function () { text.value = String(r.result); };
    r.readAsText(f, 'utf-8');
  });
});
