// Help while typing on the password page: a strength meter (zxcvbn, served from this site) and show/hide.
// Everything here only adds to a page that works without it; the server's check decides.
(function () {
  'use strict';

  // zxcvbn.js 4.4.2 (lib/feedback.js) gives its advice as English sentences only. Each maps to the key of the same
  // advice on the server (zxcvbn4j's), whose text the page carries in its own language (#meter-advice-texts).
  var ADVICE_KEYS = {
    'Use a few words, avoid common phrases': 'default.suggestions.useFewWords',
    'No need for symbols, digits, or uppercase letters': 'default.suggestions.noNeedSymbols',
    'Add another word or two. Uncommon words are better.': 'extra.suggestions.addAnotherWord',
    'Straight rows of keys are easy to guess': 'spatial.warning.straightRowsOfKeys',
    'Short keyboard patterns are easy to guess': 'spatial.warning.shortKeyboardPatterns',
    'Use a longer keyboard pattern with more turns': 'spatial.suggestions.UseLongerKeyboardPattern',
    'Repeats like "aaa" are easy to guess': 'repeat.warning.likeAAA',
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc"': 'repeat.warning.likeABCABCABC',
    'Avoid repeated words and characters': 'repeat.suggestions.avoidRepeatedWords',
    'Sequences like abc or 6543 are easy to guess': 'sequence.warning.likeABCor6543',
    'Avoid sequences': 'sequence.suggestions.avoidSequences',
    'Recent years are easy to guess': 'regex.warning.recentYears',
    // Two suggestions here, one on the server: both show its one text, once.
    'Avoid recent years': 'regex.suggestions.avoidRecentYears',
    'Avoid years that are associated with you': 'regex.suggestions.avoidRecentYears',
    'Dates are often easy to guess': 'date.warning.dates',
    'Avoid dates and years that are associated with you': 'date.suggestions.avoidDates',
    'This is a top-10 common password': 'dictionary.warning.passwords.top10',
    'This is a top-100 common password': 'dictionary.warning.passwords.top100',
    'This is a very common password': 'dictionary.warning.passwords.veryCommon',
    'This is similar to a commonly used password': 'dictionary.warning.passwords.similar',
    'A word by itself is easy to guess': 'dictionary.warning.englishWikipedia.itself',
    'Names and surnames by themselves are easy to guess': 'dictionary.warning.etc.namesThemselves',
    'Common names and surnames are easy to guess': 'dictionary.warning.etc.namesCommon',
    "Capitalization doesn't help very much": 'dictionary.suggestions.capitalization',
    'All-uppercase is almost as easy to guess as all-lowercase': 'dictionary.suggestions.allUppercase',
    "Reversed words aren't much harder to guess": 'dictionary.suggestions.reversed',
    "Predictable substitutions like '@' instead of 'a' don't help very much": 'dictionary.suggestions.l33t'
  };

  /** The page's texts of zxcvbn's advice, by key. */
  function adviceTexts() {
    var texts = {};
    var template = document.getElementById('meter-advice-texts');
    if (template) {
      var spans = template.content.querySelectorAll('span[data-key]');
      for (var i = 0; i < spans.length; i++) {
        texts[spans[i].getAttribute('data-key')] = spans[i].textContent;
      }
    }
    return texts;
  }

  /** zxcvbn.js's warning and suggestions in the page's language; advice it has no text for is left out. */
  function advise(feedback, texts) {
    var lines = [];
    var english = [feedback.warning].concat(feedback.suggestions || []);
    for (var i = 0; i < english.length; i++) {
      var text = texts[ADVICE_KEYS[english[i]]];
      if (text && lines.indexOf(text) < 0) {
        lines.push(text);
      }
    }
    return lines.join(' ');
  }

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
    var advice = document.getElementById('meter-advice');
    var advices = adviceTexts();
    var minScore = parseInt(meter.getAttribute('data-min-score'), 10);
    var userInputs = [meter.getAttribute('data-user-inputs') || ''];
    meter.hidden = false;
    var described = password.getAttribute('aria-describedby') || '';
    password.setAttribute('aria-describedby', (described + ' meter-text meter-advice').trim());

    password.addEventListener('input', function () {
      var value = password.value;
      if (value.length === 0) {
        bar.value = 0;
        text.textContent = texts[0].textContent;
        meter.removeAttribute('data-score');
        advice.textContent = '';
        advice.hidden = true;
        return;
      }
      // zxcvbn slows down on very long input; the server limits the length anyway.
      var result = window.zxcvbn(value.slice(0, 100), userInputs);
      var score = result.score;
      // Advice only while the password is not strong enough: it says what would make it so.
      advice.textContent = score < minScore ? advise(result.feedback, advices) : '';
      advice.hidden = advice.textContent === '';
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
