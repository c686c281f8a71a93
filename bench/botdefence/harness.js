// Times the real ALTCHA widget (the build's /altcha/ files) solving challenges at each cost level, in the browser
// that loads this page: each run mounts a fresh widget, asks it to verify, and waits for "verified". The time
// includes fetching the challenge from the bench's loopback server, as a user's would.
const out = document.getElementById('out');
const levels = JSON.parse(out.dataset.levels);
const runs = Number(out.dataset.runs);

function solveOnce(max) {
  return new Promise((resolve, reject) => {
    const widget = document.createElement('altcha-widget');
    widget.setAttribute('challengeurl', '/challenge?max=' + max);
    widget.setAttribute('workerurl', '/altcha/worker.js');
    widget.setAttribute('auto', 'off');
    widget.setAttribute('hidefooter', '');
    widget.setAttribute('hidelogo', '');
    let started;
    widget.addEventListener('statechange', (event) => {
      const state = event.detail.state;
      if (state === 'verified') {
        const took = performance.now() - started;
        widget.remove();
        resolve(took);
      } else if (state === 'error') {
        widget.remove();
        reject(new Error('widget error at maxnumber ' + max));
      }
    });
    document.body.appendChild(widget);
    setTimeout(() => {
      started = performance.now();
      widget.verify();
    }, 50);
  });
}

(async () => {
  await customElements.whenDefined('altcha-widget');
  const results = { workers: navigator.hardwareConcurrency, levels: {} };
  try {
    await solveOnce(levels[0]); // warm-up: worker start, JIT
    for (const max of levels) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        times.push(await solveOnce(max));
      }
      results.levels[max] = times;
    }
  } catch (e) {
    results.error = String(e);
  }
  out.textContent = JSON.stringify(results);
})();
