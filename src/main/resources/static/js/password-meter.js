// Help while typing on the password page: a strength meter (zxcvbn, served from this site) and show/hide.
// Everything here only adds to a page that works without it; the server's check decides.
(function () {
  'use strict';

  function start() {
    var password = document.getElementById('password');
    var confirm = document.getElementById('confirmPassword');
    var meter = document.getElementById('meter');
    var show = document.getElementById('show-password');
    if (!password) {
      return;
    }
    if (show && confirm) {
      var toggle = document.getElementById('show-passwords');
      show.hidden = false;
      toggle.addEventListener('change', function () {
        var type = toggle.checked ? 'text' : 'password';
        password.type = type;
        confirm.type = type;
      });
    }
    if (!meter || typeof window.zxcvbn !== 'function') {
      return;
    }
    var bar = document.getElementById('meter-bar');
    var text = document.getElementById('meter-text');
    var texts = document.getElementById('meter-texts').content.querySelectorAll('span');
    var minScore = parseInt(meter.getAttribute('data-min-score'), 10);
    var userInputs = [meter.getAttribute('data-user-inputs') || ''];
    meter.hidden = false;
    var described = password.getAttribute('aria-describedby') || '';
    password.setAttribute('aria-describedby', (described + ' meter-text').trim());

    password.addEventListener('input', function () {
      var value = password.value;
      if (value.length === 0) {
        bar.value = 0;
        text.textContent = texts[0].textContent;
        meter.removeAttribute('data-score');
        return;
      }
      // zxcvbn slows down on very long input; the server limits the length anyway.
      var score = window.zxcvbn(value.slice(0, 100), userInputs).score;
      bar.value = score;
      text.textContent = texts[score + 1].textContent;
      meter.setAttribute('data-score', String(score));
      meter.setAttribute('data-enough', String(score >= minScore));
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
