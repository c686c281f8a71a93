// The bot defence's widget (ALTCHA) shows its error state in the page's language (its "strings"), but puts the raw
// reason of a failed check in that text's tooltip, in English: "Failed to fetch", "Server responded with 403.". The
// page already says what went wrong, in its language; the tooltip adds nothing a person can use, so it goes.
(function () {
  'use strict';

  function dropErrorTooltips(widget) {
    var titled = widget.querySelectorAll('.altcha-error [title], .altcha-error[title]');
    for (var i = 0; i < titled.length; i++) {
      titled[i].removeAttribute('title');
    }
  }

  function start() {
    var widgets = document.querySelectorAll('altcha-widget');
    for (var i = 0; i < widgets.length; i++) {
      var widget = widgets[i];
      // The widget renders its error when a check fails, and sets the tooltip after: watch for both.
      new MutationObserver(dropErrorTooltips.bind(null, widget)).observe(widget,
          {subtree: true, childList: true, attributes: true, attributeFilter: ['title']});
      dropErrorTooltips(widget);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
